// Delegate.Combine and Delegate.Remove as C# emits them for `+=`/`-=` on delegates and on
// events (field-like and with explicit add/remove): invocation order, the last result, the
// invocation list, removal of the last occurrence and of a sub-list, equality of delegates,
// instance and virtual targets in a chain, void and value-returning chains, Combine of an array
// with nulls, RemoveAll.
using System;

public delegate int Step(int x);
public delegate void Note(int x);

class Counter {
  public int Sum;
  public int Id;
  public Counter(int id) { Id = id; }
  public int Add(int x) { Sum += x; Events.Trail = Events.Trail * 10 + Id; return Sum; }
  public virtual int Kind(int x) { Events.Trail = Events.Trail * 10 + 7; return 1; }
}
class LoudCounter : Counter {
  public LoudCounter() : base(8) { }
  public override int Kind(int x) { Events.Trail = Events.Trail * 10 + 8; return 2; }
}

class Publisher {
  public event Step Stepped;
  public event EventHandler Changed;
  Note notes;
  public int Adds, Removes;
  public event Note Noted {
    add { Adds++; notes += value; }
    remove { Removes++; notes -= value; }
  }
  public int Fire(int x) { Step s = Stepped; return s == null ? -1 : s(x); }
  public void Change() { EventHandler h = Changed; if (h != null) h(this, EventArgs.Empty); }
  public void Note(int x) { if (notes != null) notes(x); }
  public int Listeners { get { return Stepped == null ? 0 : Stepped.GetInvocationList().Length; } }
}

public class Events {
  public static int Trail;
  static int One(int x) { Trail = Trail * 10 + 1; return x + 1; }
  static int Two(int x) { Trail = Trail * 10 + 2; return x + 2; }
  static int Three(int x) { Trail = Trail * 10 + 3; return x + 3; }
  static int noted;
  static void NoteA(int x) { noted += x; }
  static void NoteB(int x) { noted += 100 * x; }
  static int changes;
  static void OnChange(object sender, EventArgs e) { if (sender is Publisher && e == EventArgs.Empty) changes++; }

  public static int test_12_combine_calls_in_order_returns_last() {
    Trail = 0;
    Step s = One;
    s += Two;
    return s(10) == 12 && Trail == 12 ? 12 : 0;
  }

  public static int test_3_invocation_list_length() {
    Step s = One; s += Two; s += Three;
    return s.GetInvocationList().Length;
  }

  public static int test_123_invocation_list_order() {
    Step s = One; s += Two; s += Three;
    Delegate[] list = s.GetInvocationList();
    Trail = 0;
    foreach (Delegate d in list) ((Step)d)(0);
    return Trail;
  }

  public static int test_13_remove_middle() {
    Step s = One; s += Two; s += Three;
    s -= Two;
    Trail = 0;
    return s(10) == 13 && Trail == 13 ? 13 : 0;
  }

  public static int test_121_remove_takes_last_occurrence() {
    Step s = One; s += Two; s += One; s += One;
    s -= One;
    Trail = 0;
    s(0);
    return Trail;
  }

  public static int test_12_remove_sub_list_last_occurrence() {
    Step s = One; s += Two; s += Three; s += Two;
    Step pair = Two; pair += Three;
    s -= pair;
    Trail = 0;
    s(0);
    return Trail;
  }

  public static int test_1_remove_to_single_is_not_multicast() {
    Step s = One; s += Two;
    s -= Two;
    return s.GetInvocationList().Length == 1 && s.Method.Name == "One" ? 1 : 0;
  }

  public static int test_1_remove_all_gives_null() {
    Step s = One; s += Two;
    s -= One; s -= Two;
    return s == null ? 1 : 0;
  }

  public static int test_1_remove_absent_is_unchanged() {
    Step s = One; s += Two;
    Step before = s;
    s -= Three;
    return (object)s == (object)before ? 1 : 0;
  }

  public static int test_1_combine_with_null() {
    Step s = One;
    Step n = null;
    return (object)(s + n) == (object)s && (object)(n + s) == (object)s && (Step)Delegate.Combine(n, n) == null ? 1 : 0;
  }

  public static int test_1_equal_delegates() {
    Counter c = new Counter(1);
    Step a = c.Add, b = c.Add;
    Step other = new Counter(1).Add;
    Step st = One;
    return a.Equals(b) && a == b && !a.Equals(other) && !a.Equals(st) && a.GetHashCode() == b.GetHashCode() ? 1 : 0;
  }

  public static int test_1_equal_multicast() {
    Step a = One; a += Two;
    Step b = One; b += Two;
    Step c = Two; c += One;
    return a == b && a != c ? 1 : 0;
  }

  public static int test_128_instance_and_virtual_targets() {
    Counter c = new Counter(1);
    Counter d = new Counter(2);
    Counter loud = new LoudCounter();
    Trail = 0;
    Step s = c.Add; s += d.Add; s += loud.Kind; s += c.Kind;
    s += One;
    s -= One;
    s -= c.Kind;
    int r = s(5);
    return r == 2 && c.Sum == 5 && d.Sum == 5 ? Trail : -Trail;
  }

  public static int test_3_event_fire_returns_last() {
    Publisher p = new Publisher();
    p.Stepped += One; p.Stepped += Two;
    Trail = 0;
    int r = p.Fire(1);
    return Trail == 12 ? r : 0;
  }

  public static int test_2_event_listeners() {
    Publisher p = new Publisher();
    p.Stepped += One; p.Stepped += Two; p.Stepped += Three;
    p.Stepped -= Two;
    return p.Listeners;
  }

  public static int test_1_event_unsubscribe_all() {
    Publisher p = new Publisher();
    p.Stepped += One; p.Stepped += Two;
    p.Stepped -= One; p.Stepped -= Two;
    return p.Fire(0) == -1 && p.Listeners == 0 ? 1 : 0;
  }

  public static int test_2_event_handler() {
    Publisher p = new Publisher();
    changes = 0;
    p.Changed += OnChange;
    p.Changed += new EventHandler(OnChange);
    p.Change();
    return changes;
  }

  public static int test_1_event_handler_lambda_unsubscribe() {
    Publisher p = new Publisher();
    int seen = 0;
    EventHandler h = (o, e) => seen++;
    p.Changed += h; p.Changed += h;
    p.Change();
    p.Changed -= h;
    p.Change();
    p.Changed -= h;
    p.Change();
    return seen == 3 ? 1 : 0;
  }

  public static int test_302_custom_accessors() {
    Publisher p = new Publisher();
    noted = 0;
    p.Noted += NoteA; p.Noted += NoteB; p.Noted += NoteB;
    p.Noted -= NoteA;
    p.Note(1);
    return p.Adds == 3 && p.Removes == 1 ? noted + 102 : 0;
  }

  public static int test_131_combine_array_with_nulls() {
    Step s = (Step)Delegate.Combine(new Delegate[] { (Step)One, null, (Step)Three, (Step)One });
    Trail = 0;
    s(0);
    return Trail;
  }

  public static int test_2_remove_all() {
    Step s = One; s += Two; s += One; s += Three; s += One;
    s = (Step)Delegate.RemoveAll(s, (Step)One);
    Trail = 0;
    s(0);
    return Trail == 23 ? s.GetInvocationList().Length : 0;
  }

  public static int test_7_void_chain_of_closures() {
    int total = 0;
    Note n = null;
    for (int i = 1; i <= 3; i++) { int k = i; n += x => total += k * x; }
    n(1);
    return total + n.GetInvocationList().Length - 2;
  }
}
