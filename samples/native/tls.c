/* tls: two TLS callbacks run in the order the TLS directory lists them, before main;
   a __thread variable lives in the thread's TLS block. */
#include <windows.h>
#include <stdio.h>

static __thread int counter = 41;

static void NTAPI first_callback(PVOID module, DWORD reason, PVOID reserved) {
    (void)module;
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) printf("tls callback 1: process attach\n");
}

static void NTAPI second_callback(PVOID module, DWORD reason, PVOID reserved) {
    (void)module;
    (void)reserved;
    if (reason == DLL_PROCESS_ATTACH) printf("tls callback 2: process attach\n");
}

/* The CRT's TLS directory collects pointers placed in .CRT$XLx, ordered by section name; the CRT
   itself uses XLC and XLD, so ours come after its own. */
__attribute__((section(".CRT$XLE"), used)) PIMAGE_TLS_CALLBACK tls_callback_1 = first_callback;
__attribute__((section(".CRT$XLF"), used)) PIMAGE_TLS_CALLBACK tls_callback_2 = second_callback;

int main(void) {
    counter++;
    printf("main: thread-local counter = %d\n", counter);
    return 0;
}
