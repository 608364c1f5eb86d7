/**
 * The address space: reserve/commit/protect/decommit/release with VirtualQuery-style answers,
 * typed host reads and writes, strings, zero-copy views, typed errors on misuse, and a Unicorn
 * region count that stays small however many protection changes are made.
 */
import {
  ALLOCATION_GRANULARITY, Machine, MemoryError, PAGE_SIZE, Prot, Reg,
} from '../../emu';
import { loadAssembler, load } from './asm';

beforeAll(loadAssembler);

let m: Machine;
beforeEach(() => { m = Machine.create(); });
afterEach(() => m.close());

const RW = Prot.Read | Prot.Write;

function caught(fn: () => unknown): MemoryError {
  try { fn(); } catch (e) { if (e instanceof MemoryError) return e; throw e; }
  throw new Error('expected a MemoryError');
}

test('Reserve_AlignedTo64K_DistinctRanges', () => {
  const a = m.memory.reserve(0x1234);
  const b = m.memory.reserve(0x1234);
  expect(a % BigInt(ALLOCATION_GRANULARITY)).toBe(0n);
  expect(b % BigInt(ALLOCATION_GRANULARITY)).toBe(0n);
  expect(b).not.toBe(a);
  expect(a).toBeGreaterThanOrEqual(0x10000n);
  const info = m.memory.query(a);
  expect(info).toEqual({ allocationBase: a, allocationProt: Prot.None, base: a, size: 0x2000n, state: 'reserved', prot: Prot.None });
});

test('ReserveAt_RoundsDownTo64K_OverlapIsMemoryError', () => {
  const base = m.memory.reserve(0x1000, { at: 0x5000_1234n });
  expect(base).toBe(0x5000_0000n);
  expect(m.memory.query(base).size).toBe(0x3000n); // [0x50000000, 0x50002234) in pages
  const e = caught(() => m.memory.reserve(0x1000, { at: 0x5000_0000n }));
  expect(e.address).toBe(0x5000_0000n);
  expect(e.message).toMatch(/overlaps/);
});

test('ReserveWithMinMax_StaysInside_NoRoom_MemoryError', () => {
  const a = m.memory.reserve(0x10000, { min: 0x7000_0000n, max: 0x7002_0000n });
  expect(a).toBe(0x7000_0000n);
  const b = m.memory.reserve(0x10000, { min: 0x7000_0000n, max: 0x7002_0000n });
  expect(b).toBe(0x7001_0000n);
  expect(() => m.memory.reserve(0x10000, { min: 0x7000_0000n, max: 0x7002_0000n })).toThrow(MemoryError);
});

test('Commit_ZeroFilled_QuerySplitsRuns', () => {
  const a = m.memory.reserve(0x10000);
  m.memory.commit(a + 0x1000n, 0x2000, RW);
  expect(m.memory.read(a + 0x1000n, 0x2000).every((b) => b === 0)).toBe(true);
  expect(m.memory.query(a)).toMatchObject({ base: a, size: 0x1000n, state: 'reserved' });
  expect(m.memory.query(a + 0x1800n)).toMatchObject({ base: a + 0x1000n, size: 0x2000n, state: 'committed', prot: RW, allocationBase: a });
  expect(m.memory.query(a + 0x3000n)).toMatchObject({ base: a + 0x3000n, size: 0xD000n, state: 'reserved' });
});

test('QueryFreeAddress_Free', () => {
  const info = m.memory.query(0x1234_5678n);
  expect(info.state).toBe('free');
  expect(info.allocationBase).toBe(0n);
  expect(info.base).toBe(0x1234_5000n);
});

test('Protect_ReturnsOldProt_UpdatesQuery', () => {
  const a = m.memory.reserve(0x10000);
  m.memory.commit(a, 0x4000, RW);
  expect(m.memory.protect(a + 0x1000n, 0x1000, Prot.Read)).toBe(RW);
  expect(m.memory.query(a + 0x1000n)).toMatchObject({ size: 0x1000n, prot: Prot.Read });
  expect(m.memory.query(a)).toMatchObject({ size: 0x1000n, prot: RW });
  expect(m.memory.isAccessible(a + 0x1000n, 8, 'write')).toBe(false);
  expect(m.memory.isAccessible(a + 0x1000n, 8, 'read')).toBe(true);
  expect(m.memory.isAccessible(a + 0xFFCn, 8, 'write')).toBe(false);
  expect(m.memory.isAccessible(a, 8, 'execute')).toBe(false);
});

