/* __C_specific_handler with a hand-written scope table (gcc has no __try): the function
   `scoped` (assembly below) does
       __try { __try { body(); *(int *)0 = 1; } __finally { fin(); } } __except (filter()) { except(); }
   The dispatcher must run the filter, then the __finally block (through RtlUnwindEx's unwind
   phase), then the __except block, in that order. */
#include <windows.h>
#include <stdio.h>

void trace_body(void) { printf("body\n"); }

LONG scope_filter(EXCEPTION_POINTERS *p, void *frame) {
  (void)frame;
  printf("filter: code=%08lx\n", p->ExceptionRecord->ExceptionCode);
  return EXCEPTION_EXECUTE_HANDLER;
}

void scope_finally(BOOLEAN abnormal, void *frame) {
  (void)frame;
  printf("finally: abnormal=%d\n", abnormal);
}

int trace_except(unsigned code) {
  printf("except: code=%08x\n", code);
  return 7;
}

int scoped(void);

__asm__(
    "  .text\n"
    "  .globl scoped\n"
    "  .def scoped; .scl 2; .type 32; .endef\n"
    "  .seh_proc scoped\n"
    "scoped:\n"
    "  pushq %rbp\n"
    "  .seh_pushreg %rbp\n"
    "  movq %rsp, %rbp\n"
    "  .seh_setframe %rbp, 0\n"
    "  subq $32, %rsp\n"
    "  .seh_stackalloc 32\n"
    "  .seh_endprologue\n"
    ".Ltry_begin:\n"
    "  call trace_body\n"
    "  xorl %eax, %eax\n"
    "  movl $1, (%rax)\n"
    "  nop\n"
    ".Ltry_end:\n"
    "  xorl %eax, %eax\n"
    "  jmp .Ldone\n"
    ".Lexcept:\n"
    "  movl %eax, %ecx\n"
    "  call trace_except\n"
    ".Ldone:\n"
    "  addq $32, %rsp\n"
    "  popq %rbp\n"
    "  ret\n"
    "  .seh_handler __C_specific_handler, @except, @unwind\n"
    "  .seh_handlerdata\n"
    "  .long 2\n"
    "  .rva .Ltry_begin, .Ltry_end, scope_finally\n"
    "  .long 0\n"
    "  .rva .Ltry_begin, .Ltry_end, scope_filter, .Lexcept\n"
    "  .text\n"
    "  .seh_endproc\n");

int main(void) {
  int r = scoped();
  printf("scoped returned %d\n", r);
  return r;
}
