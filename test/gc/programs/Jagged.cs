// Arrays of arrays: rows replaced while others stay live, and a three-level jagged array whose
// innermost arrays are reachable only through the outer ones.
class Jagged {
  static int Main() {
    int[][] rows = new int[64][];
    int[][][] boxes = new int[16][][];
    long check = 0;
    for (int round = 0; round < 400; round++) {
      int r = (round * 7) % 64;
      int[] row = new int[100 + round % 300];
      for (int i = 0; i < row.Length; i++) row[i] = round + i;
      rows[r] = row;
      int[][] b = new int[8][];
      for (int i = 0; i < b.Length; i++) {
        int[] pair = new int[2];
        pair[0] = round;
        pair[1] = i;
        b[i] = pair;
      }
      boxes[round % 16] = b;
    }
    for (int r = 0; r < 64; r++) {
      int[] row = rows[r];
      if (row == null) continue;
      for (int i = 0; i < row.Length; i++) check += row[i];
    }
    for (int k = 0; k < 16; k++) {
      int[][] b = boxes[k];
      for (int i = 0; i < b.Length; i++) {
        if (b[i][1] != i) return 1;
        check += b[i][0];
      }
    }
    return (int)(check % 251);
  }
}
