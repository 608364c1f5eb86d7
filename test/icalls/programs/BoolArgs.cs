// bool marshalling: a 4-byte BOOL by default, one byte for MarshalAs(U1), a VARIANT_BOOL (-1)
// for MarshalAs(VariantBool) — in both directions. Returns 0, or the number of the failed check.
using System.Runtime.InteropServices;

static class BoolArgs
{
    [DllImport("msvcrt", CallingConvention = CallingConvention.Cdecl)]
    static extern int abs(bool value);

    [DllImport("msvcrt", EntryPoint = "abs", CallingConvention = CallingConvention.Cdecl)]
    static extern int AbsVariant([MarshalAs(UnmanagedType.VariantBool)] bool value);

    // strlen's result read back as a bool: all 32 bits for BOOL, the low byte for U1.
    [DllImport("msvcrt", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
    static extern bool LengthAsBool(string s);

    [DllImport("msvcrt", EntryPoint = "strlen", CallingConvention = CallingConvention.Cdecl)]
    [return: MarshalAs(UnmanagedType.U1)]
    static extern bool LengthAsByteBool(string s);

    // 256 and 257 characters: strlen's low byte is 0 and 1.
    const string S256 = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx";
    const string S257 = S256 + "x";

    static int Main()
    {
        if (abs(true) != 1) return 1;
        if (abs(false) != 0) return 2;
        if (AbsVariant(true) != 0xffff) return 3;
        if (!LengthAsBool(S256)) return 4;
        if (LengthAsByteBool(S256)) return 5;
        if (!LengthAsByteBool(S257)) return 6;
        return 0;
    }
}
