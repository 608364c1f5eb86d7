using System;
using System.Collections.Generic;
using System.Globalization;

// A recursive-descent expression evaluator with variables, precedence, unary minus, functions
// and error reporting.
class Calculator
{
    string src; int pos;
    Dictionary<string, double> vars = new Dictionary<string, double>();

    class ParseError : Exception { public ParseError(string m) : base(m) { } }

    double Eval(string s) { src = s; pos = 0; double v = Expr(); Skip(); if (pos < src.Length) throw new ParseError("unexpected '" + src[pos] + "' at " + pos); return v; }
    void Skip() { while (pos < src.Length && char.IsWhiteSpace(src[pos])) pos++; }
    bool Eat(char c) { Skip(); if (pos < src.Length && src[pos] == c) { pos++; return true; } return false; }

    double Expr()
    {
        double v = Term();
        while (true) { if (Eat('+')) v += Term(); else if (Eat('-')) v -= Term(); else return v; }
    }
    double Term()
    {
        double v = Factor();
        while (true)
        {
            if (Eat('*')) v *= Factor();
            else if (Eat('/')) { double d = Factor(); if (d == 0) throw new ParseError("division by zero"); v /= d; }
            else if (Eat('%')) v %= Factor();
            else return v;
        }
    }
    double Factor() { double b = Unary(); if (Eat('^')) return Math.Pow(b, Factor()); return b; }
    double Unary() { if (Eat('-')) return -Unary(); if (Eat('+')) return Unary(); return Primary(); }
    double Primary()
    {
        Skip();
        if (Eat('(')) { double v = Expr(); if (!Eat(')')) throw new ParseError("missing )"); return v; }
        int start = pos;
        if (pos < src.Length && (char.IsDigit(src[pos]) || src[pos] == '.'))
        {
            while (pos < src.Length && (char.IsDigit(src[pos]) || src[pos] == '.')) pos++;
            return double.Parse(src.Substring(start, pos - start), CultureInfo.InvariantCulture);
        }
        while (pos < src.Length && char.IsLetter(src[pos])) pos++;
        string name = src.Substring(start, pos - start);
        if (name.Length == 0) throw new ParseError(pos < src.Length ? "unexpected '" + src[pos] + "'" : "unexpected end");
        if (Eat('('))
        {
            double a = Expr();
            if (!Eat(')')) throw new ParseError("missing ) after " + name);
            switch (name)
            {
                case "sqrt": return Math.Sqrt(a);
                case "abs": return Math.Abs(a);
                case "sin": return Math.Sin(a);
                case "ln": return Math.Log(a);
                default: throw new ParseError("unknown function " + name);
            }
        }
        double val;
        if (!vars.TryGetValue(name, out val)) throw new ParseError("unknown variable " + name);
        return val;
    }

    static void Main()
    {
        var c = new Calculator();
        c.vars["pi"] = Math.PI; c.vars["x"] = 2.5;
        string[] inputs = { "1 + 2 * 3", "(1 + 2) * 3", "-x * 4", "2 ^ 3 ^ 2", "sqrt(16) + abs(-3)", "10 % 4 + 7 / 2", "sin(pi / 2)", "ln(1)", "1 / 0", "2 +", "foo(1)", "y * 2", "3 $ 4", "((2)" };
        foreach (var s in inputs)
        {
            try { Console.WriteLine(s + " = " + c.Eval(s).ToString("R", CultureInfo.InvariantCulture)); }
            catch (ParseError e) { Console.WriteLine(s + " : error: " + e.Message); }
        }
    }
}
