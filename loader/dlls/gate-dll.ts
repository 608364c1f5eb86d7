/**
 * Lays out an emulated system DLL in guest memory as a real image, so that guest code and the
 * loader treat it exactly like a mapped DLL:
 *
 *   RVA 0x0000  headers: DOS header, "PE\0\0", file header, PE32+ optional header whose export
 *               directory entry points at .edata, and a section table (.edata, .text, .data)
 *   .edata      IMAGE_EXPORT_DIRECTORY, address/name/ordinal tables, the DLL name, export names,
 *               forwarder strings (read-only)
 *   .text       one 16-byte thunk per function export: `jmp qword [rip+0]` followed by the
 *               address of the host gate that runs the TypeScript implementation (read/execute)
 *   .data       the storage of data exports (`_iob`, `_fmode` …), 16-byte aligned (read/write)
 *
 * The thunk keeps export RVAs inside the image (RVAs are 32-bit; the gate region is elsewhere)
 * and does not disturb the stack, so the gate sees the caller's return address at [RSP].
 * Names are sorted by byte value and ordinals assigned 1… in that order (PE/COFF §6.3).
 *
 * The gate handler decodes the Windows x64 arguments by each function's declared ArgKinds, calls
 * the implementation with an ApiContext, and encodes the result into RAX or XMM0.
 */
import { PAGE_SIZE, Prot, type GateCall, type Machine, type Memory } from '../../emu';
import type { Os } from '../os';
import type { ApiFunction, ArgKind, DllDefinition, RetKind, VarArgs } from './api';

const HEADERS_SIZE = PAGE_SIZE;
const THUNK_SIZE = 16;

export interface EmulatedDllImage {
  readonly base: bigint;
  readonly size: number;
  /** Export name → address (thunk or data), for diagnostics and tests. */
  readonly exports: ReadonlyMap<string, bigint>;
}

/** Bytes needed for the image of `def` (so the caller can reserve its range first). */
export function emulatedDllSize(def: DllDefinition): number {
  return layout(def).size;
}

interface Layout {
  names: string[];
  edataRva: number;
  edataSize: number;
  textRva: number;
  textSize: number;
  dataRva: number;
  dataSize: number;
  dataOffsets: Map<string, number>;
  size: number;
}

function layout(def: DllDefinition): Layout {
  const names = [...new Set([...Object.keys(def.exports), ...Object.keys(def.forwarders)])].sort(byteOrder);
  const n = names.length;
  let edataSize = 40 + n * 4 + n * 4 + n * 2 + def.name.length + 1;
  for (const name of names) edataSize += name.length + 1;
  for (const target of Object.values(def.forwarders)) edataSize += target.length + 1;
  const fnCount = names.filter((k) => def.exports[k]?.kind === 'function').length;
  const dataOffsets = new Map<string, number>();
  let dataSize = 0;
  for (const k of names) {
    const e = def.exports[k];
    if (e?.kind !== 'data') continue;
    dataOffsets.set(k, dataSize);
    dataSize += roundUp(Math.max(e.size, 8), 16);
  }
  const edataRva = HEADERS_SIZE;
  const textRva = edataRva + roundUp(edataSize, PAGE_SIZE);
  const textSize = Math.max(fnCount * THUNK_SIZE, 1);
  const dataRva = textRva + roundUp(textSize, PAGE_SIZE);
  const size = dataRva + roundUp(Math.max(dataSize, 1), PAGE_SIZE);
  return { names, edataRva, edataSize, textRva, textSize, dataRva, dataSize, dataOffsets, size };
}

/**
 * Writes the image of `def` at `base` (already reserved, `emulatedDllSize(def)` bytes), defines a
 * gate per function export and runs each data export's initializer.
 */
