// The managed hello world: Console.WriteLine runs through Mono's real Console, TextWriter,
// StreamWriter, Encoding and MonoIO code, JIT-compiled to x86-64, down to the internal call that
// writes to the guest's standard output handle.
using System;

class Hello
{
    static void Main()
    {
        Console.WriteLine("Hello from .NET on an emulated x86-64 CPU!");
    }
}
