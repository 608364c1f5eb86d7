// Environment.NewLine comes from icall GetNewLine: "\r\n" on the Windows guest.
using System;

static class NewLine
{
    static int Main()
    {
        return Environment.NewLine.Length;
    }
}