export function buildEmulatedDll(machine: Machine, os: Os, def: DllDefinition, base: bigint): EmulatedDllImage {
  const memory = machine.memory;
  const L = layout(def);
  memory.commit(base, L.size, Prot.Read | Prot.Write);
  writeHeaders(memory, base, L);

  // .edata
  const n = L.names.length;
  const eat = L.edataRva + 40;
  const npt = eat + n * 4;
  const ordTable = npt + n * 4;
  let strings = ordTable + n * 2;
  const putString = (s: string): number => {
    const rva = strings;
    memory.write(base + BigInt(rva), latin1(s));
    memory.setU8(base + BigInt(rva + s.length), 0);
    strings += s.length + 1;
    return rva;
  };
  const dir = base + BigInt(L.edataRva);
  memory.setU32(dir + 12n, putString(def.name));
  memory.setU32(dir + 16n, 1); // Base: ordinals start at 1
  memory.setU32(dir + 20n, n);
  memory.setU32(dir + 24n, n);
  memory.setU32(dir + 28n, eat);
  memory.setU32(dir + 32n, npt);
  memory.setU32(dir + 36n, ordTable);

  const exports = new Map<string, bigint>();
  let thunk = L.textRva;
  const inits: Array<() => void> = [];
  L.names.forEach((name, i) => {
    memory.setU32(base + BigInt(npt + i * 4), putString(name));
    memory.setU16(base + BigInt(ordTable + i * 2), i);
    const forwarder = def.forwarders[name];
    const entry = def.exports[name];
    let rva: number;
    if (entry === undefined && forwarder !== undefined) {
      rva = putString(forwarder);
    } else if (entry?.kind === 'function') {
      rva = thunk;
      thunk += THUNK_SIZE;
      const gate = machine.gates.define(`${def.name}!${name}`, apiGateHandler(os, def.name, name, entry));
      writeThunk(memory, base + BigInt(rva), gate);
    } else if (entry?.kind === 'data') {
      rva = L.dataRva + (L.dataOffsets.get(name) ?? 0);
      const init = entry.init;
      const at = base + BigInt(rva);
      if (init) inits.push(() => init(os, at));
    } else {
      return;
    }
    memory.setU32(base + BigInt(eat + i * 4), rva);
    exports.set(name, base + BigInt(rva));
  });

  memory.protect(base, L.textRva, Prot.Read);
  memory.protect(base + BigInt(L.textRva), L.dataRva - L.textRva, Prot.Read | Prot.Execute);
  machine.flushCode(base + BigInt(L.textRva), L.dataRva - L.textRva);
  for (const init of inits) init();
  return { base, size: L.size, exports };
}

/** `jmp qword ptr [rip+0]` then the 8-byte target. */
function writeThunk(memory: Memory, at: bigint, target: bigint): void {
  memory.write(at, Uint8Array.of(0xff, 0x25, 0, 0, 0, 0));
  memory.setU64(at + 6n, target);
  memory.write(at + 14n, Uint8Array.of(0xcc, 0xcc));
}

function writeHeaders(memory: Memory, base: bigint, L: Layout): void {
  const h = new DataView(new ArrayBuffer(HEADERS_SIZE));
  h.setUint16(0, 0x5a4d, true); // MZ
  h.setUint32(0x3c, 0x40, true); // e_lfanew
  h.setUint32(0x40, 0x00004550, true); // PE\0\0
  const fh = 0x44;
  h.setUint16(fh, 0x8664, true);
  h.setUint16(fh + 2, 3, true); // sections
  h.setUint16(fh + 16, 0xf0, true); // SizeOfOptionalHeader
  h.setUint16(fh + 18, 0x2022, true); // EXECUTABLE_IMAGE | LARGE_ADDRESS_AWARE | DLL
  const oh = fh + 20;
  h.setUint16(oh, 0x20b, true);
  h.setUint32(oh + 4, L.textSize, true); // SizeOfCode
  h.setUint32(oh + 20, L.textRva, true); // BaseOfCode
  h.setBigUint64(oh + 24, base, true); // ImageBase
  h.setUint32(oh + 32, PAGE_SIZE, true); // SectionAlignment
  h.setUint32(oh + 36, 0x200, true); // FileAlignment
  h.setUint16(oh + 40, 10, true); // OS version 10.0
  h.setUint16(oh + 48, 10, true); // subsystem version 10.0
  h.setUint32(oh + 56, L.size, true); // SizeOfImage
  h.setUint32(oh + 60, HEADERS_SIZE, true); // SizeOfHeaders
  h.setUint16(oh + 68, 3, true); // IMAGE_SUBSYSTEM_WINDOWS_CUI
  h.setUint16(oh + 70, 0x0160, true); // HIGH_ENTROPY_VA | DYNAMIC_BASE | NX_COMPAT
  h.setUint32(oh + 108, 16, true); // NumberOfRvaAndSizes
  h.setUint32(oh + 112, L.edataRva, true); // DataDirectory[Export]
  h.setUint32(oh + 116, L.edataSize, true);
  const sections: Array<[string, number, number, number]> = [
    ['.edata', L.edataRva, L.edataSize, 0x40000040],
    ['.text', L.textRva, L.textSize, 0x60000020],
    ['.data', L.dataRva, Math.max(L.dataSize, 1), 0xc0000040],
  ];
  sections.forEach(([name, rva, size, flags], i) => {
    const s = oh + 0xf0 + i * 40;
    for (let c = 0; c < name.length; c++) h.setUint8(s + c, name.charCodeAt(c));
    h.setUint32(s + 8, size, true);
    h.setUint32(s + 12, rva, true);
    h.setUint32(s + 36, flags, true);
  });
  memory.write(base, new Uint8Array(h.buffer));
}

