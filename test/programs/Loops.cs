// Loops: for, while, do-while, nested loops with break/continue; exit code = checksum & 0xff.
class Loops {
  static int Main() {
    int sum = 0;
    for (int i = 0; i < 100; i++) { if (i % 3 == 0) continue; sum += i; }
    int j = 0;
    while (true) { j++; if (j * j > 500) break; }
    int k = 10, prod = 1;
    do { prod = (prod * 3 + k) % 1009; k--; } while (k > 0);
    int nested = 0;
    for (int a = 0; a < 10; a++) for (int b = a; b < 10; b++) nested += a ^ b;
    return (sum + j + prod + nested) & 0xff;
  }
}
