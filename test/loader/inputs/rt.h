/* A tiny freestanding runtime for loader tests: no C runtime, only kernel32, so these programs
   exercise the loader (imports, PEB/TEB, stack) without depending on msvcrt. */
#include <windows.h>

static void out(const char *s) {
    DWORD n, len = 0;
    while (s[len]) len++;
    WriteFile(GetStdHandle(STD_OUTPUT_HANDLE), s, len, &n, 0);
}

static void out_hex(unsigned long long v) {
    char buf[19];
    buf[0] = '0';
    buf[1] = 'x';
    for (int i = 0; i < 16; i++) {
        int d = (int)((v >> (60 - 4 * i)) & 0xf);
        buf[2 + i] = (char)(d < 10 ? '0' + d : 'a' + d - 10);
    }
    buf[18] = 0;
    out(buf);
}

static void out_wide(const WCHAR *s, int chars) {
    char buf[260];
    int n = 0;
    for (; n < chars && n < 259; n++) buf[n] = (char)s[n];
    buf[n] = 0;
    out(buf);
}
