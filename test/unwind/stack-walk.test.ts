/**
 * Stack walks over hand-built frames: each stop reason (end of stack, frame limit, a stack pointer
 * that does not increase, an unwind error) and the frames collected before it.
 */
import { FunctionTable, emptyContext, walkStack, walkStackDetailed } from '../../loader/unwind';
import { FakeMemory, encodeUnwindInfo } from './fake-memory';

const BASE = 0x140000000n;
const S = 0x500000n;
// f: sub rsp, 0x18 (ALLOC_SMALL 2) at 0x1000-0x1040; g: PUSH_MACHFRAME at 0x1100-0x1140.
const lookup = new FunctionTable(BASE, [
  { begin: 0x1000, end: 0x1040, unwindInfo: 0x3000 },
  { begin: 0x1100, end: 0x1140, unwindInfo: 0x3010 },
  { begin: 0x1200, end: 0x1240, unwindInfo: 0x3020 },
]).lookup;
const image = () =>
  new FakeMemory()
    .map(BASE + 0x3000n, encodeUnwindInfo({ prolog: 4, codes: [[4, 2, 2]] }))
    .map(BASE + 0x3010n, encodeUnwindInfo({ prolog: 0, codes: [[0, 10, 0]] }))
    .map(BASE + 0x3020n, encodeUnwindInfo({ version: 5, prolog: 0, codes: [] }))
    .map(BASE + 0x1000n, new Uint8Array(0x300).fill(0x90));
const F = BASE + 0x1010n;

test('ThreeFramesThenZeroReturn_EndOfStack', () => {
  const mem = image().mapU64(S, [0n, 0n, 0n, F, 0n, 0n, 0n, F, 0n, 0n, 0n, 0n]);
  const walk = walkStackDetailed(mem, { ...emptyContext(), rip: F, rsp: S }, lookup);
  expect(walk.stop).toEqual({ reason: 'end-of-stack' });
  expect(walk.frames.map((f) => f.rsp)).toEqual([S, S + 0x20n, S + 0x40n]);
});

test('MaxFrames2_FrameLimit', () => {
  const mem = image().mapU64(S, [0n, 0n, 0n, F, 0n, 0n, 0n, F, 0n, 0n, 0n, 0n]);
  const walk = walkStackDetailed(mem, { ...emptyContext(), rip: F, rsp: S }, lookup, 2);
  expect(walk.stop).toEqual({ reason: 'frame-limit' });
  expect(walk.frames.length).toBe(2);
  expect(walkStack(mem, { ...emptyContext(), rip: F, rsp: S }, lookup, 2).length).toBe(2);
});

test('MachineFrameWithLowerRsp_StackNotIncreasing_NoLoop', () => {
  const G = BASE + 0x1110n;
  // The machine frame's saved RSP points back below the current frame: a cycle in corrupt data.
  const mem = image().mapU64(S, [G, 0x33n, 0x202n, S - 0x100n, 0x2bn]);
  const walk = walkStackDetailed(mem, { ...emptyContext(), rip: G, rsp: S }, lookup);
  expect(walk.stop).toEqual({ reason: 'stack-not-increasing', rsp: S - 0x100n });
  expect(walk.frames.length).toBe(1);
});

test('CallerWithBadUnwindVersion_UnwindErrorStop_FramesSoFarKept', () => {
  const H = BASE + 0x1210n;
  const mem = image().mapU64(S, [0n, 0n, 0n, H, 0n]);
  const walk = walkStackDetailed(mem, { ...emptyContext(), rip: F, rsp: S }, lookup);
  expect(walk.frames.map((f) => f.rip)).toEqual([F, H]);
  if (walk.stop.reason !== 'unwind-error') throw new Error(`unexpected stop ${walk.stop.reason}`);
  expect(walk.stop.error.field).toBe('UNWIND_INFO.Version');
});

test('BoundaryReturnAddress_FrameKeptThenStop', () => {
  const HOST = 0x7fffffe00000n;
  const mem = image().mapU64(S, [0n, 0n, 0n, F, 0n, 0n, 0n, HOST, 0n, 0n, 0n, 0x1234n]);
  const walk = walkStackDetailed(mem, { ...emptyContext(), rip: F, rsp: S }, lookup, 64, { boundary: (rip) => (rip === HOST ? 'host' : undefined) });
  expect(walk.stop).toEqual({ reason: 'boundary', what: 'host' });
  expect(walk.frames.map((f) => f.rip)).toEqual([F, F, HOST]);
});

test('ScanOn_NoEntryAndNoPlausibleReturnAddress_StopsInsteadOfWalkingGarbage', () => {
  const NOWHERE = 0x7000n; // code without a function entry
  const mem = image().mapU64(S, [0x1234n, 0x5678n, S + 8n, 0n]);
  const walk = walkStackDetailed(mem, { ...emptyContext(), rip: NOWHERE, rsp: S }, lookup, 64, { scan: { isCode: (a) => a >= BASE && a < BASE + 0x10000n } });
  expect(walk.stop).toEqual({ reason: 'no-return-address', rsp: S });
  expect(walk.frames.length).toBe(1);
  // Without scanning the leaf rule is applied as RtlVirtualUnwind would: [RSP] becomes the caller.
  expect(walkStackDetailed(mem, { ...emptyContext(), rip: NOWHERE, rsp: S }, lookup, 2).frames[1].rip).toBe(0x1234n);
});
