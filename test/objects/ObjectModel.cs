// A program over the whole object model, run under mono and under clremu: the exit code is a
// checksum of what it computed (classes, interfaces, structs, generics, delegates, casts, statics).
using System;

interface IAnimal { int Legs(); string Name(); }
abstract class Animal : IAnimal {
  public static int Created;
  protected Animal() { Created++; }
  public abstract int Legs();
  public virtual string Name() { return "animal"; }
}
class Dog : Animal { public override int Legs() { return 4; } public override string Name() { return "dog"; } }
class Bird : Animal { public override int Legs() { return 2; } }
struct Vec { public int X, Y; public Vec(int x, int y) { X = x; Y = y; } public int Dot(Vec o) { return X * o.X + Y * o.Y; } }
class Registry<T> where T : IAnimal {
  static int instances;
  T[] items = new T[8]; int n;
  public Registry() { instances++; }
  public static int Instances { get { return instances; } }
  public void Add(T x) { items[n++] = x; }
  public int Sum(Func<T, int> f) { int s = 0; for (int i = 0; i < n; i++) s += f(items[i]); return s; }
}
delegate int Combine(int a, int b);

public class ObjectModel {
  static int Mul(int a, int b) { return a * b; }

  public static int Main() {
    int sum = 0;
    Registry<IAnimal> r = new Registry<IAnimal>();
    r.Add(new Dog()); r.Add(new Bird()); r.Add(new Dog());
    sum += r.Sum(a => a.Legs());                                  // 10
    sum += r.Sum(a => a.Name().Length);                           // 3 + 6 + 3 = 12
    Registry<Dog> dogs = new Registry<Dog>();
    dogs.Add(new Dog());
    sum += dogs.Sum(d => d.Legs()) + Registry<Dog>.Instances + Registry<IAnimal>.Instances; // 4 + 1 + 1
    sum += Animal.Created;                                        // 4
    object boxed = new Vec(2, 3);
    sum += ((Vec)boxed).Dot(new Vec(4, 5));                       // 23
    Combine c = Mul;
    sum += c(6, 7);                                               // 42
    object o = new Bird();
    sum += (o is IAnimal ? 1 : 0) + (o is Dog ? 100 : 0) + ((o as Animal) != null ? 1 : 0); // 2
    int? maybe = 5; object mb = maybe;
    sum += (int)mb;                                               // 5
    return sum;                                                   // 104
  }
}
