// Class instances with reference fields: a linked list and binary trees rebuilt many times, so
// collections run while the older structures are live only through locals and fields.
// With any argument it runs a small version (for GC stress mode, which collects at every allocation).
class Node {
  public Node Left, Right;
  public int Value;
  public Node(Node left, Node right, int value) { Left = left; Right = right; Value = value; }
}

class ListNode {
  public ListNode Next;
  public int[] Payload;
}

class Tree {
  static Node Build(int depth, int seed) {
    if (depth == 0) return new Node(null, null, seed);
    return new Node(Build(depth - 1, seed * 2), Build(depth - 1, seed * 2 + 1), seed);
  }

  static int Sum(Node n) {
    if (n == null) return 0;
    return (n.Value + Sum(n.Left) + Sum(n.Right)) & 0xffffff;
  }

  static int Main(string[] args) {
    bool small = args.Length > 0;
    int nodes = small ? 200 : 2000;
    ListNode head = null;
    for (int i = 0; i < nodes; i++) {
      ListNode n = new ListNode();
      n.Payload = new int[i % 50 + 1];
      n.Payload[0] = i;
      n.Next = head;
      head = n;
    }
    Node keep = Build(small ? 6 : 10, 1);
    int total = 0;
    for (int round = 0; round < (small ? 5 : 30); round++) {
      Node temp = Build(small ? 5 : 9, round);
      total = (total + Sum(temp)) & 0xffffff;
    }
    int listSum = 0;
    int count = 0;
    for (ListNode p = head; p != null; p = p.Next) { listSum += p.Payload[0]; count++; }
    int check = Sum(keep);
    // The list holds 0..nodes-1; the kept tree's sum is fixed by its shape.
    if (count != nodes || listSum != (nodes - 1) * nodes / 2) return 1;
    return (check + total) & 0xff;
  }
}
