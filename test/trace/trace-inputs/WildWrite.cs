// Unsafe code writing to a wild address: under .NET Framework an unhandled AccessViolationException.
namespace Crash
{
    class WildWrite
    {
        static unsafe void Poke()
        {
            *(int*)0x12345678 = 1;
        }

        static int Main()
        {
            Poke();
            return 0;
        }
    }
}
