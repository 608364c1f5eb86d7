// Every integral type: wrap-around, sign/zero extension, shifts, division, unsigned compares.
class Integers {
  static int Main() {
    sbyte sb = 127; sb++;                 // -128
    byte b = 255; b++;                    // 0
    short s = -32768; s--;                // 32767
    ushort us = 0; us--;                  // 65535
    int i = int.MaxValue; i++;            // MinValue
    uint ui = 0; ui--;                    // uint.MaxValue
    long l = long.MinValue; l--;          // MaxValue
    ulong ul = ulong.MaxValue; ul++;      // 0
    char c = 'A'; c += (char)2;           // 'C'
    int acc = 0;
    acc += sb == -128 ? 1 : 0;
    acc += b == 0 ? 2 : 0;
    acc += s == 32767 ? 4 : 0;
    acc += us == 65535 ? 8 : 0;
    acc += i == int.MinValue ? 16 : 0;
    acc += ui > 0x7fffffffu ? 32 : 0;
    acc += l == long.MaxValue ? 64 : 0;
    acc += ul == 0 ? 128 : 0;
    int t = (c == 'C' ? 1 : 0) + (int)(unchecked((ulong)-1L) >> 63) + (int)(-17 >> 2) + (int)(unchecked((uint)-17) >> 28) + (-17 / 5) + (-17 % 5);
    long big = 123456789012L * 7 / 3;
    t += (int)(big % 97) + (int)(ulong.MaxValue / 3 % 101);
    return (acc ^ t) & 0xff;
  }
}
