// Generics: instantiation over value and reference types, statics per instantiation, generic
// methods, generic virtual methods, generic interfaces, generic structs, inheritance from instantiations.
using System;
using System.Collections.Generic;

class Box<T> {
  public T Value;
  public static int Count;
  public Box(T v) { Value = v; Count++; }
  public T Get() { return Value; }
  public virtual int Kind() { return 1; }
}
class IntBox : Box<int> {
  public IntBox(int v) : base(v) { }
  public override int Kind() { return 2; }
}
class Pair<A, B> {
  public A First; public B Second;
  public Pair(A a, B b) { First = a; Second = b; }
  public Pair<B, A> Swap() { return new Pair<B, A>(Second, First); }
}
struct Wrapper<T> { public T Item; public int Tag; }
interface IGetter<T> { T Get(); }
class ConstGetter : IGetter<int>, IGetter<string> {
  int IGetter<int>.Get() { return 42; }
  string IGetter<string>.Get() { return "abc"; }
}
class Stack<T> {
  T[] items = new T[4]; int n;
  public void Push(T x) { if (n == items.Length) { T[] b = new T[n * 2]; for (int i = 0; i < n; i++) b[i] = items[i]; items = b; } items[n++] = x; }
  public T Pop() { return items[--n]; }
  public int Count { get { return n; } }
}
class Visitor {
  public virtual int Visit<T>(T x) { return 1; }
}
class SizeVisitor : Visitor {
  public override int Visit<T>(T x) { return x is int ? 100 : 200; }
}
// base.Visit<T> is a non-virtual call of the generic virtual method: it must not dispatch back here.
class CountingVisitor : SizeVisitor {
  public override int Visit<T>(T x) { return 10 + base.Visit<T>(x); }
}
class Holder<T> where T : class { public T Item; public bool IsNull() { return Item == null; } }
class Node<T> { public T Value; public Node<T> Next; }
interface IShape { int Area(); }
class Sq : IShape { public int Side = 3; public int Area() { return Side * Side; } }
class Factory<T> where T : IShape, new() { public int Make(T shape) { return shape.Area(); } }
struct Num : IComparable<Num> { public int V; public int CompareTo(Num o) { return V - o.V; } }
class Sorter<T> where T : struct, IComparable<T> { public int Cmp(T a, T b) { return a.CompareTo(b); } }

public class Generics {
  static T Identity<T>(T x) { return x; }
  static int CountTwice<T>(T a, T b) { return 2; }
  static B Second<A, B>(A a, B b) { return b; }
  static T[] MakeArray<T>(T x, int n) { T[] a = new T[n]; for (int i = 0; i < n; i++) a[i] = x; return a; }
  static void Swap<T>(ref T a, ref T b) { T t = a; a = b; b = t; }

  public static int test_5_box_int() { Box<int> b = new Box<int>(5); return b.Get(); }
  public static int test_3_box_string() { Box<string> b = new Box<string>("abc"); return b.Get().Length; }
  public static int test_7_box_long() { Box<long> b = new Box<long>(7L); return (int)b.Value; }
  public static int test_2_statics_per_instantiation() {
    int before = Box<double>.Count;
    new Box<double>(1); new Box<double>(2); new Box<byte>(3);
    return Box<double>.Count - before;
  }
  public static int test_2_derived_from_instantiation() { Box<int> b = new IntBox(9); return b.Kind(); }
  public static int test_9_derived_field() { IntBox b = new IntBox(9); return b.Get(); }
  public static int test_21_pair_swap() { Pair<int, string> p = new Pair<int, string>(1, "xx"); Pair<string, int> q = p.Swap(); return q.First.Length * 10 + q.Second; }
  public static int test_12_generic_struct() { Wrapper<long> w; w.Item = 10; w.Tag = 2; return (int)w.Item + w.Tag; }
  public static int test_8_generic_struct_of_struct() { Wrapper<Wrapper<int>> w = new Wrapper<Wrapper<int>>(); w.Item.Item = 8; return w.Item.Item; }
  public static int test_6_identity_int() { return Identity(6); }
  public static int test_4_identity_string() { return Identity("four").Length; }
  public static int test_2_two_type_args() { return Second<string, int>("a", 2); }
  public static int test_15_generic_array() { int[] a = MakeArray(5, 3); return a[0] + a[1] + a[2]; }
  public static int test_3_generic_ref_array() { string[] a = MakeArray("q", 3); return a.Length; }
  public static int test_21_swap_ref() { int a = 1, b = 2; Swap(ref a, ref b); return a * 10 + b; }
  public static int test_42_generic_interface_int() { IGetter<int> g = new ConstGetter(); return g.Get(); }
  public static int test_3_generic_interface_string() { IGetter<string> g = new ConstGetter(); return g.Get().Length; }
  public static int test_1_is_generic_interface() { object o = new ConstGetter(); return o is IGetter<int> ? 1 : 0; }
  public static int test_0_is_not_other_instantiation() { object o = new Box<int>(1); return o is Box<long> ? 1 : 0; }
  public static int test_1_is_same_instantiation() { object o = new Box<int>(1); return o is Box<int> ? 1 : 0; }
  public static int test_55_generic_stack() {
    Stack<int> s = new Stack<int>();
    for (int i = 1; i <= 10; i++) s.Push(i);
    int sum = 0; while (s.Count > 0) sum += s.Pop();
    return sum;
  }
  public static int test_6_generic_stack_strings() {
    Stack<string> s = new Stack<string>();
    s.Push("a"); s.Push("bb"); s.Push("ccc");
    return s.Pop().Length + s.Pop().Length + s.Pop().Length;
  }
  public static int test_300_generic_virtual_method() { Visitor v = new SizeVisitor(); return v.Visit(1) + v.Visit("s"); }
  public static int test_320_generic_virtual_base_call() { Visitor v = new CountingVisitor(); return v.Visit(1) + v.Visit("s"); }
  public static int test_1_generic_virtual_base() { Visitor v = new Visitor(); return v.Visit(1.5); }
  public static int test_1_class_constraint() { Holder<string> h = new Holder<string>(); return h.IsNull() ? 1 : 0; }
  public static int test_6_linked_nodes() {
    Node<int> a = new Node<int>(), b = new Node<int>();
    a.Value = 1; b.Value = 5; a.Next = b;
    return a.Value + a.Next.Value;
  }
  public static int test_9_constraint_new_and_interface() { return new Factory<Sq>().Make(new Sq()); }
  public static int test_4_constraint_struct_self_comparable() { Num a, b; a.V = 7; b.V = 3; return new Sorter<Num>().Cmp(a, b); }
  static T Max<T>(T a, T b) where T : IComparable<T> { return a.CompareTo(b) >= 0 ? a : b; }
  public static int test_7_constrained_call_on_int() { return Max(3, 7); }
  public static int test_6_corlib_list_of_int() { List<int> l = new List<int>(); l.Add(1); l.Add(2); l.Add(3); int s = 0; foreach (int x in l) s += x; return s; }
  public static int test_5_corlib_list_of_string() { List<string> l = new List<string> { "a", "bb", "cc" }; return l[1].Length + l.Count; }
  public static int test_2_count_twice() { return CountTwice(1.0, 2.0); }
}
