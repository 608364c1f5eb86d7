/**
 * Emulated DLL images: real PE headers and an export directory in guest memory (parsable by the PE
 * parser from memory, searchable by findExport), a thunk per function that reaches the host gate,
 * Windows x64 argument decoding by declared kind (including a variadic tail), results in RAX/XMM0,
 * data exports initialized in place, forwarders as strings inside the export directory.
 */
import { Machine, Prot, Reg } from '../../emu';
import { data, defineDll, fn, type VarArgs } from '../../loader/dlls/api';
import { buildEmulatedDll, emulatedDllSize } from '../../loader/dlls/gate-dll';
import { findExport } from '../../loader/image/exports';
import type { Os } from '../../loader/os';
import { parsePeMapped } from '../../loader/pe';

const BASE = 0x7ff8_4000_0000n;
const f64bits = (v: number): bigint => {
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, v, true);
  return d.getBigUint64(0, true);
};

let machine: Machine;
let seen: Record<string, unknown>;
let imageSize = 0;

beforeEach(() => {
  machine = Machine.create();
  const stack = machine.memory.reserve(0x1_0000);
  machine.memory.commit(stack, 0x1_0000, Prot.Read | Prot.Write);
  machine.setReg(Reg.RSP, stack + 0xff00n);
  seen = {};
  const def = defineDll('test.dll', [{
    Mix: fn('int Mix(int a, unsigned b, void *p, double d, ...)', ['i32', 'u32', 'ptr', 'f64', '...'], 'i32', (_ctx, a, b, p, d, va: VarArgs) => {
      Object.assign(seen, { a, b, p, d, v1: va.next(), v2: va.nextF64() });
      return -1;
    }),
    Half: fn('double Half(double x)', ['f64'], 'f64', (_ctx, x) => x / 2),
    Counter: data(16, (os, addr) => os.memory.setU64(addr, 0x1234n)),
  }], { Forwarded: 'kernel32.GetLastError' });
  const os = { machine, memory: machine.memory } as unknown as Os;
  imageSize = emulatedDllSize(def);
  machine.memory.reserve(imageSize, { at: BASE });
  buildEmulatedDll(machine, os, def, BASE);
});
afterEach(() => machine.close());

test('EmulatedDll_HeadersParseFromGuestMemory_ExportsSorted', () => {
  const m = machine.memory;
  const pe = parsePeMapped({ read: (rva, length) => m.read(BASE + BigInt(rva), length) }, 'test.dll');
  expect(pe.is64).toBe(true);
  expect(pe.isDll).toBe(true);
  expect(pe.optionalHeader.imageBase).toBe(BASE);
  const exp = pe.exports!;
  expect(exp.dllName).toBe('test.dll');
  expect(exp.entries.flatMap((e) => e.names)).toEqual(['Counter', 'Forwarded', 'Half', 'Mix']);
  expect(exp.entries.find((e) => e.names[0] === 'Forwarded')?.forwarder).toBe('kernel32.GetLastError');
  expect(pe.optionalHeader.sizeOfImage).toBe(imageSize);
});

test('EmulatedDll_FindExport_ByNameOrdinalAndForwarder', () => {
  const m = machine.memory;
  const mix = findExport(m, BASE, imageSize, 'test.dll', 'Mix');
  expect(mix?.kind).toBe('address');
  // Ordinals follow the sorted names from 1: Counter=1, Forwarded=2, Half=3, Mix=4.
  expect(findExport(m, BASE, imageSize, 'test.dll', 4)).toEqual(mix);
  expect(findExport(m, BASE, imageSize, 'test.dll', 'Forwarded')).toEqual({ kind: 'forwarder', dll: 'kernel32.dll', symbol: 'GetLastError' });
  expect(findExport(m, BASE, imageSize, 'test.dll', 'Nope')).toBeUndefined();
  expect(findExport(m, BASE, imageSize, 'test.dll', 99)).toBeUndefined();
});

test('EmulatedDll_DataExportInitialized_SectionsProtected', () => {
  const m = machine.memory;
  const counter = findExport(m, BASE, imageSize, 'test.dll', 'Counter');
  if (counter?.kind !== 'address') throw new Error('Counter not found');
  expect(m.u64(counter.address)).toBe(0x1234n);
  expect(m.query(counter.address).prot).toBe(Prot.Read | Prot.Write);
  expect(m.query(BASE).prot).toBe(Prot.Read);
  const mix = findExport(m, BASE, imageSize, 'test.dll', 'Mix');
  if (mix?.kind !== 'address') throw new Error('Mix not found');
  expect(m.query(mix.address).prot).toBe(Prot.Read | Prot.Execute);
});

test('EmulatedDll_CallThroughThunk_ArgumentsDecodedByKind', () => {
  const m = machine.memory;
  const mix = findExport(m, BASE, imageSize, 'test.dll', 'Mix');
  if (mix?.kind !== 'address') throw new Error('Mix not found');
  const xmm3 = new Uint8Array(16);
  new DataView(xmm3.buffer).setFloat64(0, 2.5, true);
  machine.setXmm(3, xmm3);
  const rax = machine.callGuest(mix.address, [BigInt.asUintN(64, -5n), 0xffff_ffff_0000_0007n, 0x1000n, f64bits(2.5), 99n, f64bits(0.25)]);
  expect(seen).toEqual({ a: -5, b: 7, p: 0x1000n, d: 2.5, v1: 99n, v2: 0.25 });
  expect(rax & 0xffff_ffffn).toBe(0xffff_ffffn);
});

test('EmulatedDll_DoubleResult_InXmm0', () => {
  const m = machine.memory;
  const half = findExport(m, BASE, imageSize, 'test.dll', 'Half');
  if (half?.kind !== 'address') throw new Error('Half not found');
  // sub rsp,0x28; mov rax, Half; call rax; movq rax, xmm0; add rsp,0x28; ret — with x in XMM0.
  const code = m.reserve(0x1_0000);
  m.commit(code, 0x1000, Prot.Read | Prot.Write | Prot.Execute);
  const bytes = new Uint8Array([0x48, 0x83, 0xec, 0x28, 0x48, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xd0, 0x66, 0x48, 0x0f, 0x7e, 0xc0, 0x48, 0x83, 0xc4, 0x28, 0xc3]);
  new DataView(bytes.buffer).setBigUint64(6, half.address, true);
  m.write(code, bytes);
  const x = new Uint8Array(16);
  new DataView(x.buffer).setFloat64(0, 7, true);
  machine.setXmm(0, x);
  expect(machine.callGuest(code, [])).toBe(f64bits(3.5));
});
