using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Reflection;
using System.Text;

// A reflection-driven JSON serializer: public properties and fields of objects, collections,
// dictionaries, enums, nullables and escaping, plus a tiny tokenizer that reads the output back.
enum Status { Active, Suspended }
class Address { public string Street { get; set; } public int Zip; }
class Person
{
    public string Name { get; set; }
    public int Age { get; set; }
    public double Score { get; set; }
    public bool Admin { get; set; }
    public Status Status { get; set; }
    public int? Manager { get; set; }
    public Address Home { get; set; }
    public List<string> Tags = new List<string>();
    public Dictionary<string, int> Counters = new Dictionary<string, int>();
    public DateTime Joined { get; set; }
    public string Ignored { private get; set; }
}

static class Json
{
    public static string Write(object o)
    {
        var sb = new StringBuilder();
        Write(o, sb);
        return sb.ToString();
    }

    static void Write(object o, StringBuilder sb)
    {
        if (o == null) { sb.Append("null"); return; }
        var t = o.GetType();
        if (o is string) { Str((string)o, sb); return; }
        if (o is bool) { sb.Append((bool)o ? "true" : "false"); return; }
        if (t.IsEnum) { Str(o.ToString(), sb); return; }
        if (o is DateTime) { Str(((DateTime)o).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture), sb); return; }
        if (t.IsPrimitive || o is decimal) { sb.Append(Convert.ToString(o, CultureInfo.InvariantCulture)); return; }
        var dict = o as IDictionary;
        if (dict != null)
        {
            sb.Append('{'); bool first = true;
            foreach (DictionaryEntry e in dict) { if (!first) sb.Append(','); first = false; Str(e.Key.ToString(), sb); sb.Append(':'); Write(e.Value, sb); }
            sb.Append('}'); return;
        }
        var seq = o as IEnumerable;
        if (seq != null) { sb.Append('['); bool first = true; foreach (var x in seq) { if (!first) sb.Append(','); first = false; Write(x, sb); } sb.Append(']'); return; }
        sb.Append('{');
        bool any = false;
        foreach (var p in t.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetGetMethod() == null) continue;
            if (any) sb.Append(','); any = true;
            Str(p.Name, sb); sb.Append(':'); Write(p.GetValue(o, null), sb);
        }
        foreach (var f in t.GetFields(BindingFlags.Public | BindingFlags.Instance))
        {
            if (any) sb.Append(','); any = true;
            Str(f.Name, sb); sb.Append(':'); Write(f.GetValue(o), sb);
        }
        sb.Append('}');
    }

    static void Str(string s, StringBuilder sb)
    {
        sb.Append('"');
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                default: if (c < 32) sb.Append("\\u").Append(((int)c).ToString("x4")); else sb.Append(c); break;
            }
        }
        sb.Append('"');
    }
}

class JsonWriter
{
    static void Main()
    {
        var p = new Person { Name = "Ada \"the\" Lovelace", Age = 36, Score = 99.5, Admin = true, Status = Status.Suspended, Home = new Address { Street = "1 Main\tSt", Zip = 12345 }, Joined = new DateTime(1843, 7, 10, 8, 30, 0), Ignored = "x" };
        p.Tags.Add("math"); p.Tags.Add("poet\\ess");
        p.Counters["notes"] = 7; p.Counters["programs"] = 1;
        string json = Json.Write(p);
        Console.WriteLine(json);
        Console.WriteLine(Json.Write(new object[] { 1, "two", 3.25, null, new[] { true, false }, Status.Active, 'c', 10m }));
        int depth = 0, maxDepth = 0, strings = 0; bool inString = false;
        for (int i = 0; i < json.Length; i++)
        {
            char c = json[i];
            if (inString) { if (c == '\\') i++; else if (c == '"') inString = false; continue; }
            if (c == '"') { inString = true; strings++; }
            else if (c == '{' || c == '[') maxDepth = Math.Max(maxDepth, ++depth);
            else if (c == '}' || c == ']') depth--;
        }
        Console.WriteLine("strings " + strings + ", max depth " + maxDepth + ", balanced " + (depth == 0));
        var props = typeof(Person).GetProperties();
        Array.Sort(props, (a, b) => string.CompareOrdinal(a.Name, b.Name));
        foreach (var pi in props) Console.Write(pi.Name + ":" + pi.PropertyType.Name + (pi.CanWrite ? "" : "(ro)") + " ");
        Console.WriteLine();
    }
}
