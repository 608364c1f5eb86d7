// The current AppDomain exists before Main, is one object, and is named after the executable.
// Exit code 100 when every check holds; otherwise the number of the first failing check.
using System;

class Domain {
  static int Main() {
    AppDomain d = AppDomain.CurrentDomain;
    if (d == null) return 1;
    if (!object.ReferenceEquals(d, AppDomain.CurrentDomain)) return 2;
    if (d.FriendlyName != "Domain.exe") return 3;
    return 100;
  }
}
