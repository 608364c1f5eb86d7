// JIT end-to-end samples in the style of Mono's regression suites: every static parameterless
// method named test_<N>_<name> must return N. Only what the baseline JIT compiles is used:
// static calls within this class, locals, loops, every integral type, floats, conversions,
// checked arithmetic, switch, static fields, primitive arrays and string literals.
// The same assembly runs under `mono --regression` as the oracle for the expected values.
public class Samples
{
    static int counter;
    static long total;
    static double scale;
    static byte small;

    // Identity functions keep the compiler from folding constant expressions.
    static int I(int x) { return x; }
    static uint U(uint x) { return x; }
    static long L(long x) { return x; }
    static ulong UL(ulong x) { return x; }
    static double D(double x) { return x; }
    static float F(float x) { return x; }

    // ---- integers ----------------------------------------------------------------------------
    static int Add(int a, int b) { return a + b; }
    static long Mul64(long a, long b) { return a * b; }
    static int Fib(int n) { return n < 2 ? n : Fib(n - 1) + Fib(n - 2); }
    static int Gcd(int a, int b) { while (b != 0) { int t = a % b; a = b; b = t; } return a; }
    static long Fact(int n) { long r = 1; for (int i = 2; i <= n; i++) r *= i; return r; }
    static int SixArgs(int a, long b, int c, long d, int e, int f) { return (int)(a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6); }
    static uint Rotl(uint x, int n) { return (x << n) | (x >> (32 - n)); }

    public static int test_3_add() { return Add(1, 2); }
    public static int test_55_fib() { return Fib(10); }
    public static int test_6_gcd() { return Gcd(48, 18); }
    public static int test_1_fact_overflow_wraps() { return Fact(25) == 7034535277573963776L ? 1 : 0; }
    public static int test_91_six_args() { return SixArgs(1, 2, 3, 4, 5, 6); }
    public static int test_1_rotl() { return Rotl(0x80000001u, 1) == 3u ? 1 : 0; }
    public static int test_1_mul64() { return Mul64(0x100000000L, 3) == 0x300000000L ? 1 : 0; }

    public static int test_0_int_edges()
    {
        int max = I(int.MaxValue), min = I(int.MinValue), m1 = I(-1), seven = I(7);
        if (max + 1 != min) return 1;
        if (min / 2 != -1073741824) return 2;
        if (-seven / 2 != -3) return 3;
        if (-seven % 2 != -1) return 4;
        if ((uint)m1 / 2u != 0x7FFFFFFFu) return 5;
        if ((uint)m1 % 10u != 5u) return 6;
        if (m1 >> 1 != -1) return 7;
        if ((int)((uint)m1 >> 1) != max) return 8;
        if ((I(1) << I(33)) != 2) return 9;
        return 0;
    }

    public static int test_0_small_types()
    {
        sbyte sb = (sbyte)I(-128); sb--; if (sb != 127) return 1;
        byte b = (byte)I(255); b++; if (b != 0) return 2;
        short s = (short)I(short.MinValue); s--; if (s != short.MaxValue) return 3;
        ushort us = (ushort)I(0); us--; if (us != 65535) return 4;
        char c = (char)I('a'); c++; if (c != 'b') return 5;
        bool t = b == 0; if (!t) return 6;
        ulong ul = UL(ulong.MaxValue); if (ul / 3 != 6148914691236517205UL) return 7;
        long l = L(long.MinValue); if (l % 10 != -8) return 8;
        return 0;
    }

    public static int test_0_compare_branches()
    {
        int a = I(-1), b = I(1);
        uint ua = (uint)a, ub = U(1);
        if (!(a < b)) return 1;
        if (ua < ub) return 2;
        if (!(ua >= ub)) return 3;
        long la = L(long.MinValue), lb = L(long.MaxValue);
        if (la >= lb) return 4;
        if ((ulong)la < (ulong)lb) return 5;
        return 0;
    }

    // ---- checked arithmetic -------------------------------------------------------------------
    static int CheckedAdd(int a, int b) { return checked(a + b); }
    static uint CheckedSubU(uint a, uint b) { return checked(a - b); }
    static long CheckedMul(long a, long b) { return checked(a * b); }
    static byte ToByteChecked(int x) { return checked((byte)x); }
    static int ToIntChecked(long x) { return checked((int)x); }
    static ulong ToULongChecked(double d) { return checked((ulong)d); }

    public static int test_5_checked_in_range()
    {
        return CheckedAdd(2, 3) + (int)CheckedSubU(5, 5) + (int)CheckedMul(0, long.MaxValue) + ToByteChecked(0) + ToIntChecked(0);
    }

