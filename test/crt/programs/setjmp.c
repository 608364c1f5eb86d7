/* setjmp/longjmp through msvcrt: a jump out of nested calls, the value delivered (0 becomes 1),
   and callee-saved state (a register-held local, a double) intact after the jump. */
#include <stdio.h>
#include <setjmp.h>

static jmp_buf env;
static int depth;

static void dive(int n) {
    depth = n;
    if (n == 3) longjmp(env, 42);
    dive(n + 1);
    printf("not reached\n");
}

int main(void) {
    volatile double kept = 2.5;
    volatile int rounds = 0;
    int r = setjmp(env);
    rounds++;
    printf("setjmp returned %d (round %d)\n", r, rounds);
    if (r == 0) dive(0);
    else if (r == 42) {
        printf("jumped from depth %d, kept %.1f\n", depth, kept);
        longjmp(env, 0);
    }
    printf("done after %d rounds\n", rounds);
    return 0;
}
