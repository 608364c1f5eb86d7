/**
 * Raw memory copies (icall-def.h groups BUFFER and RUNTIMEIMPORTS): `Buffer.InternalMemcpy`
 * (Buffer.Memcpy's path above 32 bytes), `RuntimeImports.Memmove` (Buffer.Memmove, spans),
 * `Memmove_wbarrier` (value types holding references; `len` counts elements of the type the
 * handle names) and `ZeroMemory`; `Buffer.InternalBlockCopy` and `_ByteLength` over arrays.
 * Overlapping ranges are handled as memmove does: the host reads the whole source before writing.
 */
import type { Runtime } from '../runtime';
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, TypeKind } from '../type-desc';
import { IcallArgumentError } from './errors';
import { icall, type IcallContext, type IcallTable } from './registry';

/** Largest single copy done in one host buffer; longer copies go in chunks (memmove order kept). */
const COPY_CHUNK = 1 << 20;

/** memmove(dest, src, count) in guest memory. */
export function guestMemmove(rt: Runtime, dest: bigint, src: bigint, count: number): void {
  if (count <= 0 || dest === src) return;
  const mem = rt.machine.memory;
  if (count <= COPY_CHUNK) {
    mem.write(dest, mem.read(src, count));
    return;
  }
  // Chunks in the direction that never reads bytes already overwritten.
  const forward = dest < src || dest >= src + BigInt(count);
  for (let done = 0; done < count; done += COPY_CHUNK) {
    const n = Math.min(COPY_CHUNK, count - done);
    const off = BigInt(forward ? done : count - done - n);
    mem.write(dest + off, mem.read(src + off, n));
  }
}

export const bufferIcalls: IcallTable = [
  icall('System.Buffer::InternalMemcpy(byte*,byte*,int)', ['ptr', 'ptr', 'i32'], 'void', (ctx, dest, src, count) => {
    guestMemmove(ctx.rt, dest, src, count);
  }),
  icall('System.Runtime.RuntimeImports::Memmove(byte*,byte*,uint)', ['ptr', 'ptr', 'u32'], 'void', (ctx, dest, src, len) => {
    guestMemmove(ctx.rt, dest, src, len);
  }),
  icall('System.Runtime.RuntimeImports::Memmove_wbarrier(byte*,byte*,uint,intptr)', ['ptr', 'ptr', 'u32', 'ptr'], 'void', (ctx, dest, src, len, typeHandle) => {
    const type = ctx.rt.types.typeOfMethodTable(typeHandle);
    if (!type) throw new IcallArgumentError(ctx.icall, 'type_handle', `0x${typeHandle.toString(16)} is not a type handle of this runtime`);
    guestMemmove(ctx.rt, dest, src, len * type.valueSize);
  }),
  icall('System.Runtime.RuntimeImports::ZeroMemory(void*,uint)', ['ptr', 'u32'], 'void', (ctx, p, len) => {
    if (len > 0) ctx.rt.machine.memory.write(p, new Uint8Array(len));
  }),
];

/** Corlib element types Mono counts as primitive for `Buffer` (MONO_TYPE_BOOLEAN…R8, I, U). */
const PRIMITIVE_ELEMENTS = new Set([
  'System.Boolean', 'System.Char', 'System.SByte', 'System.Byte', 'System.Int16', 'System.UInt16', 'System.Int32', 'System.UInt32',
  'System.Int64', 'System.UInt64', 'System.Single', 'System.Double', 'System.IntPtr', 'System.UIntPtr',
]);

/** Byte length of an SZ array of primitives, or -1 (Mono's `_ByteLength` answer for other arrays). */
function byteLength(ctx: IcallContext, array: bigint): number {
  const t = ctx.rt.types.typeOfMethodTable(ctx.rt.machine.memory.u64(array));
  if (!t || t.kind !== TypeKind.SzArray) throw new IcallArgumentError(ctx.icall, 'array', `0x${array.toString(16)} is not an array of this runtime`);
  const e = t.element!;
  if (e.assembly !== ctx.rt.binder.corlib || !PRIMITIVE_ELEMENTS.has(e.fullName)) return -1;
  return ctx.rt.machine.memory.u32(array + BigInt(ARRAY_LENGTH_OFFSET)) * e.valueSize;
}

const NULL_ARRAY = (ctx: IcallContext, name: string): never =>
  ctx.rt.helpers.raise('System.ArgumentNullException', `Value cannot be null.\r\nParameter name: ${name}`, ctx.call);

/**
 * `Buffer.InternalBlockCopy` (Buffer.BlockCopy after its checks) and `_ByteLength`: offsets and
 * counts in bytes over arrays of primitives; a range outside either array answers false (the
 * managed caller then throws ArgumentException), as Mono's icall does.
 */
export const blockCopyIcalls: IcallTable = [
  icall('System.Buffer::_ByteLength(System.Array)', ['ref'], 'i32', (ctx, array) => (array === 0n ? NULL_ARRAY(ctx, 'array') : byteLength(ctx, array))),
  icall('System.Buffer::InternalBlockCopy(System.Array,int,System.Array,int,int)', ['ref', 'i32', 'ref', 'i32', 'i32'], 'bool', (ctx, src, srcOffset, dst, dstOffset, count) => {
    if (src === 0n) return NULL_ARRAY(ctx, 'src');
    if (dst === 0n) return NULL_ARRAY(ctx, 'dst');
    const srcLen = byteLength(ctx, src);
    const dstLen = byteLength(ctx, dst);
    if (srcOffset < 0 || dstOffset < 0 || count < 0 || srcOffset > srcLen - count || dstOffset > dstLen - count) return false;
    guestMemmove(ctx.rt, dst + BigInt(ARRAY_DATA_OFFSET + dstOffset), src + BigInt(ARRAY_DATA_OFFSET + srcOffset), count);
    return true;
  }),
];
