/*
 * A function whose 64 KiB frame is probed by mingw's ___chkstk_ms, a helper without unwind data
 * that pushes RCX and RAX. On a stack smaller than the frame the probe faults inside the helper:
 * the stack walk must then find the way back to big_frame and main by scanning the stack.
 */
__attribute__((noinline)) int big_frame(int n) {
  volatile char buf[65536];
  buf[0] = (char)n;
  buf[n] = 1;
  return buf[0] + buf[n];
}

int main(int argc, char **argv) {
  (void)argv;
  return big_frame(argc);
}
