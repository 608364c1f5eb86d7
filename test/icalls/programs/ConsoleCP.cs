// The P/Invokes Console's Windows path makes: kernel32!GetConsoleCP and GetConsoleOutputCP.
using System.Runtime.InteropServices;

static class ConsoleCP
{
    [DllImport("kernel32")]
    static extern uint GetConsoleCP();

    [DllImport("kernel32.dll")]
    static extern uint GetConsoleOutputCP();

    static int Main()
    {
        uint output = GetConsoleOutputCP();
        if (GetConsoleCP() != output) return 255;
        return (int)(output % 251);
    }
}