    // ---- switch ---------------------------------------------------------------------------------
    static int Classify(int x)
    {
        switch (x)
        {
            case 0: return 10;
            case 1: return 11;
            case 2: return 12;
            case 3: return 13;
            case 5: return 15;
            default: return -1;
        }
    }

    public static int test_34_switch() { return Classify(0) + Classify(2) + Classify(5) + Classify(4) + Classify(-1) + Classify(100); }

    // ---- floats ---------------------------------------------------------------------------------
    static double Hypot2(double x, double y) { return x * x + y * y; }
    static float Half(float f) { return f / 2f; }
    static double Mixed(int i, float f, double d, long l) { return i + f + d + l; }

    public static int test_25_hypot() { return (int)Hypot2(3.0, 4.0); }
    public static int test_1_float_half() { return Half(F(3f)) == 1.5f ? 1 : 0; }
    public static int test_10_mixed_args() { return (int)Mixed(1, 2f, 3.0, 4L); }

    public static int test_0_nan_rules()
    {
        double nan = D(0.0) / D(0.0), one = D(1.0);
        if (nan == nan) return 1;
        if (!(nan != nan)) return 2;
        if (nan < one) return 3;
        if (nan > one) return 4;
        if (!(nan < one) && !(nan >= one)) { } else return 5;
        float fn = (float)nan;
        if (fn == fn) return 6;
        return 0;
    }

    public static int test_0_float_conversions()
    {
        double d = D(-2.75);
        if ((int)d != -2) return 1;
        if ((long)D(3e10) != 30000000000L) return 2;
        if ((uint)D(3e9) != 3000000000u) return 3;
        if ((ulong)D(1.8e19) != 18000000000000000000UL) return 4;
        ulong big = UL(18446744073709551615UL);
        if ((double)big != 18446744073709551616.0) return 5;
        uint ubig = U(4294967295u);
        if ((double)ubig != 4294967295.0) return 6;
        if ((float)I(16777217) != 16777216f) return 7;
        if ((double)(float)D(0.1) == 0.1) return 8;
        if ((byte)(int)D(300.7) != 44) return 9;
        if (-D(0.0) != 0.0) return 10;
        if ((float)L(long.MaxValue) != 9.223372E+18f) return 11;
        return 0;
    }

    public static int test_7_float_rem() { return (int)(D(7.5) % D(4.0) * 2.0 + 0.5); }

    // ---- static fields --------------------------------------------------------------------------
    static void Bump(int by) { counter += by; total += by * 1000000000L; }

    public static int test_6_static_fields()
    {
        counter = 0; total = 0;
        Bump(1); Bump(2); Bump(3);
        return total == 6000000000L ? counter : -1;
    }

    public static int test_1_static_double_byte()
    {
        scale = 0.5; small = 200;
        small += 100; // wraps to 44
        return scale * small == 22.0 ? 1 : 0;
    }

    // ---- arrays ---------------------------------------------------------------------------------
    static int SumArray(int[] a) { int s = 0; for (int i = 0; i < a.Length; i++) s += a[i]; return s; }

    public static int test_45_int_array()
    {
        int[] a = new int[10];
        for (int i = 0; i < a.Length; i++) a[i] = i;
        return SumArray(a);
    }

    public static int test_1_typed_arrays()
    {
        byte[] b = new byte[3]; b[0] = 255; b[1] = (byte)(b[0] + 1);
        short[] s = new short[2]; s[1] = -5;
        long[] l = new long[2]; l[1] = long.MinValue;
        double[] d = new double[2]; d[0] = 1.5; d[1] = d[0] * 2;
        float[] f = new float[1]; f[0] = 0.25f;
        char[] c = new char[1]; c[0] = 'z';
        bool ok = b[0] == 255 && b[1] == 0 && s[1] == -5 && l[1] == long.MinValue && d[1] == 3.0 && f[0] == 0.25f && c[0] == 'z';
        return ok ? 1 : 0;
    }

    // Called from the test with arguments that make them throw.
    static int DivInt(int a, int b) { return a / b; }
    static long RemLong(long a, long b) { return a % b; }
    static uint DivUInt(uint a, uint b) { return a / b; }
    static int CallsDiv(int a, int b) { int x = a * 3; int y = DivInt(a, b); return x + y; }
    static int CallsDivTwice(int a, int b) { long k = a; int r = CallsDiv(a, b) + CallsDiv(b, a); return r + (int)k; }
    static int[] MakeArray(int n) { return new int[n]; }
    static int ElementAt(int[] a, int i) { return a[i]; }
    static int LengthOf(int[] a) { return a.Length; }

    // ---- managed pointers, objects, virtual calls, throw ---------------------------------------
    static void Swap(ref int a, ref int b) { int t = a; a = b; b = t; }
    static bool TryHalf(int x, out int half) { half = x / 2; return (x & 1) == 0; }
    static void Inc(ref int x) { x++; }
    static void Scale(ref double d, float by) { d *= by; }

