// Strings as real objects: constructors (newobj string::.ctor becomes String.CreateString),
// length, indexing, identity of literals, strings in arrays and fields, casts.
using System;

public class Strings {
  static string field = "static";
  public static int test_3_ctor_char_array() { string s = new string(new char[] { 'a', 'b', 'c' }); return s.Length; }
  public static int test_98_ctor_index() { string s = new string(new char[] { 'a', 'b', 'c' }); return s[1]; }
  public static int test_5_ctor_repeat() { string s = new string('x', 5); return s.Length; }
  public static int test_120_ctor_repeat_char() { return new string('x', 2)[1]; }
  public static int test_2_ctor_range() { string s = new string(new char[] { 'a', 'b', 'c', 'd' }, 1, 2); return s.Length; }
  public static int test_1_literal_identity() { object a = "lit", b = "lit"; return ReferenceEquals(a, b) ? 1 : 0; }
  public static int test_6_static_field() { return field.Length; }
  public static int test_1_is_string() { object o = "s"; return o is string && !(o is Array) ? 1 : 0; }
  public static int test_4_string_array() { string[] a = { "ab", "cd" }; return a[0].Length + a[1].Length; }
  public static int test_0_empty_length() { return string.Empty.Length; }
}
