// More than the managed heap can hold (its reservation is 1 GiB): an OutOfMemoryException,
// not a host error.
class OutOfMemory {
  static int Main() {
    long[] huge = new long[200000000];
    return huge.Length == 0 ? 1 : 2;
  }
}
