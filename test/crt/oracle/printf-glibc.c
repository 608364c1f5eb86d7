/* Host (glibc) oracle for the msvcrt printf engine: prints random printf cases, chosen only where
   glibc and msvcrt agree apart from the exponent's width (msvcrt prints at least three digits;
   cases with an exponent therefore have no field width). One case per line, tab-separated:
   kind, format, argument (decimal integer, double bits in hex, or string index), glibc output.
   Regenerate the golden file with CLREMU_BLESS=1 (the test compiles and runs this with gcc). */
#include <stdio.h>
#include <string.h>
#include <stdint.h>

static uint64_t state = 0x2545F4914F6CDD1DULL;
static uint64_t next(void) { state ^= state << 13; state ^= state >> 7; state ^= state << 17; return state; }
static int pick(int n) { return (int)(next() % (uint64_t)n); }

static const char *strings[] = {"", "a", "hello", "Hello, World", "tab\there", "12345678901234567890"};

static void flags(char *f, int allowHash) {
    const char *all = allowHash ? "-+ #0" : "-+ 0";
    for (const char *p = all; *p; p++) if (pick(4) == 0) { size_t n = strlen(f); f[n] = *p; f[n + 1] = 0; }
}

int main(void) {
    char fmt[64], out[512];
    for (int i = 0; i < 3000; i++) {
        int kind = pick(4);
        strcpy(fmt, "%");
        if (kind == 0) { /* integers */
            static const char *conv[] = {"d", "i", "u", "x", "X", "o"};
            static const char *len[] = {"", "h", "hh", "ll"};
            const char *c = conv[pick(6)], *l = len[pick(4)];
            flags(fmt, c[0] != 'd' && c[0] != 'i' && c[0] != 'u');
            if (pick(2)) sprintf(fmt + strlen(fmt), "%d", pick(20));
            if (pick(3) == 0) sprintf(fmt + strlen(fmt), ".%d", pick(12));
            strcat(fmt, l); strcat(fmt, c);
            int64_t v = (int64_t)next() >> pick(63);
            if (!strcmp(l, "ll")) snprintf(out, sizeof out, fmt, (long long)v);
            else snprintf(out, sizeof out, fmt, (int)v);
            printf("i\t%s\t%lld\t%s\n", fmt, (long long)(strcmp(l, "ll") ? (int64_t)(int)v : v), out);
        } else if (kind == 1) { /* strings and characters */
            int s = pick(6);
            flags(fmt, 0);
            if (pick(2)) sprintf(fmt + strlen(fmt), "%d", pick(25));
            if (pick(2)) { if (pick(2)) sprintf(fmt + strlen(fmt), ".%d", pick(15)); strcat(fmt, "s"); snprintf(out, sizeof out, fmt, strings[s]); printf("s\t%s\t%d\t%s\n", fmt, s, out); }
            else { strcat(fmt, "c"); int ch = 33 + pick(94); snprintf(out, sizeof out, fmt, ch); printf("c\t%s\t%d\t%s\n", fmt, ch, out); }
        } else { /* doubles: at most 16 significant digits are ever asked for */
            double v = (double)(next() >> 11) / 9007199254740992.0;
            int e = pick(17) - 8;
            for (int k = 0; k < (e < 0 ? -e : e); k++) v = e < 0 ? v / 10 : v * 10;
            if (pick(2)) v = -v;
            int conv = pick(3);
            flags(fmt, 1);
            if (conv == 0) {
                if (pick(2)) sprintf(fmt + strlen(fmt), "%d", pick(20));
                int p = pick(8);
                if (pick(4)) sprintf(fmt + strlen(fmt), ".%d", p);
                strcat(fmt, "f");
            } else if (conv == 1) {
                if (pick(4)) sprintf(fmt + strlen(fmt), ".%d", pick(13));
                strcat(fmt, pick(2) ? "e" : "E");
            } else {
                if (pick(4)) sprintf(fmt + strlen(fmt), ".%d", 1 + pick(14));
                strcat(fmt, pick(2) ? "g" : "G");
            }
            uint64_t bits; memcpy(&bits, &v, 8);
            snprintf(out, sizeof out, fmt, v);
            printf("f\t%s\t%016llx\t%s\n", fmt, (unsigned long long)bits, out);
        }
    }
    return 0;
}
