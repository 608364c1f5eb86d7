// void Main: the exit code is 0 whatever Main computes.
class VoidMain {
  static int sink;
  static void Main() { for (int i = 0; i < 10; i++) sink += i; }
}
