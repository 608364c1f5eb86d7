using System;

// Bit manipulation and integer edge cases: popcount, rotations, shifts of every width, checked
// and unchecked conversions, and a CRC-32.
class BitTwiddling
{
    static int PopCount(ulong v) { int c = 0; while (v != 0) { v &= v - 1; c++; } return c; }
    static uint RotL(uint v, int n) { return (v << n) | (v >> (32 - n)); }
    static uint Crc32(byte[] data)
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++) { uint c = i; for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1; table[i] = c; }
        uint crc = 0xFFFFFFFF;
        foreach (var b in data) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc ^ 0xFFFFFFFF;
    }

    static void Main()
    {
        Console.WriteLine(PopCount(0xFFUL) + " " + PopCount(ulong.MaxValue) + " " + PopCount(0x8000000000000001UL));
        Console.WriteLine(RotL(0x80000001, 1).ToString("X8") + " " + RotL(0x12345678, 8).ToString("X8"));
        int neg = -16;
        Console.WriteLine((neg >> 2) + " " + ((uint)neg >> 2) + " " + (neg << 3) + " " + (1L << 40) + " " + (1 << 33));
        int i300 = 300, i200 = 200, i70000 = 70000, m1 = -1; long l3e9 = 3000000000L; double d399 = 3.99, d2559 = 255.9;
        Console.WriteLine((byte)i300 + " " + (sbyte)i200 + " " + (short)i70000 + " " + (ushort)m1 + " " + (int)l3e9 + " " + (uint)m1);
        Console.WriteLine((int)d399 + " " + (int)-d399 + " " + (long)1e18 + " " + (byte)d2559);
        try { checked { byte b = (byte)int.Parse("256"); Console.WriteLine(b); } } catch (OverflowException) { Console.WriteLine("overflow byte"); }
        try { checked { long l = long.MaxValue; l *= 2; Console.WriteLine(l); } } catch (OverflowException) { Console.WriteLine("overflow long"); }
        try { checked { uint u = 0; u--; Console.WriteLine(u); } } catch (OverflowException) { Console.WriteLine("overflow uint"); }
        unchecked { int m = int.MaxValue; m++; Console.WriteLine(m); }
        Console.WriteLine(int.MinValue / -1L + " " + (-7 / 2) + " " + (-7 % 2) + " " + (7 % -2) + " " + (-7.5 % 2));
        Console.WriteLine(Crc32(System.Text.Encoding.ASCII.GetBytes("The quick brown fox jumps over the lazy dog")).ToString("x8"));
        ulong x = 0xDEADBEEFCAFEBABE;
        Console.WriteLine((x & 0xFFFF).ToString("X") + " " + (x >> 48).ToString("X") + " " + (~x).ToString("X") + " " + (x ^ (x >> 1)).ToString("X"));
        Console.WriteLine(Math.Abs(-5) + " " + Math.Sign(-2.5) + " " + Math.Max(3u, 7u) + " " + Math.BigMul(int.MaxValue, int.MaxValue));
        int bits = 0;
        for (int i = 0; i < 32; i++) if (((0x0F0F0F0F >> i) & 1) == 1) bits |= 1 << (31 - i);
        Console.WriteLine(bits.ToString("X8"));
        Console.WriteLine(BitConverter.DoubleToInt64Bits(-2.0).ToString("X") + " " + BitConverter.Int64BitsToDouble(0x3FF8000000000000));
    }
}
