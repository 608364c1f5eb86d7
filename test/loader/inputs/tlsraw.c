/* tlsraw: an implicit-TLS image without the C runtime. The TLS directory is written by hand (the
   linker points data directory 9 at the `_tls_used` symbol), so the test controls the template,
   the zero fill, the index slot and the callback order exactly. */
#include "rt.h"

ULONG _tls_index = 0xdeadbeef;
__attribute__((section(".tls"))) int tls_template[4] = {0x11111111, 0x22222222, 0x33333333, 0x44444444};

static void say(int which, PVOID h, DWORD reason) {
    out(which == 1 ? "callback 1 " : "callback 2 ");
    out(reason == DLL_PROCESS_ATTACH ? "attach" : reason == DLL_PROCESS_DETACH ? "detach" : "BAD reason");
    out(h == (PVOID)GetModuleHandleA(0) ? "\n" : " BAD module\n");
}
static void NTAPI first(PVOID h, DWORD reason, PVOID reserved) {
    (void)reserved;
    say(1, h, reason);
}
static void NTAPI second(PVOID h, DWORD reason, PVOID reserved) {
    (void)reserved;
    say(2, h, reason);
}

PIMAGE_TLS_CALLBACK tls_callbacks[] = {first, second, 0};

const IMAGE_TLS_DIRECTORY64 _tls_used = {
    (ULONGLONG)&tls_template[0], (ULONGLONG)&tls_template[4], (ULONGLONG)&_tls_index, (ULONGLONG)tls_callbacks, 16, 0,
};

void start(void) {
    void **array = (void **)__readgsqword(0x58);
    int *block = (int *)array[_tls_index];
    out(_tls_index == 0 ? "index 0\n" : "index BAD\n");
    out(block != tls_template ? "private copy\n" : "private copy BAD\n");
    int ok = block[0] == 0x11111111 && block[3] == 0x44444444;
    for (int i = 4; i < 8; i++) ok = ok && block[i] == 0;
    out(ok ? "template and zero fill ok\n" : "template BAD\n");
    block[0] = 5;
    out(tls_template[0] == 0x11111111 ? "template untouched\n" : "template BAD\n");
    ExitProcess(0);
}
