// A class library (DLL): its entry is mscoree!_CorDllMain.
namespace ValidateInputs
{
    public class Adder
    {
        public int Add(int a, int b) { return a + b; }
    }
}
