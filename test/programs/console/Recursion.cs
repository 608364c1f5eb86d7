using System;
using System.Collections.Generic;
using System.Text;

// Recursive algorithms: Towers of Hanoi, permutations, N-queens, subsets, flood fill, memoised
// Fibonacci with a dictionary and Ackermann.
class RecursionProgram
{
    static int moves;
    static void Hanoi(int n, char from, char to, char via, StringBuilder log) { if (n == 0) return; Hanoi(n - 1, from, via, to, log); moves++; if (n >= 3) log.Append(n).Append(from).Append(to).Append(' '); Hanoi(n - 1, via, to, from, log); }
    static void Permute(string prefix, string rest, List<string> acc) { if (rest.Length == 0) { acc.Add(prefix); return; } for (int i = 0; i < rest.Length; i++) Permute(prefix + rest[i], rest.Remove(i, 1), acc); }
    static int Queens(int n, int row, int[] cols)
    {
        if (row == n) return 1;
        int count = 0;
        for (int c = 0; c < n; c++)
        {
            bool ok = true;
            for (int r = 0; r < row; r++) if (cols[r] == c || Math.Abs(cols[r] - c) == row - r) { ok = false; break; }
            if (ok) { cols[row] = c; count += Queens(n, row + 1, cols); }
        }
        return count;
    }
    static Dictionary<int, long> memo = new Dictionary<int, long>();
    static long Fib(int n) { if (n < 2) return n; long v; if (memo.TryGetValue(n, out v)) return v; v = Fib(n - 1) + Fib(n - 2); memo[n] = v; return v; }
    static int Ackermann(int m, int n) { return m == 0 ? n + 1 : n == 0 ? Ackermann(m - 1, 1) : Ackermann(m - 1, Ackermann(m, n - 1)); }
    static int Fill(char[][] g, int y, int x) { if (y < 0 || y >= g.Length || x < 0 || x >= g[y].Length || g[y][x] != '.') return 0; g[y][x] = '~'; return 1 + Fill(g, y + 1, x) + Fill(g, y - 1, x) + Fill(g, y, x + 1) + Fill(g, y, x - 1); }

    static void Main()
    {
        var log = new StringBuilder();
        Hanoi(10, 'A', 'C', 'B', log);
        Console.WriteLine(moves + " moves; " + log.ToString().Substring(0, 60));
        var perms = new List<string>();
        Permute("", "abcd", perms);
        Console.WriteLine(perms.Count + " " + string.Join(" ", perms.GetRange(0, 8)));
        for (int n = 4; n <= 8; n++) Console.Write(Queens(n, 0, new int[n]) + " ");
        Console.WriteLine();
        Console.WriteLine(Fib(90) + " " + memo.Count);
        Console.WriteLine(Ackermann(2, 3) + " " + Ackermann(3, 3));
        var grid = new[] { "#######", "#...#.#", "#.#.#.#", "#.#...#", "#######" };
        var cells = new char[grid.Length][];
        for (int i = 0; i < grid.Length; i++) cells[i] = grid[i].ToCharArray();
        Console.WriteLine(Fill(cells, 1, 1));
        foreach (var row in cells) Console.WriteLine(new string(row));
        var subsets = new List<string>();
        for (int mask = 0; mask < 8; mask++) { var sb = new StringBuilder("{"); for (int b = 0; b < 3; b++) if ((mask & (1 << b)) != 0) sb.Append("xyz"[b]); subsets.Add(sb.Append('}').ToString()); }
        Console.WriteLine(string.Join(" ", subsets));
    }
}
