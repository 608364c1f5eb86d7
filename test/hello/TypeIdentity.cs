// Type identity: one RuntimeType per type, typeof(T) and GetType() agree, IsAssignableFrom.
// Exit code 100 when every check holds; otherwise the number of the first failing check.
using System;
using System.Collections.Generic;

class Base { }
class Derived : Base, IComparable<Derived> { public int CompareTo(Derived o) { return 0; } }

class TypeIdentity {
  static int Main() {
    if (typeof(string) != "x".GetType()) return 1;
    if (!object.ReferenceEquals(typeof(string), "y".GetType())) return 2;
    if (typeof(int) != ((object)5).GetType()) return 3;
    if (typeof(Derived) != new Derived().GetType()) return 4;
    if (typeof(Base) == typeof(Derived)) return 5;
    if (typeof(int[]) != new int[3].GetType()) return 6;
    if (typeof(List<int>) != new List<int>().GetType()) return 7;
    if (!typeof(Base).IsAssignableFrom(typeof(Derived))) return 8;
    if (typeof(Derived).IsAssignableFrom(typeof(Base))) return 9;
    if (!typeof(IComparable<Derived>).IsAssignableFrom(typeof(Derived))) return 10;
    if (!typeof(IEquatable<int>).IsAssignableFrom(typeof(int))) return 11;
    if (!typeof(object).IsAssignableFrom(typeof(int))) return 12;
    if (typeof(IEquatable<string>).IsAssignableFrom(typeof(int))) return 13;
    Type t = typeof(Dictionary<,>);
    if (t == null || t != typeof(Dictionary<,>)) return 14;
    return 100;
  }
}
