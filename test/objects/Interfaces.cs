// Interfaces: implicit and explicit implementations, inherited implementations, interface
// inheritance, re-implementation, value types through interfaces, casts to interfaces.
using System;

interface IArea { int Area(); }
interface INamed { int Name(); }
interface IBoth : IArea, INamed { int Both(); }
interface IReset { void Reset(); int Get(); }

class Box : IArea { public int S = 3; public int Area() { return S * S; } }
class BigBox : Box { }
class Named : INamed { int INamed.Name() { return 7; } public int Name() { return 8; } }
class BothImpl : IBoth {
  public int Area() { return 2; }
  public int Name() { return 3; }
  public int Both() { return Area() * 10 + Name(); }
}
class VirtImpl : IArea { public virtual int Area() { return 1; } }
class VirtOverride : VirtImpl { public override int Area() { return 11; } }
class ReImpl : VirtImpl, IArea { int IArea.Area() { return 12; } }
struct Cell : IReset {
  public int V;
  public void Reset() { V = 0; }
  public int Get() { return V; }
}
abstract class AbstractArea : IArea { public abstract int Area(); }
class ConcreteArea : AbstractArea { public override int Area() { return 13; } }

public class Interfaces {
  static int CallArea(IArea a) { return a.Area(); }
  static int ResetGeneric(IReset r) { r.Reset(); return r.Get(); }

  public static int test_9_implicit() { IArea a = new Box(); return a.Area(); }
  public static int test_9_inherited_impl() { IArea a = new BigBox(); return a.Area(); }
  public static int test_7_explicit() { INamed n = new Named(); return n.Name(); }
  public static int test_8_explicit_hidden_public() { Named n = new Named(); return n.Name(); }
  public static int test_23_interface_inheritance() { IBoth b = new BothImpl(); return b.Both(); }
  public static int test_2_base_interface_method() { IBoth b = new BothImpl(); return ((IArea)b).Area(); }
  public static int test_3_other_base_interface() { IBoth b = new BothImpl(); return b.Name(); }
  public static int test_11_virtual_impl_overridden() { IArea a = new VirtOverride(); return CallArea(a); }
  public static int test_12_reimplementation() { IArea a = new ReImpl(); return a.Area(); }
  public static int test_1_reimpl_class_view() { VirtImpl v = new ReImpl(); return v.Area(); }
  public static int test_13_abstract_impl() { return CallArea(new ConcreteArea()); }
  public static int test_5_struct_through_interface() {
    Cell c = new Cell(); c.V = 5;
    IReset r = c;           // boxes a copy
    r.Reset();
    return c.V + r.Get();   // the copy was reset, not c
  }
  public static int test_0_struct_interface_call() { Cell c; c.V = 4; return ResetGeneric(c); }
  public static int test_1_is_interface() { object o = new BigBox(); return o is IArea ? 1 : 0; }
  public static int test_0_is_not_interface() { object o = new Box(); return o is INamed ? 1 : 0; }
  public static int test_1_is_inherited_interface() { object o = new BothImpl(); return o is IArea ? 1 : 0; }
  public static int test_1_struct_box_is_interface() { object o = new Cell(); return o is IReset ? 1 : 0; }
  public static int test_1_array_of_interfaces() {
    IArea[] a = new IArea[] { new Box(), new VirtOverride() };
    object o = a;
    return o is object[] && a[1].Area() == 11 ? 1 : 0;
  }
  public static int test_1_array_is_ICloneable() { object o = new int[2]; return o is ICloneable ? 1 : 0; }
  public static int test_1_string_is_IComparable() { object o = "x"; return o is IComparable ? 1 : 0; }
  public static int test_1_store_into_interface_array() { IArea[] a = new IArea[1]; object[] o = a; o[0] = new Box(); return a[0].Area() == 9 ? 1 : 0; }
}
