// Array.Copy and Array.Clear: the class library's checks, then icalls FastCopy and ClearInternal.
using System;

static class ArrayCopy
{
    static int Main()
    {
        int[] source = new int[5];
        for (int i = 0; i < 5; i++) source[i] = i + 1;
        int[] dest = new int[5];
        Array.Copy(source, 1, dest, 0, 4);
        if (dest[0] != 2 || dest[3] != 5 || dest[4] != 0) return 1;
        Array.Clear(dest, 1, 2);
        if (dest[0] != 2 || dest[1] != 0 || dest[2] != 0 || dest[3] != 5) return 2;
        return 0;
    }
}