test('ProtectUncommitted_MemoryError', () => {
  const a = m.memory.reserve(0x10000);
  const e = caught(() => m.memory.protect(a, 0x1000, Prot.Read));
  expect(e.address).toBe(a);
});

test('CommitPastReservation_MemoryError', () => {
  const a = m.memory.reserve(0x2000);
  const e = caught(() => m.memory.commit(a + 0x1000n, 0x2000, RW));
  expect(e.message).toMatch(/past the reservation/);
  expect(() => m.memory.commit(0x6666_0000n, 0x1000, RW)).toThrow(/not reserved/);
});

test('Decommit_ContentsDropped_RecommitZero', () => {
  const a = m.memory.reserve(0x10000);
  m.memory.commit(a, 0x2000, RW);
  m.memory.setU64(a + 0x1008n, 0x55n);
  m.memory.decommit(a + 0x1000n, 0x1000);
  expect(m.memory.query(a + 0x1000n).state).toBe('reserved');
  expect(() => m.memory.u64(a + 0x1008n)).toThrow(/not committed/);
  m.memory.commit(a + 0x1000n, 0x1000, RW);
  expect(m.memory.u64(a + 0x1008n)).toBe(0n);
});

test('Release_FreesRange_ReleaseNonBase_MemoryError', () => {
  const a = m.memory.reserve(0x10000);
  m.memory.commit(a, 0x1000, RW);
  expect(() => m.memory.release(a + 0x1000n)).toThrow(MemoryError);
  m.memory.release(a);
  expect(m.memory.query(a).state).toBe('free');
  expect(() => m.memory.u8(a)).toThrow(MemoryError);
  // The range can be reserved again.
  expect(m.memory.reserve(0x10000, { at: a })).toBe(a);
});

test('TypedReadsWrites_LittleEndian', () => {
  const a = m.memory.reserve(0x10000);
  m.memory.commit(a, 0x1000, RW);
  m.memory.setU8(a, 0xFF);
  m.memory.setU16(a + 2n, 0xBEEF);
  m.memory.setU32(a + 4n, 0xDEADBEEF);
  m.memory.setU64(a + 8n, 0x0123_4567_89AB_CDEFn);
  m.memory.setF64(a + 16n, -1.5);
  m.memory.setU32(a + 24n, -2);
  expect(m.memory.u8(a)).toBe(0xFF);
  expect(m.memory.u16(a + 2n)).toBe(0xBEEF);
  expect(m.memory.u32(a + 4n)).toBe(0xDEADBEEF);
  expect(m.memory.i32(a + 4n)).toBe(0xDEADBEEF | 0);
  expect(m.memory.u64(a + 8n)).toBe(0x0123_4567_89AB_CDEFn);
  expect(m.memory.i64(a + 8n)).toBe(0x0123_4567_89AB_CDEFn);
  expect(m.memory.f64(a + 16n)).toBe(-1.5);
  expect(m.memory.u32(a + 24n)).toBe(0xFFFF_FFFE);
  expect(Array.from(m.memory.read(a + 4n, 4))).toEqual([0xEF, 0xBE, 0xAD, 0xDE]);
  m.memory.setU64(a + 32n, -1n);
  expect(m.memory.i64(a + 32n)).toBe(-1n);
});

test('HostAccessIgnoresGuestProt_ButNeedsCommit', () => {
  const a = m.memory.reserve(0x10000);
  m.memory.commit(a, 0x1000, Prot.None);
  m.memory.setU32(a, 5);
  expect(m.memory.u32(a)).toBe(5);
  const e = caught(() => m.memory.read(a + 0xFF0n, 0x20));
  expect(e.address).toBe(a + 0x1000n);
});

test('Strings_CAndWide_RoundTrip_StopAtNul', () => {
  const a = m.memory.reserve(0x10000);
  m.memory.commit(a, 0x2000, RW);
  m.memory.writeCString(a, 'Hello, caf\u00e9');
  expect(m.memory.cString(a)).toBe('Hello, caf\u00e9');
  expect(m.memory.u8(a + 12n)).toBe(0);
  m.memory.writeCString(a + 0x100n, 'caf\u00e9', 'utf8');
  expect(m.memory.cString(a + 0x100n, undefined, 'utf8')).toBe('caf\u00e9');
  expect(m.memory.cString(a, 5)).toBe('Hello');
  m.memory.writeWString(a + 0x200n, 'wide \u4e2d\u6587');
  expect(m.memory.wString(a + 0x200n)).toBe('wide \u4e2d\u6587');
  expect(() => m.memory.writeCString(a, '\u4e2d')).toThrow(MemoryError);
});

