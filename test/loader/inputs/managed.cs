// managed: the smallest .NET program; the loader hands it to mscoree.dll.
public static class Program
{
    public static int Main() { return 42; }
}
