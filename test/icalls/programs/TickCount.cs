// Environment.TickCount (icall) and kernel32!GetTickCount (P/Invoke) read the same virtual clock.
using System;
using System.Runtime.InteropServices;

static class TickCount
{
    [DllImport("kernel32")]
    static extern uint GetTickCount();

    static int Main()
    {
        int before = (int)GetTickCount();
        int ticks = Environment.TickCount;
        int after = (int)GetTickCount();
        if (ticks < before) return 1;
        if (ticks > after) return 2;
        return 0;
    }
}
