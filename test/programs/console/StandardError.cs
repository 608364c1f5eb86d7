using System;
using System.IO;

// Diagnostics written to Console.Error interleaved with normal output, redirected writers,
// and Console.Out replaced with a StringWriter and restored.
class StandardError
{
    static void Main()
    {
        Console.WriteLine("starting");
        Console.Error.WriteLine("warning: this goes to stderr");
        Console.Error.Write("partial ");
        Console.Error.WriteLine(42);
        TextWriter original = Console.Out;
        var capture = new StringWriter();
        Console.SetOut(capture);
        Console.WriteLine("captured line 1");
        Console.Write("captured {0}", 2);
        Console.SetOut(original);
        string got = capture.ToString();
        Console.WriteLine("captured " + got.Replace(Environment.NewLine, "").Length + " chars, " + got.Split('\n').Length + " lines");
        Console.WriteLine(got.Replace(Environment.NewLine, "/"));
        var err = Console.Error;
        err.WriteLine("error {0} of {1}", 1, 1);
        Console.Out.Flush();
        Console.WriteLine("done");
    }
}
