/**
 * Reading and writing guest strings for icalls: managed String objects (through the runtime's
 * object API, layouts in shared/mono-bcl-contract.md §1.2) and native NUL-terminated UTF-8 /
 * UTF-16 buffers.
 */
import type { Runtime } from '../runtime';
import { IcallArgumentError } from './errors';

/** Longest native string an icall reads (Windows' UNICODE_STRING limit, in bytes). */
export const MAX_NATIVE_STRING = 0xfffe;

/** A NUL-terminated UTF-8 string in guest memory. */
export function readUtf8(rt: Runtime, addr: bigint): string {
  return rt.machine.memory.cString(addr, MAX_NATIVE_STRING, 'utf8');
}

/** A managed String's text, or a named error for null where the icall needs a string. */
export function managedString(rt: Runtime, obj: bigint, icall: string, parameter: string): string {
  if (obj === 0n) throw new IcallArgumentError(icall, parameter, 'null string');
  return rt.objects.readString(obj);
}

/** UTF-8 bytes of `s` followed by a NUL. */
export function utf8z(s: string): Uint8Array {
  const body = new TextEncoder().encode(s);
  const out = new Uint8Array(body.length + 1);
  out.set(body);
  return out;
}

/** UTF-16LE code units of `s` followed by a NUL unit. */
export function utf16z(s: string): Uint8Array {
  const out = new Uint8Array(2 * s.length + 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    out[2 * i] = c & 0xff;
    out[2 * i + 1] = c >> 8;
  }
  return out;
}
