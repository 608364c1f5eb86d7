using System;
using System.Numerics;

// Arbitrary-precision arithmetic from System.Numerics.dll: factorials, Fibonacci, powers,
// gcd, parsing, and complex numbers.
class BigNumbers
{
    static void Main()
    {
        BigInteger f = BigInteger.One;
        for (int i = 2; i <= 50; i++) f *= i;
        Console.WriteLine("50! = " + f);
        BigInteger a = 0, b = 1;
        for (int i = 0; i < 200; i++) { var t = a + b; a = b; b = t; }
        Console.WriteLine("fib(200) = " + a);
        var p = BigInteger.Pow(2, 127) - 1;
        Console.WriteLine("2^127-1 = " + p + " (" + p.ToString().Length + " digits)");
        Console.WriteLine(BigInteger.ModPow(3, 1000, 1000000007) + " " + BigInteger.GreatestCommonDivisor(f, BigInteger.Pow(6, 30)));
        var parsed = BigInteger.Parse("-123456789012345678901234567890");
        Console.WriteLine(parsed * 3 + " " + BigInteger.Abs(parsed) / 7 + " " + parsed % 1000 + " " + parsed.Sign);
        Console.WriteLine((f > p) + " " + BigInteger.Compare(a, b) + " " + (BigInteger)long.MaxValue * long.MaxValue);
        Console.WriteLine(p.ToString("X") + " " + new BigInteger(255).ToByteArray().Length);
        var z = new Complex(3, 4);
        Console.WriteLine(z.Magnitude + " " + (z * Complex.Conjugate(z)).Real + " " + (z + new Complex(1, -1)).Imaginary);
    }
}
