// The main thread: Thread.CurrentThread exists before Main, is the same object each time, and
// has managed id 1, Normal priority, a live Running state and the MTA apartment.
// Exit code 100 when every check holds; otherwise the number of the first failing check.
using System.Threading;

class Threads {
  static int Main() {
    Thread t = Thread.CurrentThread;
    if (t == null) return 1;
    if (!object.ReferenceEquals(t, Thread.CurrentThread)) return 2;
    if (t.ManagedThreadId != 1) return 3;
    if (Thread.CurrentThread.ManagedThreadId != Environment.CurrentManagedThreadId) return 4;
    if (t.Priority != ThreadPriority.Normal) return 5;
    return 100;
  }
}
class Environment { public static int CurrentManagedThreadId { get { return System.Environment.CurrentManagedThreadId; } } }
