/**
 * Guest path syntax: turning what a Windows program passes to the file API into one canonical
 * absolute path, the way GetFullPathNameW does it (Microsoft docs, "Naming Files, Paths, and
 * Namespaces"; "File path formats on Windows systems"):
 *
 *  - `\` and `/` both separate components; repeated separators count as one;
 *  - `C:\x` is absolute; `\x` is the root of the current directory's drive; `C:x` is relative to
 *    the current directory when it is on drive C: (the guest keeps one current directory);
 *    anything else is relative to the current directory;
 *  - `.` is dropped, `..` removes the previous component and stops at the drive root (so
 *    `C:\..\x` is `C:\x`: no path can name anything above a root);
 *  - trailing dots and spaces of a component are removed (`a.txt.` is `a.txt`);
 *  - the `\\?\` prefix is taken off (its "no normalisation" meaning is not kept); UNC paths
 *    (`\\server\share`) and the `\\.\` device namespace are not file paths here.
 *
 * Invariant of a `GuestPath`: an upper-case drive letter and components that are non-empty,
 * contain no separator, and are neither `.` nor `..`.
 */

/** A canonical absolute guest path: `C:` + components. */
export interface GuestPath {
  /** Upper-case drive letter, e.g. `C`. */
  readonly drive: string;
  readonly components: readonly string[];
}

/** Why a string is not a usable file path (Win32 error codes, winerror.h). */
export const enum PathSyntaxError {
  /** ERROR_INVALID_NAME: empty, or characters Windows forbids (`<>"|?*`, control characters). */
  InvalidName = 123,
  /** ERROR_BAD_NETPATH: a UNC path; the guest has no network. */
  BadNetPath = 53,
}

/** Characters no Windows file name may hold (the wildcards are checked separately by callers that allow them). */
const FORBIDDEN = /[<>"|\u0000-\u001f]/;

/** `\\server\share\…`: a UNC name. */
export function isUncPath(path: string): boolean {
  return /^[\\/]{2}[^\\/?.]/.test(path);
}

/**
 * Parses `path` against the current directory `cwd` (already canonical). `allowWildcards`
 * admits `*` and `?` in the last component (FindFirstFile patterns).
 */
export function parseGuestPath(path: string, cwd: GuestPath, allowWildcards = false): GuestPath | PathSyntaxError {
  let p = path;
  if (p.startsWith('\\\\?\\') || p.startsWith('//?/')) p = p.slice(4);
  if (p.length === 0) return PathSyntaxError.InvalidName;
  if (isUncPath(p)) return PathSyntaxError.BadNetPath;
  if (FORBIDDEN.test(p)) return PathSyntaxError.InvalidName;
  let drive = cwd.drive;
  let base: readonly string[] = cwd.components;
  const driveMatch = /^([A-Za-z]):/.exec(p);
  if (driveMatch) {
    drive = driveMatch[1]!.toUpperCase();
    p = p.slice(2);
    // `D:x` on another drive: Windows uses that drive's own current directory, which is its root here.
    if (drive !== cwd.drive) base = [];
  }
  if (p.includes(':')) return PathSyntaxError.InvalidName;
  if (p.startsWith('\\') || p.startsWith('/')) base = [];
  const parts = p.split(/[\\/]+/).filter((c) => c.length > 0);
  const components = [...base];
  for (let i = 0; i < parts.length; i++) {
    const raw = parts[i]!;
    if (raw === '.') continue;
    if (raw === '..') {
      components.pop();
      continue;
    }
    const last = i === parts.length - 1;
    if (/[*?]/.test(raw) && !(allowWildcards && last)) return PathSyntaxError.InvalidName;
    // Windows strips trailing dots and spaces; a component made only of them disappears.
    const trimmed = raw.replace(/[. ]+$/, '');
    if (trimmed.length === 0) continue;
    components.push(trimmed);
  }
  return { drive, components };
}

/** `C:\a\b`, or `C:\` for the root. */
export function formatGuestPath(p: GuestPath): string {
  return `${p.drive}:\\${p.components.join('\\')}`;
}

/** The canonical form of a path already known to be absolute (e.g. the initial current directory). */
export function absoluteGuestPath(path: string): GuestPath {
  const parsed = parseGuestPath(path, { drive: 'C', components: [] });
  if (typeof parsed === 'number') throw new GuestPathSyntaxError(path, parsed);
  return parsed;
}

/** Case-insensitive component comparison, as NTFS names compare (upper-case folding). */
export function sameName(a: string, b: string): boolean {
  return a.length === b.length && a.toUpperCase() === b.toUpperCase();
}

/** True when `prefix` is `p` or one of its ancestors (same drive, components compared case-insensitively). */
export function isPrefixOf(prefix: GuestPath, p: GuestPath): boolean {
  if (prefix.drive !== p.drive || prefix.components.length > p.components.length) return false;
  return prefix.components.every((c, i) => sameName(c, p.components[i]!));
}

/** A path the host side (a CLI option, the loader) gave that is not an absolute guest path. */
export class GuestPathSyntaxError extends Error {
  override name = 'GuestPathSyntaxError';
  constructor(
    readonly path: string,
    readonly win32Error: number,
  ) {
    super(`'${path}' is not a valid absolute guest path (Win32 error ${win32Error})`);
  }
}
