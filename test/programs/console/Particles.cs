using System;

// A deterministic particle simulation over arrays of structs: integration with doubles,
// collisions with walls, energy bookkeeping, and formatted output of the final state.
struct Vec2 { public double X, Y; public Vec2(double x, double y) { X = x; Y = y; } public static Vec2 operator +(Vec2 a, Vec2 b) { return new Vec2(a.X + b.X, a.Y + b.Y); } public static Vec2 operator *(Vec2 a, double k) { return new Vec2(a.X * k, a.Y * k); } public double Dot(Vec2 o) { return X * o.X + Y * o.Y; } }
struct Particle { public Vec2 Pos, Vel; public double Mass; public int Bounces; }

class Particles
{
    static void Main()
    {
        System.Globalization.CultureInfo.CurrentCulture = System.Globalization.CultureInfo.InvariantCulture;
        var ps = new Particle[6];
        uint seed = 7;
        Func<double> rnd = () => { seed = seed * 1664525 + 1013904223; return (seed >> 8) / (double)(1 << 24); };
        for (int i = 0; i < ps.Length; i++) { ps[i].Pos = new Vec2(rnd() * 10, rnd() * 10); ps[i].Vel = new Vec2(rnd() * 4 - 2, rnd() * 4 - 2); ps[i].Mass = 1 + i * 0.5; }
        var gravity = new Vec2(0, -9.81);
        double dt = 0.01, e0 = Energy(ps, gravity);
        for (int step = 0; step < 1000; step++)
        {
            for (int i = 0; i < ps.Length; i++)
            {
                ref Particle p = ref ps[i];
                p.Vel = p.Vel + gravity * dt;
                p.Pos = p.Pos + p.Vel * dt;
                if (p.Pos.Y < 0) { p.Pos.Y = -p.Pos.Y; p.Vel.Y = -p.Vel.Y; p.Bounces++; }
                if (p.Pos.X < 0 || p.Pos.X > 10) { p.Pos.X = p.Pos.X < 0 ? -p.Pos.X : 20 - p.Pos.X; p.Vel.X = -p.Vel.X; p.Bounces++; }
            }
        }
        for (int i = 0; i < ps.Length; i++) Console.WriteLine(string.Format("{0}: pos=({1,7:F3},{2,7:F3}) vel=({3,7:F3},{4,7:F3}) bounces={5}", i, ps[i].Pos.X, ps[i].Pos.Y, ps[i].Vel.X, ps[i].Vel.Y, ps[i].Bounces));
        double e1 = Energy(ps, gravity);
        Console.WriteLine("energy {0:F4} -> {1:F4} drift {2:P2}", e0, e1, (e1 - e0) / e0);
        Array.Sort(ps, (a, b) => b.Bounces.CompareTo(a.Bounces));
        Console.WriteLine("most bounces: mass " + ps[0].Mass + " with " + ps[0].Bounces);
    }

    static double Energy(Particle[] ps, Vec2 g) { double e = 0; foreach (var p in ps) e += 0.5 * p.Mass * p.Vel.Dot(p.Vel) - p.Mass * g.Y * p.Pos.Y; return e; }
}
