using System;
using System.Text;

// Dense linear algebra with doubles: multiplication, transpose, Gaussian elimination with
// partial pivoting, determinant and inverse, printed with fixed formatting.
class Matrix
{
    readonly double[,] a;
    public int N { get { return a.GetLength(0); } }
    public Matrix(double[,] v) { a = v; }
    public static Matrix Identity(int n) { var m = new double[n, n]; for (int i = 0; i < n; i++) m[i, i] = 1; return new Matrix(m); }
    public static Matrix operator *(Matrix x, Matrix y)
    {
        int n = x.N; var r = new double[n, n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { double s = 0; for (int k = 0; k < n; k++) s += x.a[i, k] * y.a[k, j]; r[i, j] = s; }
        return new Matrix(r);
    }
    public Matrix Transpose() { var r = new double[N, N]; for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) r[j, i] = a[i, j]; return new Matrix(r); }
    public double Determinant()
    {
        var m = (double[,])a.Clone(); int n = N; double det = 1;
        for (int c = 0; c < n; c++)
        {
            int p = c; for (int r = c + 1; r < n; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[p, c])) p = r;
            if (Math.Abs(m[p, c]) < 1e-12) return 0;
            if (p != c) { for (int k = 0; k < n; k++) { double t = m[c, k]; m[c, k] = m[p, k]; m[p, k] = t; } det = -det; }
            det *= m[c, c];
            for (int r = c + 1; r < n; r++) { double f = m[r, c] / m[c, c]; for (int k = c; k < n; k++) m[r, k] -= f * m[c, k]; }
        }
        return det;
    }
    public Matrix Inverse()
    {
        int n = N; var m = new double[n, 2 * n];
        for (int i = 0; i < n; i++) { for (int j = 0; j < n; j++) m[i, j] = a[i, j]; m[i, n + i] = 1; }
        for (int c = 0; c < n; c++)
        {
            int p = c; for (int r = c + 1; r < n; r++) if (Math.Abs(m[r, c]) > Math.Abs(m[p, c])) p = r;
            if (Math.Abs(m[p, c]) < 1e-12) throw new InvalidOperationException("singular matrix");
            for (int k = 0; k < 2 * n; k++) { double t = m[c, k]; m[c, k] = m[p, k]; m[p, k] = t; }
            double d = m[c, c]; for (int k = 0; k < 2 * n; k++) m[c, k] /= d;
            for (int r = 0; r < n; r++) if (r != c) { double f = m[r, c]; for (int k = 0; k < 2 * n; k++) m[r, k] -= f * m[c, k]; }
        }
        var inv = new double[n, n]; for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) inv[i, j] = m[i, n + j];
        return new Matrix(inv);
    }
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < N; i++) { for (int j = 0; j < N; j++) sb.Append((Math.Abs(a[i, j]) < 5e-10 ? 0 : a[i, j]).ToString("F4").PadLeft(10)); sb.AppendLine(); }
        return sb.ToString();
    }
}

class MatrixProgram
{
    static void Main()
    {
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        var m = new Matrix(new double[,] { { 4, 7, 2 }, { 3, 6, 1 }, { 2, 5, 3 } });
        Console.Write(m);
        Console.WriteLine("det " + m.Determinant().ToString("F6"));
        var inv = m.Inverse();
        Console.Write(inv);
        Console.Write(m * inv);
        Console.Write(m.Transpose() * Matrix.Identity(3));
        var singular = new Matrix(new double[,] { { 1, 2 }, { 2, 4 } });
        Console.WriteLine("det " + singular.Determinant());
        try { singular.Inverse(); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
        double x = 0; for (int i = 1; i <= 1000; i++) x += 1.0 / (i * (double)i);
        Console.WriteLine(x.ToString("R") + " " + Math.Sqrt(6 * x).ToString("F10") + " " + Math.Exp(1).ToString("R") + " " + Math.Atan2(1, 1) * 4);
        Console.WriteLine(Math.Floor(-2.5) + " " + Math.Ceiling(-2.5) + " " + Math.Truncate(2.7) + " " + Math.Pow(2, 0.5) + " " + Math.Log10(1000) + " " + Math.Cos(0));
        float f = 1f / 3f;
        Console.WriteLine(f + " " + (double)f + " " + (f * 3 == 1f) + " " + float.MaxValue + " " + float.Epsilon);
    }
}
