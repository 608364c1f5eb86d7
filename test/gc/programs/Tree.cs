// Class instances with reference fields: a linked list and binary trees rebuilt many times, so
// collections run while the older structures are live only through locals and fields.
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

  static int Main() {
    ListNode head = null;
    for (int i = 0; i < 2000; i++) {
      ListNode n = new ListNode();
      n.Payload = new int[i % 50 + 1];
      n.Payload[0] = i;
      n.Next = head;
      head = n;
    }
    Node keep = Build(10, 1);
    int total = 0;
    for (int round = 0; round < 30; round++) {
      Node temp = Build(9, round);
      total = (total + Sum(temp)) & 0xffffff;
    }
    int listSum = 0;
    int count = 0;
    for (ListNode p = head; p != null; p = p.Next) { listSum += p.Payload[0]; count++; }
    int check = Sum(keep);
    // 2000 nodes holding 0..1999; the kept tree's sum is fixed by its shape.
    if (count != 2000 || listSum != 1999 * 2000 / 2) return 1;
    return (check + total) & 0xff;
  }
}
