/**
 * `System.Globalization.CompareInfo` icalls (icall-def.h group COMPAREINFO) for the invariant
 * culture, the only one this runtime has (culture.ts): Mono without ICU compares UTF-16 code
 * units, folding case with the invariant mapping when IgnoreCase is asked
 * (`ves_icall_System_Globalization_CompareInfo_internal_compare`, `string_invariant_compare`):
 *  - `internal_compare_icall(char* s1, int len1, char* s2, int len2, CompareOptions)`: -1, 0 or 1;
 *  - `internal_index_icall(char* source, int sindex, int count, char* value, int valueLength, bool first)`:
 *    the first or last ordinal index of value in source[sindex, sindex+count), or -1.
 * Options other than IgnoreCase (kana, width, symbols, string sort) are a named NotSupportedYetError.
 */
import { NotSupportedYetError } from '../errors';
import { icall, type IcallContext, type IcallTable } from './registry';

/** System.Globalization.CompareOptions bits. */
const enum CompareOptions {
  /** Case-insensitive comparison. */
  IgnoreCase = 0x1,
  /** OrdinalIgnoreCase. */
  OrdinalIgnoreCase = 0x10000000,
  /** Ordinal. */
  Ordinal = 0x40000000,
}

const SUPPORTED = CompareOptions.IgnoreCase | CompareOptions.OrdinalIgnoreCase | CompareOptions.Ordinal;

function readChars(ctx: IcallContext, p: bigint, length: number): string {
  const mem = ctx.rt.machine.memory;
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(mem.u16(p + BigInt(2 * i)));
  return s;
}

/** Invariant case folding of one UTF-16 unit (a single-unit lower-case mapping, else itself). */
function fold(c: string): string {
  const l = c.toLowerCase();
  return l.length === 1 ? l : c;
}

export const compareInfoIcalls: IcallTable = [
  icall('System.Globalization.CompareInfo::internal_compare_icall(char*,int,char*,int,System.Globalization.CompareOptions)', ['ptr', 'i32', 'ptr', 'i32', 'i32'], 'i32', (ctx, p1, len1, p2, len2, options) => {
    if (options & ~SUPPORTED) throw new NotSupportedYetError(`CompareOptions 0x${(options >>> 0).toString(16)}`, ctx.icall);
    const ignoreCase = (options & (CompareOptions.IgnoreCase | CompareOptions.OrdinalIgnoreCase)) !== 0;
    const a = readChars(ctx, p1, len1);
    const b = readChars(ctx, p2, len2);
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const x = ignoreCase ? fold(a[i]!) : a[i]!;
      const y = ignoreCase ? fold(b[i]!) : b[i]!;
      if (x !== y) return x.charCodeAt(0) < y.charCodeAt(0) ? -1 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }),
  icall('System.Globalization.CompareInfo::internal_index_icall(char*,int,int,char*,int,bool)', ['ptr', 'i32', 'i32', 'ptr', 'i32', 'bool'], 'i32', (ctx, src, sindex, count, value, valueLength, first) => {
    const s = readChars(ctx, src + BigInt(2 * sindex), count);
    const v = readChars(ctx, value, valueLength);
    const at = first ? s.indexOf(v) : s.lastIndexOf(v);
    return at < 0 ? -1 : at + sindex;
  }),
];
