/*
 * A native (mingw-w64) program on the same guest file system as the managed ones: it writes,
 * reads, seeks, stats, lists, moves and deletes files under the folder named by argv[1] with the
 * kernel32 file API alone, and prints what Windows would answer (last errors as numbers, each
 * read in its own statement: C leaves the order of a call's arguments unspecified).
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static wchar_t dir[MAX_PATH];

static const wchar_t *at(const wchar_t *name) {
    static wchar_t buf[2][MAX_PATH];
    static int which;
    which ^= 1;
    swprintf(buf[which], MAX_PATH, L"%ls\\%ls", dir, name);
    return buf[which];
}

int main(int argc, char **argv) {
    if (argc < 2) return 2;
    MultiByteToWideChar(CP_ACP, 0, argv[1], -1, dir, MAX_PATH);

    HANDLE h = CreateFileW(at(L"native.txt"), GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    DWORD n = 0;
    WriteFile(h, "0123456789abcdef", 16, &n, NULL);
    CloseHandle(h);
    printf("wrote %lu\n", n);

    h = CreateFileW(at(L"native.txt"), GENERIC_WRITE, 0, NULL, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, NULL);
    printf("create again: %s %lu\n", h == INVALID_HANDLE_VALUE ? "failed" : "opened", GetLastError());

    h = CreateFileW(at(L"NATIVE.TXT"), GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
    LARGE_INTEGER size, pos, to;
    GetFileSizeEx(h, &size);
    to.QuadPart = 10;
    SetFilePointerEx(h, to, &pos, FILE_BEGIN);
    char buf[32] = {0};
    ReadFile(h, buf, sizeof buf - 1, &n, NULL);
    printf("size %lld, read %lu from %lld: %s\n", size.QuadPart, n, pos.QuadPart, buf);
    ReadFile(h, buf, 4, &n, NULL);
    printf("at end: %lu\n", n);
    CloseHandle(h);

    CreateDirectoryW(at(L"sub"), NULL);
    BOOL ok = CreateDirectoryW(at(L"sub"), NULL);
    printf("mkdir again: %d %lu\n", ok, GetLastError());
    printf("move: %d\n", MoveFileExW(at(L"native.txt"), at(L"sub\\moved.txt"), 0));
    printf("copy: %d\n", CopyFileW(at(L"sub\\moved.txt"), at(L"copy.txt"), TRUE));

    WIN32_FILE_ATTRIBUTE_DATA data;
    GetFileAttributesExW(at(L"sub"), GetFileExInfoStandard, &data);
    printf("sub is a directory: %d\n", (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0);
    DWORD attrs = GetFileAttributesW(at(L"missing.txt"));
    printf("missing: %lx %lu\n", attrs, GetLastError());
    attrs = GetFileAttributesW(at(L"nodir\\x.txt"));
    printf("missing dir: %lx %lu\n", attrs, GetLastError());

    WIN32_FIND_DATAW fd;
    HANDLE f = FindFirstFileW(at(L"*"), &fd);
    do {
        printf("  %ls%s %lu\n", fd.cFileName, fd.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY ? "\\" : "", fd.nFileSizeLow);
    } while (FindNextFileW(f, &fd));
    printf("end of list: %lu\n", GetLastError());
    FindClose(f);

    ok = RemoveDirectoryW(at(L"sub"));
    printf("rmdir non-empty: %d %lu\n", ok, GetLastError());
    DeleteFileW(at(L"sub\\moved.txt"));
    printf("rmdir: %d\n", RemoveDirectoryW(at(L"sub")));

    wchar_t full[MAX_PATH], *part;
    GetFullPathNameW(L"C:\\x\\..\\y\\.\\z.txt", MAX_PATH, full, &part);
    printf("full path %ls, file part %ls\n", full, part);
    h = CreateFileW(L"C:\\Windows\\win.ini", GENERIC_READ, 0, NULL, OPEN_EXISTING, 0, NULL);
    printf("outside: %s %lu\n", h == INVALID_HANDLE_VALUE ? "failed" : "opened", GetLastError());
    return 0;
}
