using System;
using System.Collections.Generic;
using System.Reflection;

// Reflection as plug-in hosts use it: types by name, members, attributes, Activator,
// generic instantiation, and invoking methods and properties.
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
class CommandAttribute : Attribute
{
    public string Name;
    public CommandAttribute(string name) { Name = name; }
}

interface IPlugin { string Run(string input); }

[Command("upper")]
class UpperPlugin : IPlugin { public string Run(string input) { return input.ToUpper(); } }

[Command("reverse")]
class ReversePlugin : IPlugin
{
    public int Calls { get; set; }
    public string Run(string input) { Calls++; var c = input.ToCharArray(); Array.Reverse(c); return new string(c); }
}

class NotAPlugin { }

class Reflection
{
    public static int Twice(int x) { return 2 * x; }

    static void Main()
    {
        var plugins = new List<IPlugin>();
        foreach (var t in typeof(Reflection).Assembly.GetTypes())
        {
            if (!typeof(IPlugin).IsAssignableFrom(t) || t.IsInterface) continue;
            var attr = (CommandAttribute)Attribute.GetCustomAttribute(t, typeof(CommandAttribute));
            Console.WriteLine("found " + t.Name + " as " + attr.Name);
            plugins.Add((IPlugin)Activator.CreateInstance(t));
        }
        plugins.Sort((a, b) => string.CompareOrdinal(a.GetType().Name, b.GetType().Name));
        foreach (var p in plugins) Console.WriteLine(p.Run("plugin"));
        Type rt = Type.GetType("ReversePlugin");
        object inst = Activator.CreateInstance(rt);
        MethodInfo run = rt.GetMethod("Run");
        Console.WriteLine(run.Invoke(inst, new object[] { "abc" }));
        PropertyInfo calls = rt.GetProperty("Calls");
        Console.WriteLine(calls.GetValue(inst, null) + " " + calls.PropertyType.Name);
        calls.SetValue(inst, 10, null);
        Console.WriteLine(((ReversePlugin)inst).Calls);
        Console.WriteLine(typeof(Reflection).GetMethod("Twice").Invoke(null, new object[] { 21 }));
        Type listOfInt = typeof(List<>).MakeGenericType(typeof(int));
        Console.WriteLine(listOfInt.Name + " " + listOfInt.GetGenericArguments()[0].Name);
        var list = (System.Collections.IList)Activator.CreateInstance(listOfInt);
        list.Add(5); list.Add(6);
        Console.WriteLine(list.Count);
        Console.WriteLine(typeof(NotAPlugin).IsClass + " " + typeof(IPlugin).IsInterface + " " + typeof(int).IsValueType + " " + typeof(string).IsSealed);
        Console.WriteLine(typeof(UpperPlugin).GetInterfaces()[0].Name + " " + typeof(ReversePlugin).BaseType.FullName);
        Console.WriteLine(new int[0].GetType().Name + " " + typeof(int[]).GetElementType().Name + " " + typeof(Dictionary<string, int>).FullName.Split('[')[0]);
        Console.WriteLine(typeof(Reflection).GetMethod("Main", BindingFlags.NonPublic | BindingFlags.Static).Name);
    }
}
