using System;
using System.Collections;
using System.Security.Cryptography;
using System.Text;

// Checksums and identifiers: MD5, SHA-1 and SHA-256 from the class library, HMAC, Guid parsing
// and formatting, and a BitArray-based Bloom filter.
class Hashing
{
    static string Hex(byte[] b) { var sb = new StringBuilder(); foreach (var x in b) sb.Append(x.ToString("x2")); return sb.ToString(); }

    static void Main()
    {
        byte[] data = Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog");
        using (var md5 = MD5.Create()) Console.WriteLine("md5    " + Hex(md5.ComputeHash(data)));
        using (var sha1 = SHA1.Create()) Console.WriteLine("sha1   " + Hex(sha1.ComputeHash(data)));
        using (var sha256 = SHA256.Create()) Console.WriteLine("sha256 " + Hex(sha256.ComputeHash(data)));
        using (var hmac = new HMACSHA256(Encoding.ASCII.GetBytes("key"))) Console.WriteLine("hmac   " + Hex(hmac.ComputeHash(data)));
        var g = new Guid("3f2504e0-4f89-11d3-9a0c-0305e82c3301");
        Console.WriteLine(g + " " + g.ToString("N") + " " + g.ToString("B").ToUpper() + " " + BitConverter.ToString(g.ToByteArray(), 0, 4));
        Guid parsed; Console.WriteLine(Guid.TryParse("not-a-guid", out parsed) + " " + (parsed == Guid.Empty) + " " + Guid.Parse("{3F2504E0-4F89-11D3-9A0C-0305E82C3301}").Equals(g));
        var bloom = new BitArray(256);
        Func<string, int, int> h = (s, seed) => { unchecked { int x = seed; foreach (char c in s) x = x * 31 + c; return (x & 0x7fffffff) % 256; } };
        foreach (var w in new[] { "alpha", "beta", "gamma" }) for (int k = 1; k <= 3; k++) bloom[h(w, k * 7919)] = true;
        int set = 0; foreach (bool b in bloom) if (b) set++;
        Console.WriteLine("bits set " + set);
        foreach (var w in new[] { "alpha", "delta", "gamma", "omega" })
        {
            bool maybe = true; for (int k = 1; k <= 3; k++) maybe &= bloom[h(w, k * 7919)];
            Console.WriteLine(w + " " + (maybe ? "maybe" : "no"));
        }
        var flags = new BitArray(new[] { true, false, true, true });
        flags.Xor(new BitArray(new[] { true, true, false, true }));
        Console.Write("xor "); foreach (bool b in flags) Console.Write(b ? 1 : 0); Console.WriteLine();
    }
}
