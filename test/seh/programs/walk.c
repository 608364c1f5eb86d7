/* The unwinder API from guest code: RtlCaptureContext, RtlLookupFunctionEntry and
   RtlVirtualUnwind walk this program's own stack (depth3 → depth2 → depth1 → main). With
   "badunwind", RtlUnwindEx is asked for a target frame that is not on the stack
   (STATUS_INVALID_UNWIND_TARGET ends the process). */
#include <windows.h>
#include <stdio.h>
#include <string.h>

int depth1(int), depth2(int), depth3(int);
int main(int argc, char **argv);

static const char *name_of(DWORD64 begin, DWORD64 base) {
  struct { const char *name; void *fn; } known[] = {
      {"depth3", (void *)depth3}, {"depth2", (void *)depth2}, {"depth1", (void *)depth1}, {"main", (void *)main}};
  for (int i = 0; i < 4; i++)
    if (base + begin == (DWORD64)known[i].fn) return known[i].name;
  return "?";
}

__attribute__((noinline)) int depth3(int x) {
  CONTEXT ctx;
  memset(&ctx, 0, sizeof ctx);
  RtlCaptureContext(&ctx);
  for (int frame = 0; frame < 4 && ctx.Rip != 0; frame++) {
    DWORD64 base = 0;
    PRUNTIME_FUNCTION f = RtlLookupFunctionEntry(ctx.Rip, &base, NULL);
    if (!f) {
      printf("no function entry\n");
      break;
    }
    printf("frame %d: %s\n", frame, name_of(f->BeginAddress, base));
    void *data = NULL;
    DWORD64 establisher = 0;
    RtlVirtualUnwind(UNW_FLAG_NHANDLER, base, ctx.Rip, f, &ctx, &data, &establisher, NULL);
  }
  return x + 3;
}

__attribute__((noinline)) int depth2(int x) { return depth3(x + 2) * 2; }
__attribute__((noinline)) int depth1(int x) { return depth2(x + 1) * 3; }

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "badunwind") == 0) {
    CONTEXT ctx;
    printf("unwinding to a frame that does not exist\n");
    fflush(stdout);
    RtlUnwindEx((void *)0x10, (void *)main, NULL, NULL, &ctx, NULL);
    printf("not reached\n");
    return 1;
  }
  int r = depth1(1);
  printf("result %d\n", r);
  return 0;
}
