using System;
using System.Collections.Generic;

// Error handling as applications do it: custom exceptions, filters by type, finally ordering,
// wrapping with inner exceptions, using/Dispose, and the built-in exceptions of the runtime.
class ValidationException : Exception
{
    public string Field;
    public ValidationException(string field, string message) : base(message) { Field = field; }
}

class Resource : IDisposable
{
    string name;
    public Resource(string n) { name = n; Console.WriteLine("open " + n); }
    public void Dispose() { Console.WriteLine("close " + name); }
}

class Exceptions
{
    static int Parse(string s)
    {
        if (s == null) throw new ArgumentNullException("s");
        if (s.Length == 0) throw new ValidationException("s", "empty input");
        return int.Parse(s);
    }

    static void Try(string s)
    {
        try
        {
            Console.WriteLine("parsed " + Parse(s));
        }
        catch (ValidationException e) { Console.WriteLine("validation on " + e.Field + ": " + e.Message); }
        catch (ArgumentException e) { Console.WriteLine("argument: " + e.ParamName + " " + e.GetType().Name); }
        catch (FormatException e) { Console.WriteLine("format: " + e.GetType().FullName); }
        finally { Console.WriteLine("done " + (s ?? "null")); }
    }

    static void Wrap()
    {
        try { int[] a = new int[2]; a[5] = 1; }
        catch (IndexOutOfRangeException e) { throw new InvalidOperationException("wrapped", e); }
    }

    static int Depth(int n) { if (n == 0) throw new ApplicationException("bottom"); try { return Depth(n - 1); } finally { Console.Write(n); } }

    static void Main()
    {
        Try("42"); Try(""); Try(null); Try("4x2");
        try { Wrap(); }
        catch (Exception e) { Console.WriteLine(e.Message + " <- " + e.InnerException.GetType().Name); }
        try { Depth(5); } catch (ApplicationException e) { Console.WriteLine(" " + e.Message); }
        using (var r1 = new Resource("a"))
        using (var r2 = new Resource("b"))
        {
            Console.WriteLine("working");
        }
        try
        {
            using (new Resource("c")) throw new NotSupportedException("nope");
        }
        catch (NotSupportedException e) { Console.WriteLine("caught " + e.Message); }
        object o = "text";
        try { var i = (int)o; Console.WriteLine(i); } catch (InvalidCastException) { Console.WriteLine("invalid cast"); }
        string nul = null;
        try { Console.WriteLine(nul.Length); } catch (NullReferenceException) { Console.WriteLine("null ref"); }
        int zero = 0;
        try { Console.WriteLine(10 / zero); } catch (DivideByZeroException e) { Console.WriteLine(e.Message); }
        try { checked { int big = int.MaxValue; big++; Console.WriteLine(big); } } catch (OverflowException e) { Console.WriteLine(e.Message); }
        var d = new Dictionary<string, int>();
        try { Console.WriteLine(d["missing"]); } catch (KeyNotFoundException) { Console.WriteLine("no key"); }
        int attempts = 0;
        while (true)
        {
            try { attempts++; if (attempts < 3) throw new TimeoutException(); Console.WriteLine("ok after " + attempts); break; }
            catch (TimeoutException) when (attempts < 5) { Console.WriteLine("retry " + attempts); }
        }
    }
}
