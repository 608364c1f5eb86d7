/* A function table added at run time (RtlAddFunctionTable) for code in VirtualAlloc'd memory,
   whose unwind info names a language handler that repairs the fault and continues; an int3
   handled by the unhandled-exception filter; the same range through RtlInstallFunctionTableCallback;
   then, with the table and the callback deleted, the same fault is
   unhandled and ends the process with STATUS_ACCESS_VIOLATION at the faulting instruction. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static unsigned char *code;

static EXCEPTION_DISPOSITION handler(EXCEPTION_RECORD *r, void *frame, CONTEXT *ctx, DISPATCHER_CONTEXT *d) {
  printf("handler: code=%08lx flags=%lu pc=+%llx imagebase ok=%d entry begin=%lu frame ok=%d\n", r->ExceptionCode,
         r->ExceptionFlags, (unsigned long long)(d->ControlPc - (DWORD64)code), d->ImageBase == (DWORD64)code,
         d->FunctionEntry->BeginAddress, (DWORD64)frame == ctx->Rsp);
  ctx->Rip += 6; /* skip `mov dword [rax], 1` */
  return ExceptionContinueExecution;
}

static LONG WINAPI top_filter(EXCEPTION_POINTERS *p) {
  printf("filter: code=%08lx at +%llx\n", p->ExceptionRecord->ExceptionCode,
         (unsigned long long)((DWORD64)p->ExceptionRecord->ExceptionAddress - (DWORD64)code));
  if (p->ExceptionRecord->ExceptionCode != EXCEPTION_BREAKPOINT) return EXCEPTION_CONTINUE_SEARCH;
  p->ContextRecord->Rip += 1;
  return EXCEPTION_CONTINUE_EXECUTION;
}

static int callback_calls;

static PRUNTIME_FUNCTION CALLBACK entry_for(DWORD64 pc, PVOID context) {
  callback_calls++;
  PRUNTIME_FUNCTION entry = context;
  return pc - (DWORD64)code < entry->EndAddress ? entry : NULL;
}

int main(void) {
  static const unsigned char body[] = {
      0x48, 0x83, 0xEC, 0x28,             /* +0  sub rsp, 0x28 */
      0x31, 0xC0,                         /* +4  xor eax, eax */
      0xC7, 0x00, 0x01, 0x00, 0x00, 0x00, /* +6  mov dword [rax], 1 */
      0xB8, 0x05, 0x00, 0x00, 0x00,       /* +12 mov eax, 5 */
      0x48, 0x83, 0xC4, 0x28,             /* +17 add rsp, 0x28 */
      0xC3,                               /* +21 ret */
  };
  static const unsigned char breakpoint[] = {0xCC, 0xB8, 0x09, 0x00, 0x00, 0x00, 0xC3}; /* int3; mov eax, 9; ret */
  code = VirtualAlloc(NULL, 0x1000, MEM_COMMIT | MEM_RESERVE, PAGE_EXECUTE_READWRITE);
  memcpy(code, body, sizeof body);
  /* +0x40: mov rax, handler; jmp rax (the handler's RVA must lie inside the table's image) */
  code[0x40] = 0x48;
  code[0x41] = 0xB8;
  DWORD64 target = (DWORD64)handler;
  memcpy(code + 0x42, &target, 8);
  code[0x4A] = 0xFF;
  code[0x4B] = 0xE0;
  /* +0x80: UNWIND_INFO v1, UNW_FLAG_EHANDLER, prolog 4 bytes, one code: UWOP_ALLOC_SMALL 0x28 at +4 */
  static const unsigned char info[] = {0x09, 0x04, 0x01, 0x00, 0x04, 0x42, 0x00, 0x00, 0x40, 0x00, 0x00, 0x00};
  memcpy(code + 0x80, info, sizeof info);
  RUNTIME_FUNCTION *table = (RUNTIME_FUNCTION *)(code + 0xA0);
  table->BeginAddress = 0;
  table->EndAddress = sizeof body;
  table->UnwindData = 0x80;
  memcpy(code + 0xC0, breakpoint, sizeof breakpoint);

  printf("added: %d\n", RtlAddFunctionTable(table, 1, (DWORD64)code));
  DWORD64 base = 0;
  printf("lookup: %d\n", RtlLookupFunctionEntry((DWORD64)code + 6, &base, NULL) == table && base == (DWORD64)code);
  int r = ((int (*)(void))code)();
  printf("returned %d\n", r);

  LPTOP_LEVEL_EXCEPTION_FILTER previous = SetUnhandledExceptionFilter(top_filter);
  r = ((int (*)(void))(code + 0xC0))();
  printf("after breakpoint %d\n", r);
  SetUnhandledExceptionFilter(previous);

  printf("deleted: %d\n", RtlDeleteFunctionTable(table));

  /* The same range served by a callback instead of a registered table. */
  DWORD64 identifier = (DWORD64)code | 3;
  printf("callback installed: %d, bad identifier refused: %d\n",
         RtlInstallFunctionTableCallback(identifier, (DWORD64)code, 0x100, entry_for, table, NULL),
         !RtlInstallFunctionTableCallback((DWORD64)code, (DWORD64)code, 0x100, entry_for, table, NULL));
  r = ((int (*)(void))code)();
  printf("returned %d, callback calls %d\n", r, callback_calls > 0);
  printf("callback deleted: %d\n", RtlDeleteFunctionTable((PRUNTIME_FUNCTION)identifier));
  fflush(stdout);
  ((int (*)(void))code)();
  printf("not reached\n");
  return 0;
}
