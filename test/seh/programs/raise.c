/* RaiseException with a custom code caught by a vectored handler. With "noncontinuable" the
   exception is raised EXCEPTION_NONCONTINUABLE: continuing it raises
   STATUS_NONCONTINUABLE_EXCEPTION, which nobody handles. With "nested" the handler raises a
   second exception while handling the first. */
#include <windows.h>
#include <stdio.h>
#include <string.h>

static int nested_mode;

static LONG CALLBACK handler(EXCEPTION_POINTERS *p) {
  EXCEPTION_RECORD *r = p->ExceptionRecord;
  printf("handler: code=%08lx flags=%lu params=%lu", r->ExceptionCode, r->ExceptionFlags, r->NumberParameters);
  for (DWORD i = 0; i < r->NumberParameters; i++) printf(" %llu", (unsigned long long)r->ExceptionInformation[i]);
  if (r->ExceptionRecord) printf(" nested=%08lx", r->ExceptionRecord->ExceptionCode);
  printf("\n");
  fflush(stdout);
  if (r->ExceptionCode == 0xE0005678) return EXCEPTION_CONTINUE_EXECUTION;
  if (r->ExceptionCode == 0xE0001234 && nested_mode) {
    /* An exception raised inside the handler is dispatched on its own, and this handler sees it. */
    RaiseException(0xE0005678, 0, 0, NULL);
    printf("handler: nested exception continued\n");
  }
  if (r->ExceptionCode == 0xE0001234) {
    p->ContextRecord->Rbx = p->ContextRecord->Rbx; /* the context is the raiser's own */
    return EXCEPTION_CONTINUE_EXECUTION;
  }
  return EXCEPTION_CONTINUE_SEARCH;
}

int main(int argc, char **argv) {
  int noncontinuable = argc > 1 && strcmp(argv[1], "noncontinuable") == 0;
  nested_mode = argc > 1 && strcmp(argv[1], "nested") == 0;
  ULONG_PTR args[3] = {11, 22, 33};
  AddVectoredExceptionHandler(1, handler);
  RaiseException(0xE0001234, noncontinuable ? EXCEPTION_NONCONTINUABLE : 0, 3, args);
  printf("continued after RaiseException\n");
  RaiseException(0xE0001234, 0, 0, NULL);
  printf("continued again\n");
  return 4;
}
