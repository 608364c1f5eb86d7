/**
 * The guest-memory heap: alignment, reuse, coalescing, realloc preserving contents, misuse named
 * (double free, foreign pointer, overwritten header), and a fixed-seed random workload checked
 * against a model of which bytes each live block must still hold.
 */
import { BlockHeap, HeapSet, HEADER_SIZE } from '../../loader/heap';
import { FakeMemory } from './fake-memory';

function fill(mem: FakeMemory, addr: bigint, size: number, seed: number): void {
  const b = new Uint8Array(size);
  for (let i = 0; i < size; i++) b[i] = (seed * 31 + i * 7) & 0xff;
  mem.write(addr, b);
}
function check(mem: FakeMemory, addr: bigint, size: number, seed: number): boolean {
  const b = mem.read(addr, size);
  for (let i = 0; i < size; i++) if (b[i] !== ((seed * 31 + i * 7) & 0xff)) return false;
  return true;
}

describe('BlockHeap', () => {
  test('Alloc_Returns16ByteAlignedDistinctBlocks', () => {
    const heap = new BlockHeap(new FakeMemory());
    const ptrs = [1, 7, 16, 17, 100, 0].map((n) => heap.alloc(n, false));
    for (const p of ptrs) expect(p % 16n).toBe(0n);
    expect(new Set(ptrs).size).toBe(ptrs.length);
    expect(heap.sizeOf(ptrs[1]!)).toBe(7);
    expect(heap.sizeOf(ptrs[5]!)).toBe(0);
  });

  test('AllocZero_ReusedBlock_IsZeroed', () => {
    const mem = new FakeMemory();
    const heap = new BlockHeap(mem);
    const a = heap.alloc(64, false);
    fill(mem, a, 64, 3);
    heap.free(a);
    const b = heap.alloc(64, true);
    expect(b).toBe(a);
    expect(mem.read(b, 64).every((x) => x === 0)).toBe(true);
  });

  test('FreeNeighbours_Coalesce_IntoOneFreeBlock', () => {
    const heap = new BlockHeap(new FakeMemory());
    const a = heap.alloc(32, false);
    const b = heap.alloc(32, false);
    const c = heap.alloc(32, false);
    const guard = heap.alloc(32, false);
    heap.free(a);
    heap.free(c);
    expect(heap.freeBlocks().length).toBe(2);
    heap.free(b);
    const blocks = heap.freeBlocks();
    expect(blocks.length).toBe(1);
    expect(blocks[0]!.addr).toBe(a - BigInt(HEADER_SIZE));
    expect(blocks[0]!.size).toBe(3 * (HEADER_SIZE + 32));
    // The coalesced space satisfies a request none of the three could alone.
    expect(heap.alloc(100, false)).toBe(a);
    expect(heap.sizeOf(guard)).toBe(32);
  });

  test('DoubleFree_Refused_DiagnosedFreed', () => {
    const heap = new BlockHeap(new FakeMemory());
    const a = heap.alloc(10, false);
    expect(heap.free(a)).toBe(true);
    expect(heap.free(a)).toBe(false);
    expect(heap.diagnose(a)).toBe('freed');
  });

  test('ForeignPointer_Refused_DiagnosedForeign', () => {
    const heap = new BlockHeap(new FakeMemory());
    const a = heap.alloc(10, false);
    expect(heap.free(a + 16n)).toBe(false);
    expect(heap.diagnose(a + 16n)).toBe('foreign');
    expect(heap.realloc(0x1234n, 5, false)).toBe(0n);
    expect(heap.sizeOf(a)).toBe(10);
  });

  test('OverwrittenHeader_Refused_DiagnosedCorrupt', () => {
    const mem = new FakeMemory();
    const heap = new BlockHeap(mem);
    const a = heap.alloc(16, false);
    const b = heap.alloc(16, false);
    fill(mem, a, 24, 1); // 8 bytes past the end of a: into b's header
    expect(heap.diagnose(b)).toBe('corrupt-header');
    expect(heap.free(b)).toBe(false);
    expect(heap.validate()).toBe(false);
  });

  test('ReallocGrowAndShrink_ContentsPreserved', () => {
    const mem = new FakeMemory();
    const heap = new BlockHeap(mem);
    let a = heap.alloc(40, false);
    fill(mem, a, 40, 9);
    const blocker = heap.alloc(8, false);
    a = heap.realloc(a, 5000, false); // must move: the next block is busy
    expect(check(mem, a, 40, 9)).toBe(true);
    a = heap.realloc(a, 20, false);
    expect(check(mem, a, 20, 9)).toBe(true);
    expect(heap.sizeOf(a)).toBe(20);
    expect(heap.sizeOf(blocker)).toBe(8);
  });

  test('ReallocZero_NewTailZeroed', () => {
    const mem = new FakeMemory();
    const heap = new BlockHeap(mem);
    const a = heap.alloc(8, false);
    fill(mem, a, 8, 2);
    const b = heap.realloc(a, 300, true);
    expect(check(mem, b, 8, 2)).toBe(true);
    expect(mem.read(b + 8n, 292).every((x) => x === 0)).toBe(true);
  });

  test('Growable_LargeRequests_GetNewSegments', () => {
    const heap = new BlockHeap(new FakeMemory());
    const big = heap.alloc(3 * 1024 * 1024, false);
    expect(big).not.toBe(0n);
    expect(heap.sizeOf(big)).toBe(3 * 1024 * 1024);
  });

  test('FixedMaximum_Exhausted_ReturnsZero', () => {
    const heap = new BlockHeap(new FakeMemory(), 0, 0x10000);
    const got: bigint[] = [];
    for (;;) {
      const p = heap.alloc(1000, false);
      if (p === 0n) break;
      got.push(p);
      expect(got.length).toBeLessThan(100);
    }
    expect(got.length).toBeGreaterThan(50);
    heap.free(got[0]!);
    expect(heap.alloc(1000, false)).toBe(got[0]);
  });

  test('Absurd_Sizes_ReturnZero', () => {
    const heap = new BlockHeap(new FakeMemory());
    expect(heap.alloc(-1, false)).toBe(0n);
    expect(heap.alloc(2 ** 40, false)).toBe(0n);
  });

  test('RandomWorkload_FixedSeed_MatchesModel', () => {
    const mem = new FakeMemory();
    const heap = new BlockHeap(mem);
    let state = 12345;
    const rand = (n: number) => {
      state = (state * 1103515245 + 12345) & 0x7fffffff;
      return state % n;
    };
    const model = new Map<bigint, { size: number; seed: number }>();
    for (let step = 0; step < 3000; step++) {
      const op = rand(10);
      const keys = [...model.keys()];
      if (op < 5 || keys.length === 0) {
        const size = rand(3) === 0 ? rand(4000) : rand(100);
        const p = heap.alloc(size, false);
        expect(p).not.toBe(0n);
        expect(model.has(p)).toBe(false);
        fill(mem, p, size, step);
        model.set(p, { size, seed: step });
      } else if (op < 8) {
        const p = keys[rand(keys.length)]!;
        const rec = model.get(p)!;
        expect(check(mem, p, rec.size, rec.seed)).toBe(true);
        expect(heap.free(p)).toBe(true);
        model.delete(p);
      } else {
        const p = keys[rand(keys.length)]!;
        const rec = model.get(p)!;
        const size = rand(2000);
        const q = heap.realloc(p, size, false);
        expect(check(mem, q, Math.min(size, rec.size), rec.seed)).toBe(true);
        model.delete(p);
        fill(mem, q, size, step);
        model.set(q, { size, seed: step });
      }
    }
    // No two live blocks overlap, and every block still holds its bytes.
    const spans = [...model.entries()].map(([p, r]) => [p, p + BigInt(Math.max(r.size, 1))] as const).sort((x, y) => (x[0] < y[0] ? -1 : 1));
    for (let i = 1; i < spans.length; i++) expect(spans[i]![0] >= spans[i - 1]![1]).toBe(true);
    for (const [p, r] of model) expect(check(mem, p, r.size, r.seed)).toBe(true);
    expect(heap.liveCount).toBe(model.size);
    expect(heap.validate()).toBe(true);
    // Free lists never hold two adjacent blocks.
    const free = heap.freeBlocks();
    for (let i = 1; i < free.length; i++) expect(free[i - 1]!.addr + BigInt(free[i - 1]!.size) < free[i]!.addr).toBe(true);
  });
});

describe('HeapSet', () => {
  test('CreateAndDestroy_HandleLookup_ProcessHeapKept', () => {
    const mem = new FakeMemory();
    const heaps = new HeapSet(mem);
    const h = heaps.create(0, 0);
    expect(heaps.byHandle(h.handle)).toBe(h);
    const p = h.alloc(10, false);
    expect(heaps.owner(p)).toBe(h);
    expect(heaps.destroy(h.handle)).toBe(true);
    expect(heaps.byHandle(h.handle)).toBeUndefined();
    expect(heaps.destroy(heaps.processHeap.handle)).toBe(false);
    expect(heaps.destroy(0x1234n)).toBe(false);
  });
});
