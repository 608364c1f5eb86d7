/**
 * A small stand-in for emu's Memory (the parts heaps and handle tests need): 64 KiB-aligned
 * reservations, page-granular commit, and reads/writes that fail on uncommitted pages, so a heap
 * that touches memory it did not commit fails the test.
 */
import type { HeapMemory } from '../../loader/heap';

const PAGE = 0x1000n;

export class FakeMemory implements HeapMemory {
  private next = 0x10000000n;
  private readonly pages = new Map<bigint, Uint8Array>();
  readonly reservations = new Map<bigint, bigint>();

  reserve(size: bigint | number): bigint {
    const base = this.next;
    const len = (BigInt(size) + 0xffffn) & ~0xffffn;
    this.reservations.set(base, len);
    this.next += len + 0x10000n;
    return base;
  }
  commit(addr: bigint, size: bigint | number): void {
    for (let p = addr & ~(PAGE - 1n); p < addr + BigInt(size); p += PAGE) if (!this.pages.has(p)) this.pages.set(p, new Uint8Array(0x1000));
  }
  release(base: bigint): void {
    const len = this.reservations.get(base);
    if (len === undefined) throw new Error(`release of unreserved 0x${base.toString(16)}`);
    for (let p = base; p < base + len; p += PAGE) this.pages.delete(p);
    this.reservations.delete(base);
  }
  private page(addr: bigint): [Uint8Array, number] {
    const p = this.pages.get(addr & ~(PAGE - 1n));
    if (!p) throw new Error(`access to uncommitted 0x${addr.toString(16)}`);
    return [p, Number(addr & (PAGE - 1n))];
  }
  read(addr: bigint, size: number): Uint8Array {
    const out = new Uint8Array(size);
    for (let i = 0; i < size; i++) {
      const [p, o] = this.page(addr + BigInt(i));
      out[i] = p[o]!;
    }
    return out;
  }
  write(addr: bigint, data: Uint8Array): void {
    for (let i = 0; i < data.length; i++) {
      const [p, o] = this.page(addr + BigInt(i));
      p[o] = data[i]!;
    }
  }
  u32(addr: bigint): number {
    return new DataView(this.read(addr, 4).buffer).getUint32(0, true);
  }
  u64(addr: bigint): bigint {
    return new DataView(this.read(addr, 8).buffer).getBigUint64(0, true);
  }
  setU32(addr: bigint, v: number): void {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, v >>> 0, true);
    this.write(addr, b);
  }
  setU64(addr: bigint, v: bigint): void {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, v), true);
    this.write(addr, b);
  }
}
