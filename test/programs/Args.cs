// Main(string[] args): the count and the null-ness of the real argument strings.
class Args {
  static int Main(string[] args) {
    int n = 0;
    for (int i = 0; i < args.Length; i++) if (args[i] != null) n++;
    return args.Length * 10 + n;
  }
}
