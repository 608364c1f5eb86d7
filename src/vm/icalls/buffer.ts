/**
 * Raw memory copies (icall-def.h groups BUFFER and RUNTIMEIMPORTS): `Buffer.InternalMemcpy`
 * (Buffer.Memcpy's path above 32 bytes), `RuntimeImports.Memmove` (Buffer.Memmove, spans),
 * `Memmove_wbarrier` (value types holding references; `len` counts elements of the type the
 * handle names) and `ZeroMemory`. Overlapping ranges are handled as memmove does: the host reads
 * the whole source before writing.
 */
import type { Runtime } from '../runtime';
import { IcallArgumentError } from './errors';
import { icall, type IcallTable } from './registry';

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
