/* faultdll: an export that reads through the pointer it is given; called with a bad pointer, the
   fault happens inside this DLL. */
__declspec(dllexport) int __attribute__((noinline)) read_through(volatile int *p) {
    return *p + 1;
}
