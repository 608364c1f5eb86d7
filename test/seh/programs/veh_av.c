/* A null write caught by a vectored handler that repairs the context and continues:
   the faulting store is retried with RAX pointing at a real buffer. */
#include <windows.h>
#include <stdio.h>
#include <stdlib.h>

static volatile int buffer;
static int calls;

static LONG CALLBACK fix_null_store(EXCEPTION_POINTERS *p) {
  EXCEPTION_RECORD *r = p->ExceptionRecord;
  calls++;
  printf("handler: code=%08lx params=%lu write=%llu address=%llx\n", r->ExceptionCode, r->NumberParameters,
         (unsigned long long)r->ExceptionInformation[0], (unsigned long long)r->ExceptionInformation[1]);
  if (r->ExceptionCode != EXCEPTION_ACCESS_VIOLATION) return EXCEPTION_CONTINUE_SEARCH;
  if ((void *)r->ExceptionAddress != (void *)p->ContextRecord->Rip) printf("handler: address differs from Rip\n");
  p->ContextRecord->Rax = (DWORD64)&buffer;
  return EXCEPTION_CONTINUE_EXECUTION;
}

/* Continues by RtlRestoreContext instead of returning, as some runtimes do. */
static LONG CALLBACK restore_instead(EXCEPTION_POINTERS *p) {
  printf("restoring handler: code=%08lx\n", p->ExceptionRecord->ExceptionCode);
  p->ContextRecord->Rax = (DWORD64)&buffer;
  RtlRestoreContext(p->ContextRecord, NULL);
  printf("not reached\n");
  return EXCEPTION_CONTINUE_SEARCH;
}

static LONG CALLBACK never_first(EXCEPTION_POINTERS *p) {
  (void)p;
  printf("removed handler ran\n");
  return EXCEPTION_CONTINUE_SEARCH;
}

int main(int argc, char **argv) {
  if (argc > 1 && argv[1][0] == 'r') {
    AddVectoredExceptionHandler(1, restore_instead);
    __asm__ volatile("xor %%eax, %%eax\n\tmovl $43, (%%rax)" ::: "rax", "memory");
    printf("after the fault: buffer=%d\n", buffer);
    /* Resumed in the thread's own run (not inside the handler's call): a second fault is dispatched too. */
    __asm__ volatile("xor %%eax, %%eax\n\tmovl $44, (%%rax)" ::: "rax", "memory");
    printf("after the second fault: buffer=%d\n", buffer);
    return 0;
  }
  if (argc > 1) {
    /* A fault with no usable stack: the dispatcher has nowhere to put the exception records,
       so no handler runs and the fault ends the process at the faulting instruction. */
    AddVectoredExceptionHandler(1, fix_null_store);
    extern char badstack_push[];
    printf("faulting with rsp=0 at %p\n", (void *)badstack_push);
    fflush(stdout);
    __asm__ volatile("xor %%esp, %%esp\n\t.globl badstack_push\nbadstack_push:\n\tpushq %%rax" ::: "memory");
    return 1;
  }
  void *h = AddVectoredExceptionHandler(1, fix_null_store);
  void *gone = AddVectoredExceptionHandler(1, never_first);
  ULONG removed = RemoveVectoredExceptionHandler(gone);
  ULONG removedAgain = RemoveVectoredExceptionHandler(gone);
  printf("added: %d, removed: %lu, removed again: %lu\n", h != NULL, removed, removedAgain);
  __asm__ volatile("xor %%eax, %%eax\n\tmovl $42, (%%rax)" ::: "rax", "memory");
  printf("after the fault: buffer=%d, handler calls=%d\n", buffer, calls);
  RemoveVectoredExceptionHandler(h);
  return 0;
}
