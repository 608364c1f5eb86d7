/* pebwalk: checks the TEB/PEB as guest code sees them through GS, then walks the PEB's
   InMemoryOrder module list the way position-independent code does. */
#include "rt.h"
#include <winternl.h>

typedef struct {
    LIST_ENTRY InLoadOrderLinks;
    LIST_ENTRY InMemoryOrderLinks;
    LIST_ENTRY InInitializationOrderLinks;
    void *DllBase;
    void *EntryPoint;
    ULONG SizeOfImage;
    UNICODE_STRING FullDllName;
    UNICODE_STRING BaseDllName;
} ENTRY;

void start(void) {
    unsigned long long self = __readgsqword(0x30), peb = __readgsqword(0x60);
    unsigned long long stackBase = __readgsqword(0x08), stackLimit = __readgsqword(0x10);
    unsigned long long sp = (unsigned long long)&self;
    out(self == (unsigned long long)NtCurrentTeb() ? "teb.self ok\n" : "teb.self BAD\n");
    out(stackLimit <= sp && sp < stackBase ? "stack bounds ok\n" : "stack bounds BAD\n");
    unsigned long long imageBase = *(unsigned long long *)(peb + 0x10);
    out(imageBase == (unsigned long long)GetModuleHandleA(0) ? "peb.ImageBaseAddress ok\n" : "peb.ImageBaseAddress BAD\n");
    void *ldr = *(void **)(peb + 0x18);
    LIST_ENTRY *head = (LIST_ENTRY *)((char *)ldr + 0x20);
    for (LIST_ENTRY *p = head->Flink; p != head; p = p->Flink) {
        ENTRY *e = (ENTRY *)((char *)p - 0x10);
        out_wide(e->BaseDllName.Buffer, e->BaseDllName.Length / 2);
        out(e->DllBase == (void *)GetModuleHandleW(e->BaseDllName.Buffer) ? " handle ok\n" : " handle BAD\n");
    }
    LIST_ENTRY *init = (LIST_ENTRY *)((char *)ldr + 0x30);
    out("init order:");
    for (LIST_ENTRY *p = init->Flink; p != init; p = p->Flink) {
        ENTRY *e = (ENTRY *)((char *)p - 0x20);
        out(" ");
        out_wide(e->BaseDllName.Buffer, e->BaseDllName.Length / 2);
    }
    out("\n");
    FARPROC gpa = GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetProcAddress");
    out(gpa == (FARPROC)GetProcAddress ? "GetProcAddress(GetProcAddress) ok\n" : "GetProcAddress(GetProcAddress) BAD\n");
    out(GetProcAddress(GetModuleHandleA("kernel32"), "NoSuchExport") == 0 && GetLastError() == ERROR_PROC_NOT_FOUND ? "missing export ok\n" : "missing export BAD\n");
    ExitProcess(0);
}
