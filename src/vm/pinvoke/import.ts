/**
 * What a `pinvokeimpl` method imports (ECMA-335 §II.22.22 ImplMap, §II.23.1.8 PInvokeAttributes):
 * the module (ModuleRef name), the entry point (ImportName: `EntryPoint=` or the method's own
 * name; `#n` is an ordinal), the character set, ExactSpelling (NoMangle) and SetLastError
 * (SupportsLastError).
 *
 * CharSet on this guest: `Auto` is Unicode, because the guest is Windows NT
 * (Marshal.SystemDefaultCharSize = 2); `NotSpec` is Ansi (the C# default).
 */
import { TableId, tokenRow } from '../../metadata';
import type { MethodDesc } from '../method-desc';
import { PInvokeMetadataError } from './errors';

/** PInvokeAttributes bits (§II.23.1.8). */
export const enum PInvokeAttr {
  /** ExactSpelling: use the entry point name as given, no A/W probing. */
  NoMangle = 0x0001,
  /** The CharSet field. */
  CharSetMask = 0x0006,
  /** CharSet.Ansi. */
  CharSetAnsi = 0x0002,
  /** CharSet.Unicode. */
  CharSetUnicode = 0x0004,
  /** CharSet.Auto. */
  CharSetAuto = 0x0006,
  /** SetLastError = true. */
  SupportsLastError = 0x0040,
}

/** How strings travel: one byte per char (the ANSI code page) or UTF-16. */
export type CharSet = 'ansi' | 'unicode';

export interface PInvokeImport {
  /** The ModuleRef name as written (`kernel32`, `msvcrt.dll` …). */
  readonly module: string;
  /** The entry point as written (before A/W probing). */
  readonly entryPoint: string;
  readonly charSet: CharSet;
  readonly exactSpelling: boolean;
  readonly setLastError: boolean;
}

/** Reads the ImplMap row of `md`. */
export function readPInvokeImport(md: MethodDesc): PInvokeImport {
  const meta = md.assembly.md;
  const row = meta.implMapOf((TableId.MethodDef << 24) | md.row);
  if (!row) throw new PInvokeMetadataError(md.fullName, 'the method is pinvokeimpl but has no ImplMap row');
  const map = meta.row.implMap(row);
  const scope = tokenRow(map.importScope);
  if (scope === 0 || scope > meta.rowCount(TableId.ModuleRef)) throw new PInvokeMetadataError(md.fullName, `ImplMap[${row}] names ModuleRef ${scope}, which does not exist`);
  const module = meta.row.moduleRef(scope).name;
  const flags = map.mappingFlags;
  const cs = flags & PInvokeAttr.CharSetMask;
  return {
    module,
    entryPoint: map.importName || md.name,
    charSet: cs === PInvokeAttr.CharSetUnicode || cs === PInvokeAttr.CharSetAuto ? 'unicode' : 'ansi',
    exactSpelling: (flags & PInvokeAttr.NoMangle) !== 0,
    setLastError: (flags & PInvokeAttr.SupportsLastError) !== 0,
  };
}

/**
 * The export names to try, in order (the CLR's probing on Windows): ExactSpelling → the name
 * alone; Unicode → `nameW`, then the name; Ansi → the name, then `nameA`. An ordinal (`#12`)
 * is never mangled.
 */
export function entryPointCandidates(imp: Pick<PInvokeImport, 'entryPoint' | 'charSet' | 'exactSpelling'>): string[] {
  const n = imp.entryPoint;
  if (imp.exactSpelling || /^#\d+$/.test(n)) return [n];
  return imp.charSet === 'unicode' ? [`${n}W`, n] : [n, `${n}A`];
}
