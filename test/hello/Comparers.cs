// EqualityComparer<T>.Default and Comparer<T>.Default through the class library's reflection
// (MakeGenericType, GetConstructors, InternalInvoke), and a Dictionary<int,string> built on them.
// Exit code 100 when every check holds; otherwise the number of the first failing check.
using System;
using System.Collections.Generic;

class Comparers {
  static int Main() {
    var ints = EqualityComparer<int>.Default;
    if (!ints.Equals(1, 1)) return 1;
    if (ints.Equals(1, 2)) return 2;
    if (!object.ReferenceEquals(ints, EqualityComparer<int>.Default)) return 3;
    if (ints.GetType().Name != "GenericEqualityComparer`1") return 4;
    if (!EqualityComparer<string>.Default.Equals("a", "a")) return 5;
    if (Comparer<int>.Default.Compare(1, 2) >= 0) return 6;
    var d = new Dictionary<int, string>();
    d[1] = "one";
    d[2] = "two";
    if (d.Count != 2 || d[2] != "two" || d.ContainsKey(3)) return 7;
    if (EqualityComparer<object>.Default.Equals(new object(), new object())) return 8;
    return 100;
  }
}
