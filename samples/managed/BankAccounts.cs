using System;
using System.Collections.Generic;

// A ledger: accounts with decimal balances, transfers that fail atomically, a transaction log,
// interest, and locking around updates.
class InsufficientFundsException : Exception
{
    public InsufficientFundsException(string acct, decimal need) : base(string.Format("account {0} lacks {1:F2}", acct, need)) { }
}

class Account
{
    static int nextId = 1000;
    readonly object gate = new object();
    public int Id { get; private set; }
    public string Owner { get; private set; }
    public decimal Balance { get; private set; }
    public List<string> Log = new List<string>();
    public Account(string owner, decimal opening) { Id = nextId++; Owner = owner; Balance = opening; Log.Add("open " + opening); }
    public void Deposit(decimal amount)
    {
        if (amount <= 0) throw new ArgumentOutOfRangeException("amount", "must be positive");
        lock (gate) { Balance += amount; Log.Add("+" + amount); }
    }
    public void Withdraw(decimal amount)
    {
        lock (gate)
        {
            if (amount > Balance) throw new InsufficientFundsException(Owner, amount - Balance);
            Balance -= amount; Log.Add("-" + amount);
        }
    }
}

class Bank
{
    Dictionary<int, Account> accounts = new Dictionary<int, Account>();
    public Account Open(string owner, decimal opening) { var a = new Account(owner, opening); accounts.Add(a.Id, a); return a; }
    public bool Transfer(int from, int to, decimal amount)
    {
        Account a, b;
        if (!accounts.TryGetValue(from, out a) || !accounts.TryGetValue(to, out b)) { Console.WriteLine("no such account"); return false; }
        try { a.Withdraw(amount); b.Deposit(amount); return true; }
        catch (InsufficientFundsException e) { Console.WriteLine("refused: " + e.Message); return false; }
    }
    public void ApplyInterest(decimal rate) { foreach (var a in accounts.Values) a.Deposit(Math.Round(a.Balance * rate, 2, MidpointRounding.AwayFromZero)); }
    public IEnumerable<Account> All { get { return accounts.Values; } }
}

class BankAccounts
{
    static void Main()
    {
        var bank = new Bank();
        var alice = bank.Open("alice", 100m);
        var bob = bank.Open("bob", 50.25m);
        Console.WriteLine(bank.Transfer(alice.Id, bob.Id, 30.10m));
        Console.WriteLine(bank.Transfer(bob.Id, alice.Id, 500m));
        Console.WriteLine(bank.Transfer(alice.Id, 9999, 1m));
        try { alice.Deposit(-5); } catch (ArgumentOutOfRangeException e) { Console.WriteLine(e.ParamName + ": " + e.Message.Split('\n')[0].TrimEnd('\r')); }
        bank.ApplyInterest(0.035m);
        foreach (var a in bank.All) Console.WriteLine(a.Id + " " + a.Owner + " " + a.Balance + " [" + string.Join(" ", a.Log) + "]");
        decimal total = 0;
        foreach (var a in bank.All) total += a.Balance;
        Console.WriteLine("total " + total + " " + decimal.Round(total / 3, 4) + " " + (total > 150.5m));
        Console.WriteLine(decimal.MaxValue + " " + (0.1m + 0.2m == 0.3m) + " " + (1m / 3m));
    }
}
