/* deepstack: touches 800 KiB of stack page by page (__chkstk), so the stack must grow through its
   guard page many times; with an argument it recurses forever and overflows. */
#include "rt.h"

static int __attribute__((noinline)) deep(volatile char *p, int depth) {
    volatile char buf[4000];
    buf[0] = (char)depth;
    if (depth == 0) return buf[0] + p[0];
    return deep(buf, depth - 1) + buf[0];
}

static int __attribute__((noinline)) forever(int depth) {
    volatile char buf[512];
    buf[0] = (char)depth;
    return forever(depth + 1) + buf[0];
}

static int has_word(const char *s, const char *w) {
    for (; *s; s++) {
        int i = 0;
        while (w[i] && s[i] == w[i]) i++;
        if (!w[i]) return 1;
    }
    return 0;
}

void start(void) {
    char c = 1;
    out("deep start\n");
    deep(&c, 200);
    out("deep done\n");
    if (has_word(GetCommandLineA(), "overflow")) forever(0);
    ExitProcess(0);
}
