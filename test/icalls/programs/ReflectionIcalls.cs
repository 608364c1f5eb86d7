using System;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;

// Each line reaches one group of the runtime's reflection, enum, array, thread and domain
// internal calls; the output is compared with mono's.
[Flags] enum Mode : short { None = 0, A = 1, B = 2, C = -32768 }
enum Small : sbyte { Neg = -3, Zero = 0, Pos = 7 }
class Outer { public class Inner<T> { } }
[System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Pack = 2)] struct Packed { public byte B; public int I; public long L; }
class Holder { public int Count; public static string Shared = "initial"; private double hidden = 2.5; public Holder() { hidden += 0; } }
[Obsolete("old")] class Marked { [Obsolete] public void M() { } }

class ReflectionIcalls
{
    public static T Pick<T, U>(T t, U u) { return t; }

    static void Main()
    {
        // Enum: values and names (signed values sort unsigned), boxing, compare, flags, hash, underlying type.
        Console.WriteLine(string.Join(",", Enum.GetNames(typeof(Mode))) + " " + string.Join(",", (Mode[])Enum.GetValues(typeof(Mode))));
        Console.WriteLine(Enum.ToObject(typeof(Small), -3) + " " + Enum.ToObject(typeof(Mode), 3) + " " + Small.Neg.CompareTo(Small.Pos) + " " + Mode.C.CompareTo(Mode.A));
        Console.WriteLine((Mode.A | Mode.B).HasFlag(Mode.B) + " " + Mode.A.HasFlag(Mode.C) + " " + Small.Neg.GetHashCode() + " " + Mode.C.GetHashCode() + " " + Enum.GetUnderlyingType(typeof(Small)).Name);
        // Arrays created, read and written through System.Array.
        var grid = (int[,])Array.CreateInstance(typeof(int), 2, 3);
        grid.SetValue(5, 1, 2);
        var bounded = Array.CreateInstance(typeof(string), new[] { 2 }, new[] { 10 });
        bounded.SetValue("x", 11);
        Console.WriteLine(grid.GetValue(1, 2) + " " + grid.Rank + " " + bounded.GetLowerBound(0) + " " + bounded.GetValue(11) + " " + bounded.GetType().Name);
        try { ((Array)new int[1]).SetValue("no", 0); } catch (InvalidCastException) { Console.WriteLine("array SetValue cast refused"); }
        // Type names, shapes and relations.
        Type inner = typeof(Outer.Inner<int>);
        Console.WriteLine(inner.FullName.Split(',')[0] + " | " + inner.ToString() + " | " + inner.DeclaringType.Name + " | " + inner.GetGenericTypeDefinition().Name);
        Console.WriteLine(typeof(int).MakeArrayType().Name + " " + typeof(int).MakeArrayType(2).Name + " " + typeof(int[,]).GetArrayRank() + " " + typeof(string[]).GetElementType().Name);
        Console.WriteLine(Type.GetTypeCode(typeof(Mode)) + " " + Type.GetTypeCode(typeof(string)) + " " + Type.GetTypeCode(typeof(Marked)) + " " + (typeof(Marked).MetadataToken >> 24));
        Console.WriteLine(string.Join(",", Array.ConvertAll(typeof(List<int>).GetInterfaces(), t => t.Name)).Contains("IList`1") + " " + typeof(Span<int>).IsByRefLike + " " + typeof(int).IsByRefLike);
        Type gp = typeof(Dictionary<,>).GetGenericArguments()[1];
        Console.WriteLine(gp.Name + " " + gp.IsGenericParameter + " " + gp.GenericParameterPosition + " " + (gp.DeclaringMethod == null));
        Console.WriteLine(Type.GetType("Outer+Inner`1") != null ? "found nested" : "missing" );
        Console.WriteLine(Type.GetType("System.Int32[]").Name + " " + (Type.GetType("No.Such.Type") == null) + " " + Type.GetType("System.Collections.Generic.List`1, mscorlib").Name);
        try { Type.GetType("No.Such.Type", true); } catch (TypeLoadException e) { Console.WriteLine(e.GetType().Name); }
        // Assemblies and custom attributes.
        Assembly me = Assembly.GetEntryAssembly();
        Console.WriteLine(me.GetName().Name + " " + (me.GetTypes().Length > 4) + " " + me.FullName.Split(',')[0]);
        Console.WriteLine(typeof(Marked).IsDefined(typeof(ObsoleteAttribute), false) + " " + ((ObsoleteAttribute)typeof(Marked).GetCustomAttributes(typeof(ObsoleteAttribute), false)[0]).Message + " " + typeof(Marked).GetMethod("M").GetCustomAttributes(false).Length);
        // Generic methods through reflection.
        MethodInfo pick = typeof(ReflectionIcalls).GetMethod("Pick");
        Console.WriteLine(pick.GetGenericArguments().Length + " " + pick.GetGenericArguments()[1].Name);
        MethodInfo closed = pick.MakeGenericMethod(typeof(string), typeof(int));
        Console.WriteLine(closed.Invoke(null, new object[] { "picked", 3 }) + " " + (closed.GetGenericMethodDefinition() == pick) + " " + closed.GetGenericArguments()[1].Name);
        var f = (Func<string, int, string>)Delegate.CreateDelegate(typeof(Func<string, int, string>), closed);
        Console.WriteLine(f("via delegate", 1));
        // Domain data and the thread's state and name.
        AppDomain.CurrentDomain.SetData("answer", 42);
        Console.WriteLine(AppDomain.CurrentDomain.GetData("answer") + " " + (AppDomain.CurrentDomain.GetData("missing") == null) + " " + ((string)AppDomain.CurrentDomain.GetData("APPBASE")).Length.Equals(0));
        Thread th = Thread.CurrentThread;
        th.Name = "worker";
        Console.WriteLine(th.Name + " " + th.ThreadState + " " + th.IsBackground);
        th.IsBackground = true;
        Console.WriteLine(th.IsBackground + " " + th.ThreadState);
        th.IsBackground = false;
        try { th.Name = "again"; } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
        // Resources and unmanaged sizes.
        var info = typeof(object).Assembly.GetManifestResourceInfo("charinfo.nlp");
        Console.WriteLine(info.ResourceLocation + " " + (typeof(object).Assembly.GetManifestResourceInfo("no.such") == null));
        Console.WriteLine(System.Runtime.InteropServices.Marshal.SizeOf(typeof(Packed)) + " " + System.Runtime.InteropServices.Marshal.SizeOf(typeof(long)));
        try { System.Runtime.InteropServices.Marshal.SizeOf(typeof(Marked)); } catch (ArgumentException) { Console.WriteLine("no unmanaged size"); }
        // Fields: listing, reading and writing instance, static and struct fields.
        var fields = typeof(Holder).GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static);
        Array.Sort(fields, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var fd in fields) Console.Write(fd.Name + ":" + fd.FieldType.Name + (fd.IsStatic ? "(s)" : "") + (fd.IsPublic ? "" : "(np)") + " ");
        Console.WriteLine();
        var h = new Holder();
        FieldInfo count = typeof(Holder).GetField("Count");
        count.SetValue(h, 41);
        Console.WriteLine(count.GetValue(h) + " " + h.Count + " " + count.DeclaringType.Name + " " + count.ReflectedType.Name);
        typeof(Holder).GetField("Shared").SetValue(null, "set statically");
        Console.WriteLine(Holder.Shared + " " + typeof(Holder).GetField("hidden", BindingFlags.NonPublic | BindingFlags.Instance).GetValue(h));
        object boxedPoint = new Packed();
        typeof(Packed).GetField("I").SetValue(boxedPoint, 7);
        Console.WriteLine(((Packed)boxedPoint).I + " " + typeof(Packed).GetField("L").GetValue(boxedPoint));
        try { count.SetValue(h, "text"); } catch (ArgumentException) { Console.WriteLine("field type refused"); }
        long big = 1L << 40;
        Console.WriteLine(Interlocked.Read(ref big));
    }
}
