/* Native frames between managed ones (NativeFrames.cs): functions that call a managed
   callback (a delegate marshalled as a function pointer) and one that raises a Windows SEH
   exception. Built by mingw-w64 without -fexceptions, so the frames have unwind data (.pdata)
   but no language handler, like most C code. */
#include <windows.h>

typedef int (*callback_t)(int);

/* A frame of its own with a local that must survive the callback: cb(cb(x)) + 1. */
__declspec(dllexport) int __cdecl apply_twice(callback_t cb, int x) {
  volatile int first = cb(x);
  volatile int second = cb(first);
  return second + 1;
}

/* One more native frame below apply_twice: the callback runs two native frames deep. */
__declspec(dllexport) int __cdecl apply_deep(callback_t cb, int x) {
  volatile int r = apply_twice(cb, x + 1);
  return r * 10;
}

/* RaiseException with a custom code (not a hardware fault, not a C++ exception). */
__declspec(dllexport) void __cdecl raise_error(DWORD code) {
  RaiseException(code, 0, 0, NULL);
}
