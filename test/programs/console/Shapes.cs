using System;
using System.Collections.Generic;

// Interfaces with default-like behaviour through abstract classes, IComparable/IEquatable on
// classes, IFormattable, operator overloads on classes, and ToString(format) calls.
interface IShape : IComparable<IShape> { double Area { get; } double Perimeter { get; } string Name { get; } }

abstract class Shape : IShape, IFormattable
{
    public abstract double Area { get; }
    public abstract double Perimeter { get; }
    public virtual string Name { get { return GetType().Name.ToLowerInvariant(); } }
    public int CompareTo(IShape other) { return Area.CompareTo(other.Area); }
    public string ToString(string format, IFormatProvider provider)
    {
        switch (format ?? "G")
        {
            case "A": return Name + " area=" + Area.ToString("F2", provider);
            case "P": return Name + " perimeter=" + Perimeter.ToString("F2", provider);
            default: return Name + "(" + Area.ToString("F1", provider) + ")";
        }
    }
    public override string ToString() { return ToString("G", System.Globalization.CultureInfo.InvariantCulture); }
}

class Circle : Shape { public double R; public Circle(double r) { R = r; } public override double Area { get { return Math.PI * R * R; } } public override double Perimeter { get { return 2 * Math.PI * R; } } }
class Rect : Shape
{
    public double W, H; public Rect(double w, double h) { W = w; H = h; }
    public override double Area { get { return W * H; } } public override double Perimeter { get { return 2 * (W + H); } }
    public static Rect operator *(Rect r, double k) { return new Rect(r.W * k, r.H * k); }
    public static bool operator ==(Rect a, Rect b) { return ReferenceEquals(a, b) || (!ReferenceEquals(a, null) && !ReferenceEquals(b, null) && a.W == b.W && a.H == b.H); }
    public static bool operator !=(Rect a, Rect b) { return !(a == b); }
    public override bool Equals(object o) { return this == o as Rect; }
    public override int GetHashCode() { return W.GetHashCode() * 31 + H.GetHashCode(); }
}
sealed class Square : Rect { public Square(double s) : base(s, s) { } public override string Name { get { return "square"; } } }
class Triangle : Shape
{
    double a, b, c;
    public Triangle(double a, double b, double c) { if (a + b <= c || a + c <= b || b + c <= a) throw new ArgumentException("not a triangle: " + a + "," + b + "," + c); this.a = a; this.b = b; this.c = c; }
    public override double Perimeter { get { return a + b + c; } }
    public override double Area { get { double s = Perimeter / 2; return Math.Sqrt(s * (s - a) * (s - b) * (s - c)); } }
}

class Shapes
{
    static void Main()
    {
        var shapes = new List<IShape> { new Circle(1), new Rect(2, 3), new Square(2), new Triangle(3, 4, 5), new Circle(0.5) };
        try { shapes.Add(new Triangle(1, 2, 10)); } catch (ArgumentException e) { Console.WriteLine(e.Message); }
        shapes.Sort();
        foreach (var s in shapes) Console.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture, "{0} | {0:A} | {0:P}", s));
        var big = new Rect(2, 3) * 2;
        Console.WriteLine(big + " " + (big == new Rect(4, 6)) + " " + (big != new Rect(4, 6)) + " " + big.Equals(null) + " " + (new Square(2) == new Rect(2, 2)));
        var set = new HashSet<Rect> { new Rect(1, 1), new Rect(1, 1), new Square(1) };
        Console.WriteLine(set.Count);
        double total = 0; foreach (var s in shapes) total += s.Area;
        Console.WriteLine("total " + total.ToString("F4") + " max " + shapes[shapes.Count - 1].Name);
        IComparable<IShape> c = new Circle(2);
        Console.WriteLine(c.CompareTo(new Square(3)) + " " + c.CompareTo(new Square(1)));
    }
}
