// Inputs of the disasm tests: a loop and a branch (code out of IL order), an overloaded name, and a
// method with a try/finally.
namespace Disasm
{
    class Calc
    {
        static int SumTo(int n)
        {
            int total = 0;
            for (int i = 1; i <= n; i++) total += i;
            return total;
        }

        static int Pick(int x) { return x > 0 ? x : -x; }
        static string Pick(string s) { return s ?? "none"; }

        static int Guarded(int[] a)
        {
            try { return a[0]; }
            finally { Pick(1); }
        }

        static int Main() { return SumTo(4) + Pick(-2) + Pick("x").Length + Guarded(new int[] { 1 }); }
    }
}