    public static int test_4_ref_params() { int a = I(3), b = I(4); Swap(ref a, ref b); return a + (b == 3 ? 0 : 100); }
    public static int test_1_out_param() { int h; return TryHalf(I(10), out h) && h == 5 ? 1 : 0; }
    public static int test_3_element_ref() { int[] a = new int[2]; Inc(ref a[1]); Inc(ref a[1]); Inc(ref a[1]); return a[1] + a[0]; }
    public static int test_2_static_ref() { counter = 1; Inc(ref counter); return counter; }
    public static int test_5_double_ref() { double d = D(2.0); Scale(ref d, 2.5f); return (int)d; }

    public static int test_6_objects()
    {
        Shape s = new Shape(I(3));
        s.area = 10;
        Square q = new Square(D(2.5));
        return s.Sides() + (q.Kind() == 2 ? 1 : 0) + (s.Kind() == 1 ? 1 : 0) + (q.side == 2.5 && q.Sides() == 4 ? 1 : 0);
    }

    public static int test_2_virtual_through_base()
    {
        Shape s = new Square(D(1.0));
        return s.Kind();
    }

    public static int test_10_linked_list()
    {
        Node head = null;
        for (int i = 1; i <= 4; i++) { Node n = new Node(); n.value = i; n.next = head; head = n; }
        int sum = 0;
        while (head != null) { sum += head.value; head = head.next; }
        return sum;
    }

    static int Checked(int x) { if (x < 0) throw new SampleError(x); return x; }
    static int KindOf(Shape s) { return s.Kind(); }

    // ---- exception handling -------------------------------------------------------------------
    static int log;
    static int TryCatch(int x) { try { return Checked(x); } catch (SampleError e) { return e.code * 10; } }
    static int TryFinally(int x) { log = 0; try { log = 1; if (x > 5) return 100 + log; log = 2; } finally { log = log * 10 + 3; } return log; }
    static int Nested(int x)
    {
        int r = 0;
        try { try { r += 1; Checked(x); r += 10; } finally { r += 100; } }
        catch (SampleError) { r += 1000; }
        finally { r += 10000; }
        return r;
    }
    static int Deep(int x) { try { return Checked(x) + 1; } finally { counter++; } }
    static int CatchInCaller(int x) { try { return Deep(x); } catch (SampleError e) { return e.code; } }

    public static int test_5_no_throw() { return TryCatch(I(5)); }
    public static int test_70_caught() { return -TryCatch(I(-7)); }
    public static int test_23_finally_fallthrough() { return TryFinally(I(1)); }
    public static int test_101_finally_on_return() { int r = TryFinally(I(9)); return r == 101 && log == 13 ? 101 : 0; }
    public static int test_10111_nested_no_throw() { return Nested(I(1)); }
    public static int test_11101_nested_throw() { return Nested(I(-1)); }
    public static int test_3_unwinds_finally_in_callee() { counter = 0; int r = CatchInCaller(I(-2)); return r + counter == -1 ? 3 : 0; }
    public static int test_7_rethrow()
    {
        try { try { Checked(I(-7)); } catch (SampleError) { throw; } }
        catch (SampleError e) { return -e.code; }
        return 0;
    }
    public static int test_2_leave_loop()
    {
        int n = 0;
        for (int i = 0; i < 5; i++) { try { if (i == I(2)) break; n++; } finally { n += I(0); } }
        return n;
    }
    static int Filtered(int x)
    {
        try { Checked(x); return 0; }
        catch (SampleError e) when (e.code < -10) { return 1; }
        catch (SampleError) { return 2; }
    }
    static bool Note(int v) { log = v; return false; }
    public static int test_12_exception_filter() { return Filtered(I(-20)) * 10 + Filtered(I(-3)); }
    // The filter runs in the first pass, before the inner finally (so log is still 0 there).
    public static int test_2_filter_runs_before_finally()
    {
        log = 0;
        try { try { Checked(I(-1)); } finally { log = log * 10 + 1; } }
        catch (SampleError) when (Note(log * 10 + 8)) { return -1; }
        catch (SampleError) { return log - 80 + 1; }
        return 0;
    }

    public static int test_42_catch_base_class()
    {
        try { Checked(I(-42)); } catch (System.Exception) { return 42; }
        return 0;
    }

    // ---- casts, boxing, object arrays -----------------------------------------------------------
    static object AsObject(object o) { return o; }

