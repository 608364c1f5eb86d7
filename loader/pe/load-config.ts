/**
 * The load configuration directory (PE/COFF spec §6.8 "The Load Configuration Structure"):
 * IMAGE_LOAD_CONFIG_DIRECTORY32/64. The structure grew over Windows versions; its own Size field
 * says how many fields are present, so each field is read only when it fits inside Size. Field
 * order differs between the two layouts (ProcessHeapFlags and ProcessAffinityMask swap).
 */
import { DataDirectoryIndex } from './headers';
import { ImageView } from './view';

export interface LoadConfigDirectory {
  size: number;
  /** Fields present in this image, by their Windows SDK names; pointer-sized ones as bigint. */
  fields: Record<string, number | bigint>;
  securityCookie?: bigint;
  seHandlerTable?: bigint;
  seHandlerCount?: bigint;
  guardCFCheckFunctionPointer?: bigint;
  guardCFDispatchFunctionPointer?: bigint;
  guardCFFunctionTable?: bigint;
  guardCFFunctionCount?: bigint;
  guardFlags?: number;
}

/** [name, width in PE32, width in PE32+]; width 0 = pointer-sized. */
type Field = [string, number];
const P = 0;
const COMMON_HEAD: Field[] = [
  ['Size', 4], ['TimeDateStamp', 4], ['MajorVersion', 2], ['MinorVersion', 2], ['GlobalFlagsClear', 4],
  ['GlobalFlagsSet', 4], ['CriticalSectionDefaultTimeout', 4], ['DeCommitFreeBlockThreshold', P],
  ['DeCommitTotalFreeThreshold', P], ['LockPrefixTable', P], ['MaximumAllocationSize', P], ['VirtualMemoryThreshold', P],
];
const LAYOUT32: Field[] = [...COMMON_HEAD, ['ProcessHeapFlags', 4], ['ProcessAffinityMask', P]];
const LAYOUT64: Field[] = [...COMMON_HEAD, ['ProcessAffinityMask', P], ['ProcessHeapFlags', 4]];
const COMMON_TAIL: Field[] = [
  ['CSDVersion', 2], ['DependentLoadFlags', 2], ['EditList', P], ['SecurityCookie', P], ['SEHandlerTable', P],
  ['SEHandlerCount', P], ['GuardCFCheckFunctionPointer', P], ['GuardCFDispatchFunctionPointer', P],
  ['GuardCFFunctionTable', P], ['GuardCFFunctionCount', P], ['GuardFlags', 4],
];

export function parseLoadConfig(img: ImageView): LoadConfigDirectory | undefined {
  const dir = img.directory(DataDirectoryIndex.LoadConfig);
  if (!dir) return undefined;
  const L = img.is64 ? 'IMAGE_LOAD_CONFIG_DIRECTORY64' : 'IMAGE_LOAD_CONFIG_DIRECTORY32';
  const size = img.u32At(dir.rva, `${L}.Size`);
  if (size < 4) img.fail(`${L}.Size`, dir.rva, `size ${size} is smaller than the Size field itself`);
  const layout = [...(img.is64 ? LAYOUT64 : LAYOUT32), ...COMMON_TAIL];
  const total = layout.reduce((n, [, w]) => n + (w || img.pointerSize), 0);
  const s = img.struct(dir.rva, Math.min(size, total), L);
  const fields: Record<string, number | bigint> = {};
  let o = 0;
  for (const [name, w0] of layout) {
    const w = w0 || img.pointerSize;
    if (o + w > s.bytes.length) break;
    fields[name] = w0 === P ? (img.is64 ? s.u64(o) : BigInt(s.u32(o))) : w === 2 ? s.u16(o) : s.u32(o);
    o += w;
  }
  const big = (n: string): bigint | undefined => fields[n] as bigint | undefined;
  return {
    size,
    fields,
    securityCookie: big('SecurityCookie'),
    seHandlerTable: big('SEHandlerTable'),
    seHandlerCount: big('SEHandlerCount'),
    guardCFCheckFunctionPointer: big('GuardCFCheckFunctionPointer'),
    guardCFDispatchFunctionPointer: big('GuardCFDispatchFunctionPointer'),
    guardCFFunctionTable: big('GuardCFFunctionTable'),
    guardCFFunctionCount: big('GuardCFFunctionCount'),
    guardFlags: fields.GuardFlags as number | undefined,
  };
}
