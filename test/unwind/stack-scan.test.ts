/**
 * Stack scanning for frames without unwind data: which byte sequences count as "follows a call",
 * the scan itself, and a real case — mingw's ___chkstk_ms (no .pdata, two pushes) faulting on a
 * stack smaller than its caller's 64 KiB frame — where the leaf rule alone would produce garbage.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CALL_SENTINEL, Reg } from '../../emu';
import { captureContext, createModuleLookup, followsCall, scanForReturnAddress, walkStackDetailed } from '../../loader/unwind';
import { Symbolizer } from '../../src/trace/symbols';
import { FakeMemory } from './fake-memory';
import { mapTestImage } from './map-image';

const CODE = 0x140001000n;

/** Memory where `call` bytes end exactly at CODE + 0x20 (the return address). */
function callEndingAt(bytes: number[]): FakeMemory {
  const code = new Uint8Array(0x40).fill(0x90);
  code.set(bytes, 0x20 - bytes.length);
  return new FakeMemory().map(CODE, code);
}

const RET = CODE + 0x20n;

test.each([
  ['call rel32', [0xe8, 1, 2, 3, 4]],
  ['call rax', [0xff, 0xd0]],
  ['call r11', [0x41, 0xff, 0xd3]],
  ['call [rip+disp32]', [0xff, 0x15, 0, 0x10, 0, 0]],
  ['call [rax+8]', [0xff, 0x50, 0x08]],
  ['call [rsp]', [0xff, 0x14, 0x24]],
  ['call [rsp+8]', [0xff, 0x54, 0x24, 0x08]],
  ['call [rax+disp32] with REX.W', [0x48, 0xff, 0x90, 0, 1, 0, 0]],
  ['call [rbx]', [0xff, 0x13]],
])('%s_FollowsCall_True', (_name, bytes) => {
  expect(followsCall(callEndingAt(bytes as number[]), RET)).toBe(true);
});

test.each([
  ['nops', [0x90, 0x90, 0x90]],
  ['jmp rax (FF /4)', [0xff, 0xe0]],
  ['push [rax] (FF /6)', [0xff, 0x30]],
  ['call rel32 ending one byte early', [0xe8, 1, 2, 3, 4, 0x90]],
])('%s_FollowsCall_False', (_name, bytes) => {
  expect(followsCall(callEndingAt(bytes as number[]), RET)).toBe(false);
});

test('UnreadableBytesBeforeAddress_FollowsCall_False', () => {
  expect(followsCall(new FakeMemory(), RET)).toBe(false);
});

test('ScanSkipsDataAndStackPointers_FindsFirstPlausibleSlot', () => {
  const STACK = 0x500000n;
  const mem = callEndingAt([0xe8, 0, 0, 0, 0]).mapU64(STACK, [0x738n, STACK + 0x100n, CODE + 0x10n, RET, 0n]);
  const isCode = (a: bigint) => a >= CODE && a < CODE + 0x40n;
  expect(scanForReturnAddress(mem, STACK, { isCode })).toEqual({ rip: RET, rsp: STACK + 0x20n });
  expect(scanForReturnAddress(mem, STACK, { isCode, maxSlots: 3 })).toBeUndefined();
});

test('ChkstkProbeFaults_LeafRuleGarbage_ScanRecoversCallers', () => {
  const file = path.resolve(__dirname, '../../build/test/unwind/inputs/bigframe.exe');
  if (!fs.existsSync(file)) throw new Error('build/test/unwind/inputs/bigframe.exe is missing: run node dist/scripts/setup.js');
  const mapped = mapTestImage(file, { _onexit: (call) => call.arg(0) }, 0x8000);
  const { machine, base, size } = mapped;
  try {
    const module = { name: 'bigframe.exe', base, size };
    const symbolizer = new Symbolizer({ modules: () => [module], readFile: () => mapped.bytes });
    const main = base + BigInt(mapped.image.exceptionTable.find((f) => symbolizer.symbolize(base + BigInt(f.beginRva)) === 'bigframe.exe!main')!.beginRva);
    const rsp = mapped.stackTop - 8n;
    machine.memory.setU64(rsp, CALL_SENTINEL);
    machine.setReg(Reg.RSP, rsp);
    machine.setReg(Reg.RCX, 1n);
    const outcome = machine.run({ begin: main, until: CALL_SENTINEL, maxInstructions: 100_000 });
    if (outcome.kind !== 'fault') throw new Error(`expected a fault, got ${outcome.kind}`);
    const ctx = captureContext(machine);
    const lookup = createModuleLookup(machine.memory, () => [module]);
    const names = (frames: { rip: bigint }[]) => frames.map((f) => symbolizer.symbolize(f.rip).replace(/\+0x[0-9a-f]+$/, ''));
    const isCode = (a: bigint) => a >= base && a < base + BigInt(size);

    const plain = walkStackDetailed(machine.memory, ctx, lookup, 16);
    expect(names(plain.frames)[0]).toBe('bigframe.exe!___chkstk_ms');
    expect(names(plain.frames)[1]).not.toBe('bigframe.exe!big_frame'); // [RSP] is the pushed RAX

    const scanned = walkStackDetailed(machine.memory, ctx, lookup, 16, { scan: { isCode, isKnownReturn: (a) => a === CALL_SENTINEL } });
    expect(names(scanned.frames).slice(0, 3)).toEqual(['bigframe.exe!___chkstk_ms', 'bigframe.exe!big_frame', 'bigframe.exe!main']);
    expect([...scanned.scannedFrames]).toEqual([1]);
    expect(scanned.frames[3].rip).toBe(CALL_SENTINEL);
  } finally {
    machine.close();
  }
});
