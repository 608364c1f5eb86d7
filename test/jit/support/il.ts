/**
 * Hand-written IL bodies for importer tests: a JitMethodInfo from bytes written as hex with
 * `//` comments (one instruction per line reads like a disassembly listing).
 */
import { JitEhClause, JitMethodInfo } from '../../../src/jit/host';
import { IrType, JitType } from '../../../src/jit/ir/types';

/** Parses `"02 03 // ldarg.0 ldarg.1\n58 2A"` into bytes (comments after `//` ignored; `01000006` is four bytes). */
export function hex(text: string): Uint8Array {
  const bytes = text
    .split('\n')
    .map((l) => l.replace(/\/\/.*$/, ''))
    .join(' ')
    .split(/\s+/)
    .filter(Boolean)
    .flatMap((h) => {
      // A group of several bytes is written in memory order (little-endian operands as stored).
      if (!/^([0-9a-fA-F]{2})+$/.test(h)) throw new Error(`bad hex group '${h}'`);
      return h.match(/../g)!.map((b) => parseInt(b, 16));
    });
  return Uint8Array.from(bytes);
}

export function ilMethod(
  name: string,
  il: string,
  sig: { params?: JitType[]; ret?: JitType | null; locals?: JitType[]; maxStack?: number; eh?: JitEhClause[] } = {},
): JitMethodInfo {
  return {
    name,
    il: hex(il),
    params: sig.params ?? [],
    locals: sig.locals ?? [],
    ret: sig.ret === undefined ? IrType.I4 : sig.ret,
    maxStack: sig.maxStack ?? 8,
    initLocals: true,
    ehClauses: sig.eh ?? [],
  };
}
