/* A native DLL beside the managed program: P/Invoke loads it from the application directory
   (LoadLibrary semantics) and runs its DllMain first. */
#include <windows.h>

static int attached;

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved)
{
    (void)instance; (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) attached = 1;
    return TRUE;
}

__declspec(dllexport) int add3(int a, int b, int c) { return a + b + c; }

__declspec(dllexport) int was_attached(void) { return attached; }

/* Counts the UTF-16 units of s: the "W" export that CharSet.Unicode probing finds first. */
__declspec(dllexport) int CountW(const wchar_t *s)
{
    int n = 0;
    while (s[n]) n++;
    return n;
}

/* The "A" export exists too, returning a different value so the test sees which one was bound. */
__declspec(dllexport) int CountA(const char *s)
{
    (void)s;
    return -1;
}

/* Sums an array of doubles: a pointer to the array's elements and its length. */
__declspec(dllexport) double sum(const double *values, int count)
{
    double total = 0;
    for (int i = 0; i < count; i++) total += values[i];
    return total;
}
