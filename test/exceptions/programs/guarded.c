/* A native frame with a language handler: gcc's cleanup attribute under -fexceptions registers a
   cleanup with gcc's SEH personality (UNW_FLAG_EHANDLER | UNW_FLAG_UHANDLER). The runtime does
   not call native handlers for a managed exception, so it refuses to unwind through this frame
   with a named error (NativeHandler.cs). */
typedef int (*callback_t)(int);
__declspec(dllexport) volatile int released;
static void release(int *p) { released += *p; }
__declspec(dllexport) int __cdecl apply_guarded(callback_t cb, int x) {
  __attribute__((cleanup(release))) int resource = 1;
  int r = cb(x);
  return r + resource;
}
