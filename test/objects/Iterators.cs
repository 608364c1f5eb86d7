// Compiler-generated classes: iterators (yield return, generic iterators), closures captured by
// Action/Func delegates, and the class library's generic structs in a List<T>.
using System; using System.Collections.Generic;
public class Iterators {
  static IEnumerable<int> Range(int n) { for (int i = 0; i < n; i++) yield return i; }
  static IEnumerable<T> Twice<T>(T x) { yield return x; yield return x; }
  public static int test_10_yield() { int s = 0; foreach (int x in Range(5)) s += x; return s; }
  public static int test_6_yield_generic() { int s = 0; foreach (string x in Twice("abc")) s += x.Length; return s; }
  public static int test_3_list_of_struct() { var l = new List<KeyValuePair<int, string>>(); l.Add(new KeyValuePair<int, string>(1, "a")); l.Add(new KeyValuePair<int, string>(2, "b")); return l[0].Key + l[1].Key; }
  public static int test_4_action_closure() { int c = 0; Action a = () => c += 2; a(); a(); return c; }
  public static int test_9_func_generic() { Func<int, int, int> f = (x, y) => x * y; return f(3, 3); }
}
