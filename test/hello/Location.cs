// Assembly.Location and CodeBase: the class library's guest path and its file URI.
using System;

static class Location
{
    static int Main()
    {
        var corlib = typeof(object).Assembly;
        if (!corlib.Location.EndsWith("mscorlib.dll")) return 1;
        if (!corlib.CodeBase.StartsWith("file:///")) return 2;
        if (!corlib.CodeBase.EndsWith("/mscorlib.dll")) return 3;
        var app = typeof(Location).Assembly;
        if (!app.Location.EndsWith("Location.exe")) return 4;
        return 100;
    }
}
