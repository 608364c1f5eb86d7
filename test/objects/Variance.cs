// Variance of generic interfaces and delegates (ECMA-335 §II.9.5): casts and calls through
// covariant (out) and contravariant (in) instantiations.
using System;

interface IProducer<out T> { T Make(); }
interface IConsumer<in T> { int Take(T x); }
interface IInvariant<T> { T Same(T x); }
class Animal { public virtual int Legs() { return 4; } }
class Bird : Animal { public override int Legs() { return 2; } }
class BirdMaker : IProducer<Bird> { public Bird Make() { return new Bird(); } }
class AnimalCounter : IConsumer<Animal> { public int Take(Animal a) { return a.Legs(); } }
class Inv : IInvariant<string> { public string Same(string x) { return x; } }
class BirdMakerChild : BirdMaker { }
delegate T Factory<out T>();
delegate int Handler<in T>(T x);

public class Variance {
  static Bird NewBird() { return new Bird(); }
  static int CountLegs(Animal a) { return a.Legs(); }

  public static int test_1_covariant_is() { object o = new BirdMaker(); return o is IProducer<Animal> ? 1 : 0; }
  public static int test_2_covariant_call() { IProducer<Animal> p = (IProducer<Animal>)(object)new BirdMaker(); return p.Make().Legs(); }
  public static int test_1_covariant_object() { object o = new BirdMaker(); return o is IProducer<object> ? 1 : 0; }
  public static int test_0_covariant_wrong_direction() { object o = new BirdMaker(); return o is IProducer<string> ? 1 : 0; }
  public static int test_1_contravariant_is() { object o = new AnimalCounter(); return o is IConsumer<Bird> ? 1 : 0; }
  public static int test_2_contravariant_call() { IConsumer<Bird> c = (IConsumer<Bird>)(object)new AnimalCounter(); return c.Take(new Bird()); }
  public static int test_0_contravariant_wrong_direction() { object o = new AnimalCounter(); return o is IConsumer<object> ? 1 : 0; }
  public static int test_0_invariant() { object o = new Inv(); return o is IInvariant<object> ? 1 : 0; }
  public static int test_1_inherited_variant_interface() { object o = new BirdMakerChild(); return o is IProducer<Animal> ? 1 : 0; }
  public static int test_2_covariant_delegate() { Factory<Bird> f = NewBird; object o = f; Factory<Animal> g = (Factory<Animal>)o; return g().Legs(); }
  public static int test_1_contravariant_delegate_is() { Handler<Animal> h = CountLegs; object o = h; return o is Handler<Bird> ? 1 : 0; }
  public static int test_0_delegate_wrong_direction() { Factory<Animal> f = () => new Animal(); object o = f; return o is Factory<Bird> ? 1 : 0; }
}
