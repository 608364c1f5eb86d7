using System;
using System.Collections.Generic;

// Number theory: a sieve, factorisation, gcd/lcm, modular exponentiation, perfect numbers and
// the Collatz sequence.
class Primes
{
    static bool[] Sieve(int n)
    {
        var composite = new bool[n + 1];
        for (int i = 2; (long)i * i <= n; i++) if (!composite[i]) for (int j = i * i; j <= n; j += i) composite[j] = true;
        return composite;
    }
    static List<long> Factor(long n) { var f = new List<long>(); for (long d = 2; d * d <= n; d++) while (n % d == 0) { f.Add(d); n /= d; } if (n > 1) f.Add(n); return f; }
    static long Gcd(long a, long b) { while (b != 0) { long t = a % b; a = b; b = t; } return a; }
    static long PowMod(long b, long e, long m) { long r = 1; b %= m; while (e > 0) { if ((e & 1) == 1) r = r * b % m; b = b * b % m; e >>= 1; } return r; }

    static void Main()
    {
        var c = Sieve(100000);
        int count = 0; long sum = 0; int last = 0;
        for (int i = 2; i < c.Length; i++) if (!c[i]) { count++; sum += i; last = i; }
        Console.WriteLine(count + " primes below 100000, sum " + sum + ", largest " + last);
        var first = new List<int>();
        for (int i = 2; first.Count < 15; i++) if (!c[i]) first.Add(i);
        Console.WriteLine(string.Join(" ", first));
        foreach (long n in new long[] { 360, 9973, 600851475143, 1234567890 })
            Console.WriteLine(n + " = " + string.Join(" * ", Factor(n)));
        Console.WriteLine(Gcd(1071, 462) + " " + (1071L * 462 / Gcd(1071, 462)));
        Console.WriteLine(PowMod(2, 1000, 1000000007) + " " + PowMod(3, 200, 13));
        for (int n = 2; n < 10000; n++) { int s = 1; for (int d = 2; d * d <= n; d++) if (n % d == 0) { s += d; if (d * d != n) s += n / d; } if (s == n) Console.Write(n + " "); }
        Console.WriteLine();
        int best = 0, bestLen = 0;
        for (int start = 1; start < 10000; start++)
        {
            long x = start; int len = 1;
            while (x != 1) { x = (x & 1) == 0 ? x / 2 : 3 * x + 1; len++; }
            if (len > bestLen) { bestLen = len; best = start; }
        }
        Console.WriteLine("longest Collatz below 10000: " + best + " (" + bestLen + " steps)");
        ulong fact = 1;
        for (uint i = 1; i <= 20; i++) fact *= i;
        Console.WriteLine("20! = " + fact);
    }
}
