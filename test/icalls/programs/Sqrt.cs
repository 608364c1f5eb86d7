// Math.Sqrt is an internal call: the JIT calls its precode, the prestub binds the icall gate.
using System;

static class Sqrt
{
    static int Main()
    {
        return (int)Math.Sqrt(1764.0);
    }
}