test('UnterminatedStringAtEndOfCommit_MemoryErrorNamesPage', () => {
  const a = m.memory.reserve(0x10000);
  m.memory.commit(a, 0x1000, RW);
  m.memory.write(a + 0xFF0n, new Uint8Array(16).fill(0x41));
  const e = caught(() => m.memory.cString(a + 0xFF0n));
  expect(e.address).toBe(a + 0x1000n);
  // A string ending exactly at the page boundary with its NUL is fine.
  m.memory.setU8(a + 0xFFFn, 0);
  expect(m.memory.cString(a + 0xFF0n)).toBe('A'.repeat(15));
});

test('WideStringAcrossPages_Read', () => {
  const a = m.memory.reserve(0x10000);
  m.memory.commit(a, 0x2000, RW);
  const at = a + 0xFF9n; // odd address: units straddle the page boundary
  m.memory.writeWString(at, 'abcdefgh');
  expect(m.memory.wString(at)).toBe('abcdefgh');
});

test('View_ZeroCopy_GuestSeesHostWrites', () => {
  const a = m.memory.reserve(0x10000);
  m.memory.commit(a, 0x2000, RW);
  const v = m.memory.view(a + 0x800n, 0x1000);
  v[0] = 0x42;
  v[0xFFF] = 0x43;
  expect(m.memory.u8(a + 0x800n)).toBe(0x42);
  expect(m.memory.u8(a + 0x17FFn)).toBe(0x43);
  m.memory.setU8(a + 0x801n, 0x44);
  expect(v[1]).toBe(0x44);
});

test('GuestAndHostShareBytes', async () => {
  const code = m.memory.reserve(0x10000);
  m.memory.commit(code, 0x1000, Prot.Read | Prot.Execute);
  const data = m.memory.reserve(0x10000);
  m.memory.commit(data, 0x1000, RW);
  m.memory.setU64(data, 40n);
  const { begin, end } = load(m, `mov rbx, ${data}; mov rax, [rbx]; add rax, 2; mov [rbx + 8], rax`, code);
  expect(m.run({ begin, until: end })).toEqual({ kind: 'returned' });
  expect(m.memory.u64(data + 8n)).toBe(42n);
  expect(m.reg(Reg.RAX)).toBe(42n);
});

test('ManyPageCommitsAndProtects_RegionCountStaysSmall', () => {
  const a = m.memory.reserve(0x100_0000);
  // Commit a 4 MiB heap page by page, as a growing heap does.
  for (let i = 0; i < 1024; i++) m.memory.commit(a + BigInt(i * PAGE_SIZE), PAGE_SIZE, RW);
  expect(m.memory.mappedRegionCount).toBeLessThanOrEqual(2);
  // Flip protections back and forth: regions merge back.
  for (let i = 0; i < 200; i++) {
    m.memory.protect(a + BigInt(i * PAGE_SIZE), PAGE_SIZE, Prot.Read);
    m.memory.protect(a + BigInt(i * PAGE_SIZE), PAGE_SIZE, RW);
  }
  expect(m.memory.mappedRegionCount).toBeLessThanOrEqual(2);
  // Alternating protections need one region per run, no more.
  for (let i = 0; i < 100; i += 2) m.memory.protect(a + BigInt(i * PAGE_SIZE), PAGE_SIZE, Prot.Read);
  expect(m.memory.mappedRegionCount).toBeLessThanOrEqual(102);
});

test('LargeReservation_LazyBacking_FarPagesUsable', () => {
  const size = 4n << 30n; // 4 GiB reserved, only two pages committed
  const a = m.memory.reserve(size);
  m.memory.commit(a, PAGE_SIZE, RW);
  m.memory.commit(a + size - BigInt(PAGE_SIZE), PAGE_SIZE, RW);
  m.memory.setU64(a + size - 8n, 9n);
  expect(m.memory.u64(a + size - 8n)).toBe(9n);
});

test('ZeroSize_MemoryError', () => {
  expect(() => m.memory.reserve(0)).toThrow(MemoryError);
  const a = m.memory.reserve(0x1000);
  expect(() => m.memory.commit(a, 0, RW)).toThrow(MemoryError);
});