    public static int test_1_is_and_as()
    {
        object o = AsObject(new Square(D(1.0)));
        Shape s = o as Shape;
        Node n = o as Node;
        return (o is Square) && s != null && n == null && !(AsObject(null) is Shape) ? 1 : 0;
    }
    public static int test_4_cast() { Shape s = (Shape)AsObject(new Square(D(1.0))); return s.Sides(); }
    public static int test_42_box_unbox() { object o = I(40); long l = 2; object p = l; return (int)o + (int)(long)p; }
    public static int test_1_boxed_double() { object o = D(0.5); return (double)o == 0.5 ? 1 : 0; }
    public static int test_3_object_array()
    {
        object[] a = new object[3];
        a[0] = new Node(); a[1] = "s"; a[2] = a;
        return (a[0] is Node ? 1 : 0) + (a[1] != null ? 1 : 0) + (a[2] == (object)a ? 1 : 0);
    }
    static int Unbox(object o) { return (int)o; }

    // ---- value types ------------------------------------------------------------------------------
    static Point MakePoint(int x, int y) { return new Point(x, y); }
    static int Manhattan(Point p) { return p.X + p.Y; }
    static Big MakeBig(long a, double b) { Big r; r.A = a; r.B = b; r.C = null; r.D = 7; return r; }
    static long SumBig(Big b, int k) { b.A += 1000; return b.A - 1000 + (long)b.B + b.D + k; }
    static long SixWithBig(int a, Big b, int c, long d, Big e, int f) { return a + b.A + c + d + e.D + f; }

    public static int test_7_small_struct() { Point p = MakePoint(I(3), I(4)); return Manhattan(p); }
    public static int test_17_big_struct() { Big b = MakeBig(L(5), D(2.5)); long s = SumBig(b, I(3)); return b.A == 5 ? (int)s : -1; }
    public static int test_1_struct_copy_semantics() { Point a = new Point(I(1), I(2)); Point b = a; b.X = 10; return a.X == 1 && b.X == 10 ? 1 : 0; }
    public static int test_12_struct_in_class() { Holder h = new Holder(); h.P = new Point(I(5), I(6)); h.B.A = 1; return h.P.Sum() + (int)h.B.A; }
    public static int test_2_enum() { Color c = Color.Green; return (int)c; }
    public static int test_9_boxed_struct() { object o = new Point(I(4), I(5)); Point p = (Point)o; return p.Sum(); }
    public static int test_7_return_buffer_after_this() { Point p = new Point(I(3), I(4)); Big b = p.ToBig(); return (int)b.A + b.D; }
    public static int test_34_struct_args_on_stack() { Big b = MakeBig(L(10), D(0.0)); Big e = MakeBig(L(0), D(0.0)); return (int)SixWithBig(I(1), b, I(2), L(3), e, I(11)); }
    public static int test_5_static_struct() { origin = new Point(I(2), I(3)); return origin.Sum(); }
    public static int test_6_struct_through_ref() { Point p = new Point(I(1), I(1)); Grow(ref p); Grow(ref p); return p.Sum() + (p.X == 3 ? 0 : 100); }
    static void Grow(ref Point p) { p.X++; p.Y += 1; }
    public static int test_97_constrained_call_on_struct() { Point p = new Point(I(3), I(4)); return p.GetHashCode(); }
    static Point origin;
    public static int test_19_struct_array()
    {
        Point[] ps = new Point[I(3)];
        for (int i = 0; i < ps.Length; i++) ps[i] = new Point(i, i * 2);
        ps[1].X += 10;
        return ps[0].Sum() + ps[1].Sum() + ps[2].Sum();
    }
    public static int test_8_big_struct_array()
    {
        Big[] bs = new Big[I(2)];
        bs[1].A = 5; bs[1].D = 3; bs[1].C = bs;
        Big c = bs[1];
        return (int)c.A + c.D + (c.C == (object)bs ? 0 : 100) + (int)bs[0].A;
    }

    // ---- strings --------------------------------------------------------------------------------
    public static string Greeting() { return "h\u00e9llo"; }
}

public class Shape
{
    public int sides;
    public long area;
    public Shape(int s) { sides = s; }
    public virtual int Kind() { return 1; }
    public int Sides() { return sides; }
}

public class Square : Shape
{
    public double side;
    public Square(double d) : base(4) { side = d; }
    public override int Kind() { return 2; }
}

public class Node
{
    public int value;
    public Node next;
}

public class SampleError : System.Exception
{
    public int code;
    public SampleError(int c) { code = c; }
}

public struct Point
{
    public int X;
    public int Y;
    public Point(int x, int y) { X = x; Y = y; }
    public int Sum() { return X + Y; }
    public Big ToBig() { Big b = new Big(); b.A = X; b.D = (byte)Y; return b; }
    public override int GetHashCode() { return X * 31 + Y; }
}

public struct Big
{
    public long A;
    public double B;
    public object C;
    public byte D;
}

public enum Color : byte { Red = 1, Green = 2 }

public class Holder
{
    public Point P;
    public Big B;
}
