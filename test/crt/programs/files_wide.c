/* File functions without a mounted directory (clean errno failures), the current directory,
   wide-character output, div, and switching stdout to binary mode (no CR added after that). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <io.h>
#include <fcntl.h>
#include <direct.h>
#include <wchar.h>

int main(void) {
    errno = 0;
    FILE *f = fopen("C:\\data\\in.txt", "rb");
    printf("fopen r: %s errno %d (%s)\n", f ? "opened" : "NULL", errno, strerror(errno));
    errno = 0;
    f = fopen("out.txt", "w");
    printf("fopen w: %s errno %d\n", f ? "opened" : "NULL", errno);
    errno = 0;
    printf("remove %d errno %d, rename %d, access %d\n", remove("x"), errno, rename("a", "b"), _access("a", 0));
    printf("_open %d errno %d\n", _open("x", _O_RDONLY), errno);
    FILE *nul = fopen("NUL", "w");
    int put = fprintf(nul, "discarded %d\n", 1);
    int fd = _fileno(nul);
    int closed = fclose(nul);
    printf("NUL opened %d fd>2 %d wrote %d closed %d\n", nul != NULL, fd > 2, put, closed);
    int again = _close(fd);
    printf("fd closed again %d errno %d\n", again, errno);
    char cwd[260];
    printf("cwd %s\n", _getcwd(cwd, sizeof cwd));
    div_t d = div(-17, 5);
    printf("div %d %d\n", d.quot, d.rem);
    printf("system(NULL) %d\n", system(NULL));
    putwchar(L'W');
    putwchar(L'\n');
    _putws(L"wide line");
    wprintf(L"wprintf %d %s %hs\n", 5, L"w", "n");
    fflush(stdout);
    _setmode(_fileno(stdout), _O_BINARY);
    printf("binary\n");
    return 0;
}
