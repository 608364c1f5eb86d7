/**
 * General arrays (ECMA-335 §II.14.2): multi-dimensional `T[,]…` and `T[*]` with lower bounds, and
 * the four methods the runtime provides for each array type (§II.14.2 "Array methods"):
 * `.ctor(len…)` or `.ctor(lo, len, …)`, `Get(i…)`, `Set(i…, v)` and `Address(i…)`.
 *
 * Layout (shared/mono-bcl-contract.md §1.3): header; `bounds` @16 → the bounds; the total element
 * count @24 (uint32); the elements row-major @32; then, 8-aligned, one `{uint32 length; int32
 * lowerBound}` per dimension. Because the data and count sit where a `T[]` has them, the
 * collector walks the elements of a general array as it does a vector's.
 *
 * Each method is a gate reached like a method: the constructor as a factory (`newobj` calls it
 * with a null `this` and the arguments, IrNewObject.factory); Get/Set/Address with the array as
 * `this`. Values cross by the Windows x64 rules (abi.ts): floats in XMM registers, structs of
 * 1/2/4/8 bytes as integers, other structs by reference, a hidden return buffer for Get of a
 * large struct. An index outside its dimension is IndexOutOfRangeException, a negative length
 * OverflowException, a null array NullReferenceException.
 */
import { Reg, type GateCall } from '../../emu';
import { abiLayout } from '../jit/abi';
import type { IrCallee } from '../jit/host';
import { IrType, isStruct, type JitType, sizeOf } from '../jit/ir/types';
import { NotSupportedYetError } from './errors';
import { alignObjectSize } from './gc/size-classes';
import type { Runtime } from './runtime';
import { ARRAY_BOUNDS_OFFSET, ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, type TypeDesc } from './type-desc';
import { jitTypeFor } from './value-types';

const BOUNDS_POINTER_OFFSET = BigInt(ARRAY_BOUNDS_OFFSET);
/** Largest total element count (the CLR's single-array limit). */
const MAX_ELEMENTS = 0x7fff_ffc7;

const callees = new WeakMap<Runtime, Map<string, IrCallee>>();

/** The callee for runtime method `name` of general array type `t` with `argCount` parameters besides `this`. */
export function generalArrayMethod(rt: Runtime, t: TypeDesc, name: string, argCount: number, where: string): IrCallee {
  if (t.arrayRank === 0) throw new NotSupportedYetError(`runtime methods of the vector type ${t.fullName}`, where);
  const rank = t.arrayRank;
  let perRt = callees.get(rt);
  if (!perRt) callees.set(rt, (perRt = new Map()));
  const key = `${t.fullName}|${rt.types.ensureLoaded(t).methodTable}|${name}|${argCount}`;
  const hit = perRt.get(key);
  if (hit) return hit;
  const elem = jitTypeFor(rt.types, t.element!, `element of ${t.fullName}`);
  const elemSize = t.element!.valueSize;
  const ints = (n: number): JitType[] => new Array<JitType>(n).fill(IrType.I4);
  let callee: IrCallee;
  switch (name) {
    case '.ctor': {
      if (argCount !== rank && argCount !== 2 * rank) throw new NotSupportedYetError(`${t.fullName}::.ctor with ${argCount} arguments`, where);
      const withLower = argCount === 2 * rank;
      const entry = rt.machine.gates.define(`clr!${t.fullName}::.ctor/${argCount}`, (call) => construct(rt, t, call, withLower));
      callee = { name: `${t.fullName}::.ctor`, entry, params: [IrType.Ref, ...ints(argCount)], ret: IrType.Ref, hasThis: true };
      break;
    }
    case 'Address':
    case 'Get': {
      if (argCount !== rank) throw new NotSupportedYetError(`${t.fullName}::${name} with ${argCount} indices`, where);
      const ret: JitType = name === 'Address' ? IrType.ByRef : elem;
      const abi = abiLayout([IrType.Ref, ...ints(rank)], ret, true);
      const entry = rt.machine.gates.define(`clr!${t.fullName}::${name}`, (call) => {
        const at = elementAddress(rt, call, rank, elemSize, abi.positions);
        if (at === undefined) return;
        if (name === 'Address') return at;
        return readValue(rt, call, elem, elemSize, at, abi.returnBuffer);
      });
      callee = { name: `${t.fullName}::${name}`, entry, params: [IrType.Ref, ...ints(rank)], ret, hasThis: true };
      break;
    }
    case 'Set': {
      if (argCount !== rank + 1) throw new NotSupportedYetError(`${t.fullName}::Set with ${argCount} arguments`, where);
      const params: JitType[] = [IrType.Ref, ...ints(rank), elem];
      const abi = abiLayout(params, null, true);
      const entry = rt.machine.gates.define(`clr!${t.fullName}::Set`, (call) => {
        const at = elementAddress(rt, call, rank, elemSize, abi.positions);
        if (at === undefined) return;
        writeValue(rt, call, elem, elemSize, at, abi.positions[rank + 1]!);
      });
      callee = { name: `${t.fullName}::Set`, entry, params, ret: null, hasThis: true };
      break;
    }
    default:
      throw new NotSupportedYetError(`array method ${t.fullName}::${name}`, where);
  }
  perRt.set(key, callee);
  return callee;
}

/** Integer argument at ABI position `p` (registers, then the caller's stack). */
function intArg(call: GateCall, p: number): bigint {
  return p < 4 ? call.arg(p) : call.machine.memory.u64(call.entryRsp + 0x28n + 8n * BigInt(p - 4));
}