/** The host side of one emulated function: decode arguments, run, encode the result. */
function apiGateHandler(os: Os, dll: string, name: string, fn: ApiFunction): (call: GateCall) => bigint | void {
  return (call) => {
    const args = decodeArguments(call, fn.args);
    const result = fn.impl({ os, call }, ...(args as never[]));
    return encodeResult(call, fn.ret, result, dll, name);
  };
}

function decodeArguments(call: GateCall, kinds: readonly ArgKind[]): unknown[] {
  const out: unknown[] = [];
  for (let i = 0; i < kinds.length; i++) {
    const kind = kinds[i];
    switch (kind) {
      case 'i32':
        out.push(Number(BigInt.asIntN(32, call.arg(i))));
        break;
      case 'u32':
        out.push(Number(BigInt.asUintN(32, call.arg(i))));
        break;
      case 'i64':
        out.push(BigInt.asIntN(64, call.arg(i)));
        break;
      case 'u64':
      case 'ptr':
        out.push(BigInt.asUintN(64, call.arg(i)));
        break;
      case 'f64':
        out.push(call.argF64(i));
        break;
      case 'f32':
        out.push(i < 4 ? f32FromBytes(call.machine.xmm(i)) : f32FromBits(call.arg(i)));
        break;
      case '...':
        out.push(new GateVarArgs(call, i));
        break;
    }
  }
  return out;
}

/** The variadic tail: each slot is 8 bytes; a double in slots 0–3 is also in the integer register. */
class GateVarArgs implements VarArgs {
  constructor(
    private readonly call: GateCall,
    private index: number,
  ) {}
  next(): bigint {
    return BigInt.asUintN(64, this.call.arg(this.index++));
  }
  nextF64(): number {
    const bits = BigInt.asUintN(64, this.call.arg(this.index++));
    const v = new DataView(new ArrayBuffer(8));
    v.setBigUint64(0, bits, true);
    return v.getFloat64(0, true);
  }
}

function encodeResult(call: GateCall, ret: RetKind, value: unknown, dll: string, name: string): bigint | void {
  switch (ret) {
    case 'void':
      return undefined;
    case 'i32':
    case 'u32':
      return BigInt.asUintN(64, BigInt(Math.trunc(Number(value)) | 0)) & 0xffff_ffffn;
    case 'i64':
    case 'u64':
    case 'ptr':
      if (typeof value !== 'bigint') throw new ApiContractError(dll, name, `returned ${typeof value} for ${ret}`);
      return BigInt.asUintN(64, value);
    case 'f64':
      call.returnF64(Number(value));
      return undefined;
    case 'f32': {
      const bytes = new Uint8Array(16);
      new DataView(bytes.buffer).setFloat32(0, Number(value), true);
      call.machine.setXmm(0, bytes);
      return undefined;
    }
  }
}

/** An emulated function broke its own declaration (a bug in clremu, named). */
export class ApiContractError extends Error {
  override name = 'ApiContractError';
  constructor(dll: string, symbol: string, problem: string) {
    super(`${dll}!${symbol} ${problem}`);
  }
}

function f32FromBytes(bytes: Uint8Array): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getFloat32(0, true);
}
function f32FromBits(bits: bigint): number {
  const v = new DataView(new ArrayBuffer(4));
  v.setUint32(0, Number(bits & 0xffff_ffffn), true);
  return v.getFloat32(0, true);
}

function latin1(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i) & 0xff;
  return out;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function roundUp(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}
