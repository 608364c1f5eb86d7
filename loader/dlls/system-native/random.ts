/**
 * The guest's random bytes: one deterministic generator per process (xoshiro128** by Blackman and
 * Vigna), seeded from the virtual clock's first reading, so `new Random()`, `Guid.NewGuid()` and
 * RandomNumberGenerator give the same values on every run with the same clock (a clock seed
 * changes them all together). It is not cryptographically secure, and the guest is told nothing
 * else: runs are meant to be reproducible.
 */
import type { Os } from '../../os';

export class GuestRandom {
  private readonly s = new Uint32Array(4);

  constructor(seed: bigint) {
    // splitmix64 spreads the seed over the state (the state must not be all zero).
    let x = BigInt.asUintN(64, seed);
    for (let i = 0; i < 4; i += 2) {
      x = BigInt.asUintN(64, x + 0x9e3779b97f4a7c15n);
      let z = x;
      z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
      z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
      z ^= z >> 31n;
      this.s[i] = Number(z & 0xffffffffn);
      this.s[i + 1] = Number(z >> 32n);
    }
  }

  next(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  fill(bytes: Uint8Array): Uint8Array {
    for (let i = 0; i < bytes.length; i += 4) {
      const v = this.next();
      for (let k = 0; k < 4 && i + k < bytes.length; k++) bytes[i + k] = (v >>> (8 * k)) & 0xff;
    }
    return bytes;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

const generators = new WeakMap<Os, GuestRandom>();

/** The process's generator, created (and seeded from the clock) on first use. */
export function guestRandom(os: Os): GuestRandom {
  let g = generators.get(os);
  if (!g) {
    g = new GuestRandom(os.clock.systemTime());
    generators.set(os, g);
  }
  return g;
}
