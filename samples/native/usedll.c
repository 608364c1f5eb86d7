/* usedll: calls mathlib.dll through its import table, then again through LoadLibrary/GetProcAddress. */
#include <windows.h>
#include <stdio.h>

__declspec(dllimport) int add(int a, int b);
__declspec(dllimport) long long multiply(long long a, long long b);
__declspec(dllimport) int attach_count(void);

typedef int (*int2_fn)(int, int);
typedef int (*int1_fn)(int);

int main(void) {
    printf("add(2, 3) = %d\n", add(2, 3));
    printf("multiply(6, 7) = %lld\n", multiply(6, 7));

    HMODULE h = LoadLibraryA("mathlib.dll");
    if (!h) {
        printf("LoadLibrary failed\n");
        return 1;
    }
    int2_fn add_ptr = (int2_fn)GetProcAddress(h, "add");
    int1_fn square_ptr = (int1_fn)GetProcAddress(h, (LPCSTR)(ULONG_PTR)7);
    printf("GetProcAddress(add)(40, 2) = %d\n", add_ptr ? add_ptr(40, 2) : -1);
    printf("GetProcAddress(#7)(9) = %d\n", square_ptr ? square_ptr(9) : -1);
    printf("GetProcAddress(missing) = %s\n", GetProcAddress(h, "no_such_export") ? "found" : "NULL");
    printf("attach_count = %d\n", attach_count());
    FreeLibrary(h);
    return 0;
}
