using System;
using System.Runtime.InteropServices;

// Pointer code: fixed buffers, stackalloc, pointer arithmetic, struct layout and sizeof,
// reinterpreting bytes, and pinning with GCHandle.
[StructLayout(LayoutKind.Sequential, Pack = 1)]
unsafe struct Header
{
    public byte Kind;
    public ushort Length;
    public int Checksum;
    public fixed byte Tag[4];
}

[StructLayout(LayoutKind.Explicit)]
struct Union
{
    [FieldOffset(0)] public long Whole;
    [FieldOffset(0)] public int Low;
    [FieldOffset(4)] public int High;
    [FieldOffset(0)] public double Real;
}

unsafe class UnsafeProgram
{
    static int Sum(int* p, int n) { int s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }

    static void Main()
    {
        int* buf = stackalloc int[10];
        for (int i = 0; i < 10; i++) buf[i] = i * i;
        Console.WriteLine(Sum(buf, 10));
        int[] managed = { 5, 6, 7, 8 };
        fixed (int* p = managed)
        {
            int* q = p + 2;
            *q = 70;
            Console.WriteLine(Sum(p, managed.Length) + " " + (q - p));
        }
        Console.WriteLine(managed[2]);
        Console.WriteLine(sizeof(Header) + " " + Marshal.SizeOf(typeof(Header)) + " " + sizeof(Union));
        Header h;
        h.Kind = 7; h.Length = 513; h.Checksum = -1;
        h.Tag[0] = (byte)'a'; h.Tag[3] = (byte)'z';
        byte* raw = (byte*)&h;
        for (int i = 0; i < sizeof(Header); i++) Console.Write(raw[i].ToString("x2"));
        Console.WriteLine();
        var u = new Union();
        u.Real = 1.0;
        Console.WriteLine(u.Whole.ToString("X16") + " " + u.High.ToString("X8") + " " + u.Low);
        u.Low = 1; u.High = 2;
        Console.WriteLine(u.Whole);
        string s = "pointer";
        fixed (char* c = s)
        {
            int upper = 0;
            for (char* x = c; *x != '\0'; x++) upper += *x - 32;
            Console.WriteLine(upper);
        }
        byte[] bytes = BitConverter.GetBytes(0x01020304);
        Console.WriteLine(BitConverter.ToString(bytes) + " " + BitConverter.IsLittleEndian);
        fixed (byte* bp = bytes) Console.WriteLine(*(int*)bp == 0x01020304);
        var handle = GCHandle.Alloc(managed, GCHandleType.Pinned);
        int* pinned = (int*)handle.AddrOfPinnedObject();
        Console.WriteLine(pinned[3]);
        handle.Free();
        IntPtr mem = Marshal.AllocHGlobal(16);
        Marshal.WriteInt32(mem, 4, 1234);
        Console.WriteLine(Marshal.ReadInt32(mem, 4));
        Marshal.FreeHGlobal(mem);
        long l = 0x1122334455667788;
        byte* lb = (byte*)&l;
        Console.WriteLine(lb[0].ToString("x") + lb[7].ToString("x"));
    }
}
