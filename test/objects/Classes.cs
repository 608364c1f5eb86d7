// Classes: inheritance, vtable layout (newslot/override), abstract and sealed, base calls,
// castclass/isinst on classes and arrays (covariance), static constructors (precise and beforefieldinit).
using System;

abstract class Shape {
  public abstract int Area();
  public virtual int Sides() { return 0; }
  public int Describe() { return Area() * 100 + Sides(); }
}
class Rect : Shape {
  protected int W, H;
  public Rect(int w, int h) { W = w; H = h; }
  public override int Area() { return W * H; }
  public override int Sides() { return 4; }
}
sealed class Square : Rect {
  public Square(int s) : base(s, s) { }
  public override int Sides() { return base.Sides() + 10; }
}
class Tri : Shape {
  public override int Area() { return 3; }
  public override int Sides() { return 3; }
}

class A { public virtual int F() { return 1; } public int CallF() { return F(); } }
class B : A { public override int F() { return 2; } }
class C : B { public new virtual int F() { return 3; } }
class D : C { public override int F() { return 4; } }

class Counter { public static int Value; public int Instance; }

class Precise {
  public static int Touched;
  public static int X;
  static Precise() { X = 5; Touched++; }
  public static int Get() { return X; }
}
class Lazy {
  public static int Y = Init();
  static int Init() { Classes.log = Classes.log * 10 + 1; return 9; }
}
class Order1 { public static int V; static Order1() { Classes.log = Classes.log * 10 + 2; V = 1; } }
class Order2 { public static int V; static Order2() { Classes.log = Classes.log * 10 + 3; V = Order1.V + 1; } }

struct PreciseStruct {
  public static int Ran;
  public int V;
  static PreciseStruct() { Ran++; Classes.structLog = 7; }
  public int Get() { return V + 1; }
}
class PerInstantiation<T> {
  public static int Ran;
  static PerInstantiation() { Ran++; Classes.genericLog++; }
  public static int Touch() { return Ran; }
}
class SideEffectPrecise {
  static SideEffectPrecise() { Classes.sideLog = 5; }
  public static void Nothing() { }
}
class Outer {
  int secret = 40;
  public class Inner { public int Get(Outer o) { return o.secret + 2; } }
  public class Nested<T> { public T Item; public class Deeper { public int V = 3; } }
  public struct Point { public int X; }
}
class WithCtorCount { public static int Made; public int Id; public WithCtorCount() { Id = ++Made; } }

public class Classes {
  public static int log;
  public static int structLog;
  public static int genericLog;
  public static int sideLog;

  public static int test_1204_abstract_virtual() { Shape s = new Rect(3, 4); return s.Describe(); }
  public static int test_2514_sealed_base_call() { Shape s = new Square(5); return s.Describe(); }
  public static int test_303_other_subclass() { Shape s = new Tri(); return s.Describe(); }
  public static int test_2_override_chain() { A a = new B(); return a.F(); }
  public static int test_2_newslot_hides() { A a = new C(); return a.F(); }
  public static int test_3_newslot_direct() { C c = new C(); return c.F(); }
  public static int test_4_override_of_newslot() { C c = new D(); return c.F(); }
  public static int test_2_newslot_via_base_slot() { A a = new D(); return a.F(); }
  public static int test_2_call_through_base_method() { A a = new D(); return a.CallF(); }
  public static int test_1_isinst_class() { object o = new Square(2); return o is Rect ? 1 : 0; }
  public static int test_0_isinst_sibling() { object o = new Tri(); return o is Rect ? 1 : 0; }
  public static int test_1_as_null() { object o = new Tri(); return (o as Rect) == null ? 1 : 0; }
  public static int test_1_castclass_ok() { object o = new Square(1); Rect r = (Rect)o; return r.Area(); }
  public static int test_1_castclass_null() { object o = null; Rect r = (Rect)o; return r == null ? 1 : 0; }
  public static int test_1_array_covariance_isinst() { object o = new Square[1]; return o is Shape[] ? 1 : 0; }
  public static int test_1_array_to_object_array() { object o = new string[1]; return o is object[] ? 1 : 0; }
  public static int test_0_value_array_not_object_array() { object o = new int[1]; return o is object[] ? 1 : 0; }
  public static int test_1_int_array_as_uint_array() { object o = new int[1]; return o is uint[] ? 1 : 0; }
  public static int test_1_array_is_array() { object o = new int[3]; return o is Array ? 1 : 0; }
  public static int test_1_jagged_covariance() { object o = new string[2][]; return o is object[] ? 1 : 0; }
  public static int test_7_covariant_store_ok() {
    Shape[] a = new Rect[2];
    a[0] = new Square(2); a[1] = new Rect(1, 3);
    return a[0].Area() + a[1].Area();
  }
  public static int test_5_precise_cctor() { return Precise.Get() + Precise.Touched - 1; }
  public static int test_9_beforefieldinit() { return Lazy.Y; }
  public static int test_2_cctor_reads_other() { return Order2.V; }
  public static int test_7_struct_cctor_on_instance_method() { PreciseStruct p = default(PreciseStruct); p.Get(); return structLog; }
  public static int test_3_cctor_per_instantiation() { return PerInstantiation<int>.Touch() + PerInstantiation<string>.Touch() + PerInstantiation<int>.Touch() + PerInstantiation<long>.Touch() - 1; }
  public static int test_5_precise_cctor_on_static_call() { SideEffectPrecise.Nothing(); return sideLog; }
  public static int test_42_nested_class() { return new Outer.Inner().Get(new Outer()); }
  public static int test_8_nested_generic() { Outer.Nested<int> n = new Outer.Nested<int>(); n.Item = 5; return n.Item + new Outer.Nested<string>.Deeper().V; }
  public static int test_1_nested_struct() { Outer.Point p; p.X = 1; object o = p; return o is Outer.Point ? p.X : 0; }
  public static int test_3_instances() {
    WithCtorCount a = new WithCtorCount(), b = new WithCtorCount(), c = new WithCtorCount();
    return c.Id - a.Id + b.Id - b.Id + 1;
  }
  public static int test_6_fields() { Counter c = new Counter(); c.Instance = 4; Counter.Value = 2; return c.Instance + Counter.Value; }
  public static int test_1_object_equals_identity() { object a = new A(); object b = a; return a.Equals(b) && !a.Equals(new A()) ? 1 : 0; }
}
