// Custom attributes with every argument kind, constants of every type, nested and generic types.
using System;

namespace Attrs
{
    public enum Color : short { Red = 1, Green = 2 }

    [AttributeUsage(AttributeTargets.All, AllowMultiple = true)]
    public sealed class EverythingAttribute : Attribute
    {
        public EverythingAttribute(bool b, char c, sbyte i1, byte u1, short i2, ushort u2, int i4, uint u4, long i8, ulong u8,
            float r4, double r8, string s, Type t, Color e, object boxed, int[] arr, string nullString) { }
        public object Field;
        public Color[] Colors { get; set; }
        public Type[] Types;
    }

    [Everything(true, 'x', -5, 250, -300, 60000, -70000, 4000000000, -9000000000L, 18000000000000000000UL,
        1.5f, -2.25, "hello", typeof(string), Color.Green, 42, new[] { 1, 2, 3 }, null,
        Field = "boxed string", Colors = new[] { Color.Red, Color.Green }, Types = new[] { typeof(int), null })]
    [Everything(false, 'y', 0, 0, 0, 0, 0, 0, 0, 0, 0f, 0.0, null, null, Color.Red, typeof(Color), null, "n", Field = Color.Green)]
    public class Host
    {
        public const bool B = true;
        public const char C = 'q';
        public const sbyte I1 = -1;
        public const byte U1 = 255;
        public const short I2 = -2;
        public const ushort U2 = 65535;
        public const int I4 = -3;
        public const uint U4 = 4294967295;
        public const long I8 = -4;
        public const ulong U8 = 18446744073709551615;
        public const float R4 = 0.5f;
        public const double R8 = -0.25;
        public const string S = "const string";
        public const string Empty = "";
        public const object Null = null;

        public static unsafe int Pinned(int[] values)
        {
            fixed (int* p = &values[0]) return *p;
        }

        public class Inner<T> where T : class, IComparable<T>, new()
        {
            public T Value;
        }
    }
}
