/**
 * The heap's pieces on their own: size classes, the chunked cell allocator (object lookup from
 * interior addresses, sweep, large-object runs and their reuse, decommit), the GCHandle table.
 */
import { Machine } from '../../emu';
import { CHUNK_SIZE, LARGE_OBJECT_THRESHOLD, SIZE_CLASSES, sizeClassOf } from '../../src/vm/gc/size-classes';
import { ManagedHeap } from '../../src/vm/gc/managed-heap';
import { GcHandleTable, GcHandleType } from '../../src/vm/gc/handles';
import { GcHandleError } from '../../src/vm/gc/errors';
import { HeapExhaustedError } from '../../src/vm/errors';

let machine: Machine;
beforeAll(() => {
  machine = Machine.create();
});
afterAll(() => machine.close());

describe('size classes', () => {
  test('EverySize_FitsItsClass_WasteUnderAQuarter', () => {
    for (let size = 1; size <= LARGE_OBJECT_THRESHOLD; size += 7) {
      const cell = SIZE_CLASSES[sizeClassOf(size)]!;
      expect(cell).toBeGreaterThanOrEqual(size);
      if (size > 256) expect((cell - size) / cell).toBeLessThan(0.25);
    }
  });
  test('Classes_AscendingAndMultiplesOf16', () => {
    expect(SIZE_CLASSES.every((c, i) => c % 16 === 0 && (i === 0 || c > SIZE_CLASSES[i - 1]!))).toBe(true);
    expect(SIZE_CLASSES[SIZE_CLASSES.length - 1]).toBe(LARGE_OBJECT_THRESHOLD);
  });
});

describe('ManagedHeap', () => {
  const heapOf = (chunks: number): ManagedHeap => new ManagedHeap(machine.memory, chunks * CHUNK_SIZE);

  test('InteriorAddress_FindsCellStart_FreeCellNotFound', () => {
    const h = heapOf(16);
    const a = h.allocate(40); // 48-byte cells
    const b = h.allocate(40);
    expect(b - a).toBe(48);
    expect([h.findObject(a), h.findObject(a + 47), h.findObject(b + 1), h.findObject(b + 48)]).toEqual([a, a, b, -1]);
  });

  test('Sweep_FreesUnmarkedOnly_ReportsThem', () => {
    const h = heapOf(16);
    const objs = [h.allocate(16), h.allocate(16), h.allocate(16)];
    h.mark(objs[1]!);
    const freed: number[] = [];
    h.sweep((addr) => freed.push(addr));
    expect(freed.sort()).toEqual([objs[0], objs[2]].sort());
    expect(objs.map((o) => h.findObject(o))).toEqual([-1, objs[1], -1]);
    expect(h.isMarked(objs[1]!)).toBe(false); // marks cleared for the next cycle
  });

  test('LargeObject_OwnsChunkRun_InteriorFound_RunReusedAfterFree', () => {
    const h = heapOf(32);
    const small = h.allocate(100);
    const big = h.allocate(3 * CHUNK_SIZE + 10); // 4 chunks
    expect(big % CHUNK_SIZE).toBe(h.start % CHUNK_SIZE);
    expect(h.findObject(big + 3 * CHUNK_SIZE + 5)).toBe(big);
    h.mark(small);
    h.sweep(undefined);
    expect(h.findObject(big)).toBe(-1);
    const again = h.allocate(2 * CHUNK_SIZE);
    expect(again).toBe(big);
  });

  test('Exhausted_TypedError', () => {
    const h = heapOf(4);
    expect(() => h.allocate(5 * CHUNK_SIZE)).toThrow(HeapExhaustedError);
  });

  test('Decommit_KeepsRetainedBytes_CountsCommitted', () => {
    const h = heapOf(64);
    for (let i = 0; i < 40; i++) h.allocate(LARGE_OBJECT_THRESHOLD + 1);
    expect(h.committedBytes).toBeGreaterThanOrEqual(40 * CHUNK_SIZE);
    h.sweep(undefined);
    h.decommitBeyond(4 * CHUNK_SIZE);
    expect(h.committedBytes).toBe(4 * CHUNK_SIZE);
    expect(h.peakCommittedBytes).toBeGreaterThanOrEqual(40 * CHUNK_SIZE);
    expect(h.usedBytes).toBe(0);
  });

  test('ReusedCell_Zeroed', () => {
    const h = heapOf(4);
    const a = h.allocate(64);
    h.fill(a, 64, 0xdb);
    h.sweep(undefined);
    const b = h.allocate(64);
    expect(b).toBe(a);
    expect(h.word(b)).toBe(0);
  });
});

describe('GcHandleTable', () => {
  test('AllocFree_SlotReused_StaleHandleRejected', () => {
    const t = new GcHandleTable();
    const a = t.alloc(0x1000, GcHandleType.Normal);
    expect(a).not.toBe(0n);
    t.free(a);
    expect(() => t.target(a)).toThrow(GcHandleError);
    const b = t.alloc(0x2000, GcHandleType.Weak);
    expect(t.target(b)).toBe(0x2000);
    expect(() => t.free(12345n)).toThrow(GcHandleError);
  });
  test('WeakKinds_ClearedSeparately_StrongEnumerated', () => {
    const t = new GcHandleTable();
    const short = t.alloc(0x10, GcHandleType.Weak);
    const long = t.alloc(0x10, GcHandleType.WeakTrackResurrection);
    t.alloc(0x20, GcHandleType.Pinned);
    t.clearDead(GcHandleType.Weak, () => false);
    expect([t.target(short), t.target(long)]).toEqual([0, 0x10]);
    const strong: number[] = [];
    t.forEachStrong((x) => strong.push(x));
    expect(strong).toEqual([0x20]);
  });
  test('BadType_TypedError', () => {
    expect(() => new GcHandleTable().alloc(0, 7 as GcHandleType)).toThrow(GcHandleError);
  });
});
