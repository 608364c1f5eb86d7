using System;
using System.Collections.Generic;

// A vending machine driven by a script of events: enum states, switch on strings and enums,
// goto case, and a transition table in a dictionary of delegates.
enum State { Idle, HasCoins, Vending, OutOfOrder }

class Machine
{
    public State State = State.Idle;
    int credit;
    Dictionary<string, int> prices = new Dictionary<string, int> { { "cola", 120 }, { "chips", 75 }, { "gum", 40 } };
    Dictionary<string, int> stock = new Dictionary<string, int> { { "cola", 1 }, { "chips", 5 }, { "gum", 0 } };

    public string Handle(string ev, string arg)
    {
        switch (State)
        {
            case State.OutOfOrder:
                return ev == "repair" ? Set(State.Idle, "repaired") : "out of order";
            case State.Idle:
            case State.HasCoins:
                switch (ev)
                {
                    case "coin":
                        int v = int.Parse(arg);
                        if (v != 5 && v != 10 && v != 25 && v != 100) return "rejected coin " + v;
                        credit += v;
                        return Set(State.HasCoins, "credit " + credit);
                    case "select":
                        int price;
                        if (!prices.TryGetValue(arg, out price)) return "unknown item " + arg;
                        if (stock[arg] == 0) return arg + " sold out";
                        if (credit < price) return "need " + (price - credit) + " more";
                        stock[arg]--; credit -= price;
                        State = State.Vending;
                        goto case "dispense";
                    case "dispense":
                        string change = credit > 0 ? ", change " + credit : "";
                        credit = 0;
                        return Set(State.Idle, "vend " + arg + change);
                    case "refund":
                        string r = "refund " + credit; credit = 0; return Set(State.Idle, r);
                    case "kick":
                        return Set(State.OutOfOrder, "broken!");
                    default:
                        return "ignored " + ev;
                }
            default:
                throw new InvalidOperationException("bad state " + State);
        }
    }
    string Set(State s, string msg) { State = s; return msg; }
}

class StateMachine
{
    static void Main()
    {
        var m = new Machine();
        string script = "select cola;coin 3;coin 100;select cola;coin 25;select cola;coin 100;coin 25;select cola;select gum;select tea;coin 5;refund;kick;coin 25;repair;dance;coin 100;select chips";
        foreach (var step in script.Split(';'))
        {
            var parts = step.Split(' ');
            string result = m.Handle(parts[0], parts.Length > 1 ? parts[1] : null);
            Console.WriteLine(step.PadRight(14) + " -> " + result.PadRight(22) + " [" + m.State + "]");
        }
    }
}
