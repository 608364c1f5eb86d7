using System;
using System.Collections.Generic;
using System.Linq;

// Generic variance as APIs use it: covariant IEnumerable<out T> and Func<out R>, contravariant
// Action<in T> and IComparer<in T>, array covariance with its store check, and generic interfaces
// with explicit implementations.
class Animal { public string Name; public Animal(string n) { Name = n; } public virtual string Sound() { return "..."; } public override string ToString() { return GetType().Name + ":" + Name; } }
class Dog : Animal { public Dog(string n) : base(n) { } public override string Sound() { return "woof"; } }
class Cat : Animal { public Cat(string n) : base(n) { } public override string Sound() { return "meow"; } }

class ByName : IComparer<Animal> { public int Compare(Animal a, Animal b) { return string.CompareOrdinal(a.Name, b.Name); } }

interface ISource<out T> { T Next(); }
interface ISink<in T> { void Put(T item); }
class Kennel : ISource<Dog>, ISink<Animal>
{
    int n; public List<string> Log = new List<string>();
    public Dog Next() { return new Dog("pup" + (++n)); }
    public void Put(Animal a) { Log.Add(a.ToString()); }
}

class Variance
{
    static void Describe(IEnumerable<Animal> animals) { foreach (var a in animals) Console.Write(a + "=" + a.Sound() + " "); Console.WriteLine(); }

    static void Main()
    {
        var dogs = new List<Dog> { new Dog("rex"), new Dog("ace") };
        Describe(dogs);
        IEnumerable<Animal> zoo = dogs.Cast<Animal>().Concat(new[] { new Cat("tom") });
        Describe(zoo);
        Func<Dog> makeDog = () => new Dog("fido");
        Func<Animal> makeAnimal = makeDog;
        Console.WriteLine(makeAnimal().Sound());
        Action<Animal> pet = a => Console.WriteLine("petting " + a.Name);
        Action<Cat> petCat = pet;
        petCat(new Cat("kitty"));
        var sorted = new List<Dog>(dogs);
        sorted.Sort(new ByName());
        Console.WriteLine(string.Join(",", sorted));
        ISource<Animal> src = new Kennel();
        ISink<Dog> sink = (Kennel)src;
        sink.Put(src.Next() as Dog); sink.Put((Dog)src.Next());
        Console.WriteLine(string.Join(";", ((Kennel)src).Log));
        Animal[] arr = new Dog[2];
        arr[0] = new Dog("ok");
        try { arr[1] = new Cat("bad"); } catch (ArrayTypeMismatchException) { Console.WriteLine("array store check"); }
        object o = dogs;
        Console.WriteLine((o is IEnumerable<Animal>) + " " + (o is IList<Animal>) + " " + (o is IReadOnlyList<Animal>) + " " + (new Func<Cat>(() => null) is Func<Animal>));
        IComparer<Dog> dc = new ByName();
        Console.WriteLine(dc.Compare(new Dog("a"), new Dog("b")) < 0);
    }
}
