using System;
using System.Text;

// Conway's Game of Life on a wrapping 2-D grid (multi-dimensional arrays), printed each
// generation.
class GameOfLife
{
    static bool[,] Step(bool[,] g)
    {
        int h = g.GetLength(0), w = g.GetLength(1);
        var n = new bool[h, w];
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
            {
                int live = 0;
                for (int dy = -1; dy <= 1; dy++)
                    for (int dx = -1; dx <= 1; dx++)
                        if ((dy != 0 || dx != 0) && g[(y + dy + h) % h, (x + dx + w) % w]) live++;
                n[y, x] = g[y, x] ? live == 2 || live == 3 : live == 3;
            }
        return n;
    }

    static string Show(bool[,] g)
    {
        var sb = new StringBuilder();
        for (int y = 0; y < g.GetLength(0); y++)
        {
            for (int x = 0; x < g.GetLength(1); x++) sb.Append(g[y, x] ? '#' : '.');
            sb.AppendLine();
        }
        return sb.ToString();
    }

    static void Main()
    {
        var g = new bool[8, 10];
        g[0, 1] = g[1, 2] = g[2, 0] = g[2, 1] = g[2, 2] = true; // glider
        g[5, 6] = g[5, 7] = g[5, 8] = true; // blinker
        for (int gen = 0; gen < 5; gen++)
        {
            Console.WriteLine("generation " + gen);
            Console.Write(Show(g));
            g = Step(g);
        }
        int alive = 0;
        foreach (bool b in g) if (b) alive++;
        Console.WriteLine("alive " + alive + " rank " + g.Rank + " length " + g.Length);
        var jag = new int[3][];
        for (int i = 0; i < 3; i++) { jag[i] = new int[i + 1]; for (int j = 0; j <= i; j++) jag[i][j] = i * j; }
        foreach (var row in jag) Console.WriteLine(string.Join(",", row));
        var cube = new int[2, 3, 4];
        cube[1, 2, 3] = 9;
        Console.WriteLine(cube[1, 2, 3] + " " + cube.GetUpperBound(2) + " " + cube.Length);
    }
}
