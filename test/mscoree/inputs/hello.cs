// A minimal program compiled once per mcs platform/target variant for the _CorValidateImage tests.
public static class Hello
{
    public static int Main(string[] args)
    {
        System.Console.WriteLine("hello from " + (System.IntPtr.Size * 8) + "-bit");
        return args.Length;
    }
}
