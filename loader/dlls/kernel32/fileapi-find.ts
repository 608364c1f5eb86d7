/**
 * FindFirstFile / FindNextFile / FindClose (fileapi.h) over the guest file system. The pattern is
 * the last component of the path: `*` matches any run of characters, `?` one character, names
 * compare case-insensitively, and `*.*` matches every name (with or without a dot), as on
 * Windows. Listings are taken when the search starts (a snapshot), in the host's sorted order,
 * with `.` and `..` first in a directory that is not a drive root. The result structure is
 * WIN32_FIND_DATAW (592 bytes) or WIN32_FIND_DATAA (320 bytes) from minwinbase.h.
 */
import { fn, type ApiTable } from '../api';
import { INVALID_HANDLE_VALUE } from '../../handles';
import { failWith, Win32Error } from '../../handles/win32-error';
import { attributesOf, fileSystemOf, formatGuestPath, FsFailure, type NodeInfo } from '../../fs';
import type { KernelObject, Os } from '../../os';
import { fsFail } from './fileapi';

/** An open search: the matching entries and how far FindNextFile got. */
export class FindObject implements KernelObject {
  readonly type = 'find';
  next = 0;
  constructor(readonly entries: readonly NodeInfo[]) {}
}

/** Windows wildcard matching (`*`, `?`), case-insensitive; `*.*` is `*`. */
export function matchesPattern(name: string, pattern: string): boolean {
  const p = pattern === '*.*' ? '*' : pattern;
  const re = new RegExp(`^${[...p].map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'is');
  return re.test(name);
}

/** The entries of a search for `spec` (a directory and a pattern), or the failure. */
export function findEntries(os: Os, spec: string): NodeInfo[] | FsFailure {
  const fsys = fileSystemOf(os);
  const full = fsys.fullPath(spec, true);
  if (full instanceof FsFailure) return full;
  if (full.components.length === 0) return new FsFailure(Win32Error.FileNotFound, 'a drive root is not a search pattern');
  const pattern = full.components.at(-1)!;
  const dir = formatGuestPath({ drive: full.drive, components: full.components.slice(0, -1) });
  if (!/[*?]/.test(pattern)) {
    const one = fsys.stat(`${dir}\\${pattern}`);
    return one instanceof FsFailure ? one : [one];
  }
  const listing = fsys.list(dir);
  if (listing instanceof FsFailure) return listing.code === Win32Error.FileNotFound ? new FsFailure(Win32Error.PathNotFound, listing.detail) : listing;
  const dirInfo = fsys.stat(dir);
  const dots: NodeInfo[] = full.components.length > 1 && !(dirInfo instanceof FsFailure) ? [{ ...dirInfo, name: '.' }, { ...dirInfo, name: '..' }] : [];
  const hits = [...dots, ...listing].filter((e) => matchesPattern(e.name, pattern));
  return hits.length > 0 ? hits : new FsFailure(Win32Error.FileNotFound, `nothing in ${dir} matches ${pattern}`);
}

/** Fills WIN32_FIND_DATAW (wide) or WIN32_FIND_DATAA. */
function writeFindData(os: Os, out: bigint, e: NodeInfo, wide: boolean): void {
  const m = os.memory;
  const size = wide ? 592 : 320;
  m.write(out, new Uint8Array(size));
  m.setU32(out, attributesOf(e));
  m.setU64(out + 4n, e.creationTime);
  m.setU64(out + 12n, e.lastAccessTime);
  m.setU64(out + 20n, e.lastWriteTime);
  m.setU32(out + 28n, Math.floor(e.size / 2 ** 32) >>> 0);
  m.setU32(out + 32n, e.size >>> 0);
  const name = e.name.slice(0, 259);
  if (wide) m.writeWString(out + 44n, name);
  else m.write(out + 44n, Uint8Array.from([...name].map((c) => (c.charCodeAt(0) < 0x100 ? c.charCodeAt(0) : 0x3f)).concat([0])));
}

function findFirst(os: Os, api: string, spec: string | null, out: bigint, wide: boolean): bigint {
  if (spec === null) return failWith(os, Win32Error.PathNotFound, INVALID_HANDLE_VALUE);
  const entries = findEntries(os, spec);
  if (entries instanceof FsFailure) return fsFail(os, `${api}("${spec}")`, entries, INVALID_HANDLE_VALUE);
  const find = new FindObject(entries);
  writeFindData(os, out, entries[0]!, wide);
  find.next = 1;
  os.thread.lastError = Win32Error.Success;
  return os.handles.add(find);
}

function findNext(os: Os, h: bigint, out: bigint, wide: boolean): number {
  const find = os.handles.get<KernelObject>(h);
  if (!(find instanceof FindObject)) return failWith(os, Win32Error.InvalidHandle, 0);
  const e = find.entries[find.next];
  if (!e) return failWith(os, Win32Error.NoMoreFiles, 0);
  find.next++;
  writeFindData(os, out, e, wide);
  return 1;
}

export const fileapiFind: ApiTable = {
  FindFirstFileA: fn('HANDLE FindFirstFileA(LPCSTR lpFileName, LPWIN32_FIND_DATAA lpFindFileData)', ['ptr', 'ptr'], 'ptr',
    ({ os }, p, out) => findFirst(os, 'FindFirstFileA', p === 0n ? null : os.memory.cString(p, 32767), out, false)),
  FindFirstFileW: fn('HANDLE FindFirstFileW(LPCWSTR lpFileName, LPWIN32_FIND_DATAW lpFindFileData)', ['ptr', 'ptr'], 'ptr',
    ({ os }, p, out) => findFirst(os, 'FindFirstFileW', p === 0n ? null : os.memory.wString(p, 32767), out, true)),
  FindNextFileA: fn('BOOL FindNextFileA(HANDLE hFindFile, LPWIN32_FIND_DATAA lpFindFileData)', ['ptr', 'ptr'], 'i32', ({ os }, h, out) => findNext(os, h, out, false)),
  FindNextFileW: fn('BOOL FindNextFileW(HANDLE hFindFile, LPWIN32_FIND_DATAW lpFindFileData)', ['ptr', 'ptr'], 'i32', ({ os }, h, out) => findNext(os, h, out, true)),
  FindClose: fn('BOOL FindClose(HANDLE hFindFile)', ['ptr'], 'i32', ({ os }, h) => {
    if (!(os.handles.get<KernelObject>(h) instanceof FindObject)) return failWith(os, Win32Error.InvalidHandle, 0);
    os.handles.close(h);
    return 1;
  }),
};
