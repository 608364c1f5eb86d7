// An unhandled IndexOutOfRangeException (the runtime prints it and exits with the CLR's code).
class Throws {
  static int Main() { int[] a = new int[2]; return a[5]; }
}