/** Allocates a general array: lengths (and lower bounds) from the arguments after `this`. */
function construct(rt: Runtime, t: TypeDesc, call: GateCall, withLower: boolean): bigint | void {
  const rank = t.arrayRank;
  const lengths: number[] = [];
  const lowers: number[] = [];
  for (let d = 0; d < rank; d++) {
    const lo = withLower ? Number(BigInt.asIntN(32, intArg(call, 1 + 2 * d))) : 0;
    const len = Number(BigInt.asIntN(32, intArg(call, withLower ? 2 + 2 * d : 1 + d)));
    lowers.push(lo);
    lengths.push(len);
  }
  let total = 1;
  for (const len of lengths) {
    if (len < 0) return rt.helpers.raise('System.OverflowException', 'Arithmetic operation resulted in an overflow.', call);
    total *= len;
  }
  if (total > MAX_ELEMENTS) return rt.helpers.raise('System.OutOfMemoryException', 'Array dimensions exceeded supported range.', call);
  return allocGeneralArray(rt, t, lengths, lowers);
}

/** A zeroed general array of type `t` with these dimensions (lengths already checked). */
export function allocGeneralArray(rt: Runtime, t: TypeDesc, lengths: readonly number[], lowers: readonly number[]): bigint {
  const rank = t.arrayRank;
  const total = lengths.reduce((a, b) => a * b, 1);
  const elemSize = t.element!.valueSize;
  const boundsAt = Math.ceil((ARRAY_DATA_OFFSET + total * elemSize) / 8) * 8;
  const obj = rt.gc.allocate(t.methodTable, alignObjectSize(boundsAt + 8 * rank));
  const mem = rt.machine.memory;
  mem.setU64(obj + BOUNDS_POINTER_OFFSET, obj + BigInt(boundsAt));
  mem.setU32(obj + BigInt(ARRAY_LENGTH_OFFSET), total);
  for (let d = 0; d < rank; d++) {
    mem.setU32(obj + BigInt(boundsAt + 8 * d), lengths[d]!);
    mem.setU32(obj + BigInt(boundsAt + 8 * d + 4), lowers[d]! >>> 0);
  }
  return obj;
}

/** `MemberwiseClone` of general array `obj`: same dimensions, the elements copied. */
export function cloneGeneralArray(rt: Runtime, obj: bigint, t: TypeDesc): bigint {
  const mem = rt.machine.memory;
  const bounds = mem.u64(obj + BOUNDS_POINTER_OFFSET);
  const lengths: number[] = [];
  const lowers: number[] = [];
  for (let d = 0; d < t.arrayRank; d++) {
    lengths.push(mem.u32(bounds + BigInt(8 * d)));
    lowers.push(mem.i32(bounds + BigInt(8 * d + 4)));
  }
  const copy = allocGeneralArray(rt, t, lengths, lowers);
  const bytes = mem.u32(obj + BigInt(ARRAY_LENGTH_OFFSET)) * t.element!.valueSize;
  if (bytes > 0) mem.write(copy + BigInt(ARRAY_DATA_OFFSET), mem.read(obj + BigInt(ARRAY_DATA_OFFSET), bytes));
  return copy;
}

/** The address of the element the index arguments name, or undefined after raising. */
function elementAddress(rt: Runtime, call: GateCall, rank: number, elemSize: number, positions: readonly number[]): bigint | undefined {
  const arr = call.machine.reg(Reg.RCX);
  if (arr === 0n) return rt.helpers.raise('System.NullReferenceException', 'Object reference not set to an instance of an object.', call);
  const mem = rt.machine.memory;
  const bounds = mem.u64(arr + BOUNDS_POINTER_OFFSET);
  let linear = 0;
  for (let d = 0; d < rank; d++) {
    const length = mem.u32(bounds + BigInt(8 * d));
    const lower = mem.i32(bounds + BigInt(8 * d + 4));
    const i = Number(BigInt.asIntN(32, intArg(call, positions[1 + d]!))) - lower;
    if (i < 0 || i >= length) return rt.helpers.raise('System.IndexOutOfRangeException', 'Index was outside the bounds of the array.', call);
    linear = linear * length + i;
  }
  return arr + BigInt(ARRAY_DATA_OFFSET + linear * elemSize);
}

function readValue(rt: Runtime, call: GateCall, t: JitType, size: number, at: bigint, buffer: number | null): bigint | void {
  const m = rt.machine;
  if (buffer !== null) {
    const dst = intArg(call, buffer);
    m.memory.write(dst, m.memory.read(at, size));
    return dst;
  }
  if (t === IrType.R4 || t === IrType.R8) {
    const x = new Uint8Array(16);
    x.set(m.memory.read(at, size));
    m.setXmm(0, x);
    return;
  }
  const bytes = m.memory.read(at, size);
  let v = 0n;
  for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!);
  if (!isStruct(t) && (t === IrType.I1 || t === IrType.I2 || t === IrType.I4)) v = BigInt.asUintN(64, BigInt.asIntN(8 * sizeOf(t), v));
  return v;
}

function writeValue(rt: Runtime, call: GateCall, t: JitType, size: number, at: bigint, position: number): void {
  const m = rt.machine;
  if (isStruct(t) && !(size === 1 || size === 2 || size === 4 || size === 8)) {
    m.memory.write(at, m.memory.read(intArg(call, position), size));
    return;
  }
  let bytes: Uint8Array;
  if ((t === IrType.R4 || t === IrType.R8) && position < 4) {
    bytes = m.xmm(position).slice(0, size);
  } else {
    const v = intArg(call, position);
    bytes = new Uint8Array(size);
    for (let i = 0; i < size; i++) bytes[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  }
  m.memory.write(at, bytes);
}
