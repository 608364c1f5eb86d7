/**
 * Native entries for methods that are not JIT-compiled (internal calls and P/Invoke stubs).
 *
 * A method's code must sit in the code heap, within ±2 GiB of its precode, so that backpatching
 * can make the precode a `jmp rel32` and call sites can call it directly (method-desc.ts). Gates
 * live at the top of the address space, so each such method gets a 16-byte trampoline in the code
 * heap instead:
 *
 *     48 B8 <target>   mov rax, target   ; rax is volatile and never an argument
 *     FF E0            jmp rax           ; arguments, [rsp] (the caller's return address) untouched
 *
 * The gate therefore sees the managed caller's registers and return address exactly, as if it
 * had been called directly.
 */
import { MethodDescOffset, type MethodDesc } from '../method-desc';
import type { Runtime } from '../runtime';

/** The trampoline bytes `mov rax, target; jmp rax` (padded with int3 to 16 bytes). */
export function trampolineBytes(target: bigint): Uint8Array {
  const b = new Uint8Array(16).fill(0xcc);
  b[0] = 0x48; b[1] = 0xb8;
  new DataView(b.buffer).setBigUint64(2, target, true);
  b[10] = 0xff; b[11] = 0xe0;
  return b;
}

/** Makes `target` the code of `md` (through a trampoline) and backpatches its precode and call sites. */
export function installNativeEntry(rt: Runtime, md: MethodDesc, target: bigint): bigint {
  const at = rt.code.writeStub(trampolineBytes(target), { kind: 'native entry', owner: md.fullName });
  md.code = at;
  md.codeSize = 16;
  const mem = rt.machine.memory;
  mem.setU64(md.address + BigInt(MethodDescOffset.Code), at);
  mem.setU16(md.address + BigInt(MethodDescOffset.Flags), md.guestFlags());
  rt.code.backpatch(md);
  return at;
}
