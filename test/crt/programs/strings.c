/* String, memory, conversion and ctype functions of msvcrt (built with -fno-builtin so the calls
   really reach the C runtime instead of being folded by the compiler). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ctype.h>
#include <errno.h>
#include <wchar.h>

int main(void) {
    char buf[64], other[64];
    char *end;
    strcpy(buf, "Hello");
    strcat(buf, ", world");
    printf("%s %u\n", buf, (unsigned)strlen(buf));
    printf("cmp %d %d %d %d\n", strcmp("abc", "abd"), strcmp("b", "a"), strcmp("x", "x"), strncmp("abcX", "abcY", 3));
    printf("icmp %d %d\n", _stricmp("HeLLo", "hello"), _strnicmp("ABx", "aby", 2));
    printf("chr %s | %s | %s\n", strchr(buf, 'o'), strrchr(buf, 'o'), strstr(buf, "wor"));
    printf("null chr %d %d\n", strchr(buf, 'q') == NULL, strstr(buf, "xyz") == NULL);
    printf("spn %u %u %s\n", (unsigned)strspn("aabbc", "ab"), (unsigned)strcspn("hello", "lo"), strpbrk("hello", "lo"));
    strncpy(other, "abcdef", 3);
    other[3] = 0;
    printf("strncpy %s\n", other);
    strcpy(other, "a,b,,c");
    for (char *t = strtok(other, ","); t; t = strtok(NULL, ",")) printf("tok[%s]", t);
    printf("\n");
    char *d = _strdup("dup");
    printf("strdup %s\n", d);
    free(d);
    memset(buf, '-', 5);
    buf[5] = 0;
    memmove(buf + 1, buf, 3);
    printf("mem %s %d %d\n", buf, memcmp("ab", "ac", 2), memchr("xyz", 'z', 3) != NULL);
    printf("strtol %ld %ld %ld %lu\n", strtol("  -123xyz", &end, 10), strtol("0x1F", NULL, 16), strtol("0777", NULL, 0), strtoul("-1", NULL, 10));
    printf("end [%s]\n", end);
    errno = 0;
    long big = strtol("99999999999", NULL, 10);
    printf("range %ld %d\n", big, errno == ERANGE);
    printf("atoi %d %d %I64d\n", atoi("42abc"), atoi("  -7"), _atoi64("123456789012"));
    printf("strtod %.3f %g %.2f\n", strtod("3.14159rest", &end), atof("1e3"), strtod("-.5", NULL));
    printf("rest [%s]\n", end);
    printf("ctype %d %d %d %d %c %c\n", isdigit('5') != 0, isalpha('5') != 0, isspace('\t') != 0, isupper('a') != 0, toupper('q'), tolower('Q'));
    printf("wcslen %u\n", (unsigned)wcslen(L"wide!"));
    char num[40];
    printf("itoa %s %s\n", _itoa(-255, num, 10), _itoa(255, other, 16));
    return 0;
}
