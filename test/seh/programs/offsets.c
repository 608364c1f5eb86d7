/* The SDK's own layouts (winnt.h as mingw-w64 ships it), printed so the test can compare them
   with loader/seh/layouts.ts. */
#include <windows.h>
#include <stddef.h>
#include <stdio.h>

#define SHOW(type, field) printf(#type "." #field " %u\n", (unsigned)offsetof(type, field))

int main(void) {
  printf("CONTEXT %u\n", (unsigned)sizeof(CONTEXT));
  SHOW(CONTEXT, ContextFlags);
  SHOW(CONTEXT, MxCsr);
  SHOW(CONTEXT, SegCs);
  SHOW(CONTEXT, EFlags);
  SHOW(CONTEXT, Rax);
  SHOW(CONTEXT, Rsp);
  SHOW(CONTEXT, R15);
  SHOW(CONTEXT, Rip);
  SHOW(CONTEXT, FltSave);
  SHOW(CONTEXT, Xmm0);
  SHOW(CONTEXT, Xmm15);
  printf("EXCEPTION_RECORD %u\n", (unsigned)sizeof(EXCEPTION_RECORD));
  SHOW(EXCEPTION_RECORD, ExceptionFlags);
  SHOW(EXCEPTION_RECORD, ExceptionRecord);
  SHOW(EXCEPTION_RECORD, ExceptionAddress);
  SHOW(EXCEPTION_RECORD, NumberParameters);
  SHOW(EXCEPTION_RECORD, ExceptionInformation);
  printf("DISPATCHER_CONTEXT %u\n", (unsigned)sizeof(DISPATCHER_CONTEXT));
  SHOW(DISPATCHER_CONTEXT, TargetIp);
  SHOW(DISPATCHER_CONTEXT, ContextRecord);
  SHOW(DISPATCHER_CONTEXT, HandlerData);
  SHOW(DISPATCHER_CONTEXT, HistoryTable);
  SHOW(DISPATCHER_CONTEXT, ScopeIndex);
  return 0;
}
