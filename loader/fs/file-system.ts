/**
 * The guest's file system: guest paths (guest-path.ts) → host paths under mounts (mounts.ts),
 * and the operations kernel32's file API and System.Native need, answering with the Win32 error
 * Windows gives (winerror.h) when something fails.
 *
 * Resolution of a canonical guest path:
 *  - under a mount (longest mount point that is a prefix): each component below the mount root
 *    is matched case-insensitively against the host directory (an exact name first, then the
 *    first case-insensitive match in sorted order, else the name as written, for creation);
 *    then the real path of the deepest existing part must stay inside the mount's real root,
 *    so a symlink leading outside is refused with ERROR_ACCESS_DENIED;
 *  - not under a mount: the drive root, the ancestors of mount points and the application
 *    directory (with its ancestors) are empty, read-only virtual directories; anything else does
 *    not exist: ERROR_FILE_NOT_FOUND when its parent exists, ERROR_PATH_NOT_FOUND otherwise.
 *
 * Writes under a read-only mount or in a virtual directory are ERROR_ACCESS_DENIED. Share modes
 * and the archive/hidden/system attributes are not modelled (a file's attributes are DIRECTORY,
 * READONLY or NORMAL). The current directory (one, for every drive) is kept here.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FILETIME_UNIX_EPOCH, FIXED_START_UNIX_MS } from '../clock';
import { Win32Error } from '../handles/win32-error';
import { FileObject } from './file-object';
import { absoluteGuestPath, formatGuestPath, isPrefixOf, parseGuestPath, sameName, type GuestPath } from './guest-path';
import type { Mount } from './mounts';

/** A failed operation: the Win32 error and a line for the `api` trace. */
export class FsFailure {
  constructor(
    readonly code: Win32Error,
    readonly detail: string,
  ) {}
}

export type FsResult<T> = T | FsFailure;

/** FILE_ATTRIBUTE_* bits the guest sees. */
export const enum FileAttribute {
  /** FILE_ATTRIBUTE_READONLY. */
  ReadOnly = 0x1,
  /** FILE_ATTRIBUTE_DIRECTORY. */
  Directory = 0x10,
  /** FILE_ATTRIBUTE_NORMAL (only ever alone). */
  Normal = 0x80,
}

/** What GetFileAttributesEx / FindFirstFile / stat report about one file or directory. */
export interface NodeInfo {
  readonly name: string;
  readonly directory: boolean;
  readonly readOnly: boolean;
  readonly size: number;
  /** FILETIMEs. */
  readonly creationTime: bigint;
  readonly lastAccessTime: bigint;
  readonly lastWriteTime: bigint;
  /** Inode and device numbers (System.Native's FileStatus), 0 for virtual directories. */
  readonly inode: bigint;
  readonly device: bigint;
}

export function attributesOf(info: NodeInfo): number {
  if (info.directory) return FileAttribute.Directory | (info.readOnly ? FileAttribute.ReadOnly : 0);
  return info.readOnly ? FileAttribute.ReadOnly : FileAttribute.Normal;
}

type Resolved =
  | { readonly kind: 'host'; readonly guest: GuestPath; readonly host: string; readonly mount: Mount }
  | { readonly kind: 'virtual'; readonly guest: GuestPath };

/** CreateFile's dwCreationDisposition. */
export const enum Disposition {
  CreateNew = 1,
  CreateAlways = 2,
  OpenExisting = 3,
  OpenAlways = 4,
  TruncateExisting = 5,
}

export interface OpenRequest {
  readonly read: boolean;
  readonly write: boolean;
  readonly disposition: Disposition;
  readonly deleteOnClose?: boolean;
}

export interface GuestFileSystemOptions {
  readonly mounts: readonly Mount[];
  /** The guest directory of the program (a virtual directory unless mounted). */
  readonly appDirectory: string;
  /** The initial current directory. */
  readonly currentDirectory: string;
  /** FILETIME now (the virtual clock). */
  readonly now: () => bigint;
}

const ns2filetime = (ns: bigint): bigint => FILETIME_UNIX_EPOCH + ns / 100n;

export class GuestFileSystem {
  private cwd: GuestPath;
  private readonly virtualRoots: GuestPath[];

  constructor(private readonly options: GuestFileSystemOptions) {
    this.cwd = absoluteGuestPath(options.currentDirectory);
    this.virtualRoots = [absoluteGuestPath(options.appDirectory), ...options.mounts.map((m) => m.guest)];
  }

  get mounts(): readonly Mount[] {
    return this.options.mounts;
  }

  get currentDirectory(): string {
    return formatGuestPath(this.cwd);
  }

  /** GetFullPathName: the canonical absolute form, or the syntax error. */
  fullPath(p: string, allowWildcards = false): FsResult<GuestPath> {
    const r = parseGuestPath(p, this.cwd, allowWildcards);
    return typeof r === 'number' ? new FsFailure(r as number as Win32Error, `'${p}' is not a valid path`) : r;
  }

  /** SetCurrentDirectory: the directory must exist. */
  setCurrentDirectory(p: string): FsResult<string> {
    const info = this.stat(p);
    if (info instanceof FsFailure) return info;
    if (!info.directory) return new FsFailure(Win32Error.Directory, `'${p}' is not a directory`);
    this.cwd = this.fullPath(p) as GuestPath;
    return this.currentDirectory;
  }

  /** Information about a file or directory (symlinks followed). */
  stat(p: string): FsResult<NodeInfo> {
    const r = this.resolve(p);
    if (r instanceof FsFailure) return r;
    if (r.kind === 'virtual') return virtualInfo(r.guest);
    const st = statHost(r.host);
    if (!st) return this.missing(r);
    return hostInfo(r.guest.components.at(-1) ?? r.guest.drive, st, r.mount.readOnly);
  }

  /** The entries of a directory (without `.` and `..`), names as the host spells them. */
  list(p: string): FsResult<NodeInfo[]> {
    const r = this.resolve(p);
    if (r instanceof FsFailure) return r;
    if (r.kind === 'virtual') {
      const names = new Map<string, string>();
      for (const root of this.virtualRoots) {
        if (root.components.length > r.guest.components.length && isPrefixOf(r.guest, root)) {
          const child = root.components[r.guest.components.length]!;
          names.set(child.toUpperCase(), child);
        }
      }
      return [...names.values()].sort().map((n) => this.stat(`${formatGuestPath(r.guest)}\\${n}`)).filter((i): i is NodeInfo => !(i instanceof FsFailure));
    }
    const st = statHost(r.host);
    if (!st) return this.missing(r);
    if (!st.isDirectory()) return new FsFailure(Win32Error.Directory, `${formatGuestPath(r.guest)} is not a directory`);
    const out: NodeInfo[] = [];
    for (const name of fs.readdirSync(r.host).sort()) {
      const host = path.join(r.host, name);
      // A symlink leading outside the mount is not part of the guest's view.
      if (!this.inside(r.mount, host)) continue;
      const child = statHost(host);
      if (child) out.push(hostInfo(name, child, r.mount.readOnly));
    }
    return out;
  }

  /** CreateFile on a file path: a FileObject, and whether the file existed before. */
  open(p: string, req: OpenRequest): FsResult<{ file: FileObject; existed: boolean }> {
    const creates = req.disposition === Disposition.CreateNew || req.disposition === Disposition.CreateAlways || req.disposition === Disposition.OpenAlways;
    const r = creates ? this.creatable(p) : this.resolve(p);
    if (r instanceof FsFailure) return r;
    if (r.kind === 'virtual') return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(r.guest)} is a directory`);
    const st = statHost(r.host);
    if (st?.isDirectory()) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(r.guest)} is a directory`);
    if (!st) {
      if (!creates) return this.missing(r);
      const parent = this.parentState(r);
      if (parent !== 'directory') return new FsFailure(Win32Error.PathNotFound, `the directory of ${formatGuestPath(r.guest)} does not exist`);
    } else if (req.disposition === Disposition.CreateNew) {
      return new FsFailure(Win32Error.FileExists, `${formatGuestPath(r.guest)} exists`);
    }
    const truncates = st !== undefined && (req.disposition === Disposition.CreateAlways || req.disposition === Disposition.TruncateExisting);
    const writes = req.write || truncates || (st === undefined && creates) || req.deleteOnClose === true;
    if (writes && r.mount.readOnly) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(r.mount.guest)} is mounted read-only`);
    if (req.disposition === Disposition.TruncateExisting && !req.write) return new FsFailure(Win32Error.InvalidParameter, 'TRUNCATE_EXISTING needs GENERIC_WRITE');
    const C = fs.constants;
    let flags = req.write ? (req.read ? C.O_RDWR : C.O_WRONLY) : C.O_RDONLY;
    if (st === undefined && creates) flags |= C.O_CREAT | C.O_EXCL;
    if (truncates) flags |= C.O_TRUNC;
    let fd: number;
    try {
      fd = fs.openSync(r.host, flags, 0o666);
    } catch (e) {
      return hostFailure(e, r.guest);
    }
    const file = new FileObject(fd, r.host, r.guest, { read: req.read, write: req.write, deleteOnClose: req.deleteOnClose === true, now: this.options.now, modified: truncates || st === undefined });
    return { file, existed: st !== undefined };
  }

  /** CreateDirectory; with `parents`, missing parent directories (inside the same mount) are created first. */
  createDirectory(p: string, parents = false): FsResult<void> {
    const r = this.creatable(p);
    if (r instanceof FsFailure) return r;
    if (r.kind === 'virtual') return new FsFailure(Win32Error.AlreadyExists, `${formatGuestPath(r.guest)} exists`);
    if (statHost(r.host)) return new FsFailure(Win32Error.AlreadyExists, `${formatGuestPath(r.guest)} exists`);
    const parent = this.parentState(r);
    if (parent !== 'directory' && !(parents && parent === 'missing')) return new FsFailure(Win32Error.PathNotFound, `the parent of ${formatGuestPath(r.guest)} does not exist`);
    if (r.mount.readOnly) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(r.mount.guest)} is mounted read-only`);
    if (parent === 'missing') {
      const up = this.createDirectory(formatGuestPath({ drive: r.guest.drive, components: r.guest.components.slice(0, -1) }), true);
      if (up instanceof FsFailure) return up;
    }
    return this.host(r.guest, () => fs.mkdirSync(r.host));
  }

  removeDirectory(p: string): FsResult<void> {
    const r = this.resolve(p);
    if (r instanceof FsFailure) return r;
    if (r.kind === 'virtual' || r.guest.components.length === r.mount.guest.components.length) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(r.guest)} is not removable (a mount point or virtual directory)`);
    const st = lstatHost(r.host);
    if (!st) return this.missing(r);
    if (!st.isDirectory()) return new FsFailure(Win32Error.Directory, `${formatGuestPath(r.guest)} is not a directory`);
    if (r.mount.readOnly) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(r.mount.guest)} is mounted read-only`);
    if (fs.readdirSync(r.host).length > 0) return new FsFailure(Win32Error.DirNotEmpty, `${formatGuestPath(r.guest)} is not empty`);
    return this.host(r.guest, () => fs.rmdirSync(r.host));
  }

  deleteFile(p: string): FsResult<void> {
    const r = this.resolve(p);
    if (r instanceof FsFailure) return r;
    if (r.kind === 'virtual') return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(r.guest)} is a directory`);
    const st = lstatHost(r.host);
    if (!st) return this.missing(r);
    if (st.isDirectory()) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(r.guest)} is a directory`);
    if (r.mount.readOnly) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(r.mount.guest)} is mounted read-only`);
    return this.host(r.guest, () => fs.unlinkSync(r.host));
  }

  /** MoveFileEx: `replace` is MOVEFILE_REPLACE_EXISTING, `copyAllowed` MOVEFILE_COPY_ALLOWED (across mounts). */
  move(from: string, to: string, replace: boolean, copyAllowed: boolean): FsResult<void> {
    const src = this.writable(from);
    if (src instanceof FsFailure) return src;
    const srcStat = lstatHost(src.host);
    if (!srcStat) return this.missing(src);
    if (src.guest.components.length === src.mount.guest.components.length) return new FsFailure(Win32Error.AccessDenied, 'a mount point cannot move');
    const dst = this.writable(to);
    if (dst instanceof FsFailure) return dst;
    const dstStat = lstatHost(dst.host);
    if (this.parentState(dst) !== 'directory') return new FsFailure(Win32Error.PathNotFound, `the directory of ${formatGuestPath(dst.guest)} does not exist`);
    const same = src.host === dst.host || (srcStat.ino === dstStat?.ino && srcStat.dev === dstStat?.dev);
    if (dstStat && !same) {
      if (!replace) return new FsFailure(Win32Error.AlreadyExists, `${formatGuestPath(dst.guest)} exists`);
      if (dstStat.isDirectory() || srcStat.isDirectory()) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(dst.guest)} cannot be replaced`);
    }
    if (src.mount !== dst.mount) {
      if (srcStat.isDirectory() || !copyAllowed) return new FsFailure(Win32Error.NotSameDevice, 'source and destination are on different mounts');
      return this.host(dst.guest, () => {
        fs.copyFileSync(src.host, dst.host);
        fs.unlinkSync(src.host);
      });
    }
    return this.host(dst.guest, () => fs.renameSync(src.host, dst.host));
  }

  /** A hard link (CreateHardLink, link(2)): both names under the same read-write mount. */
  link(from: string, to: string): FsResult<void> {
    const src = this.writable(from);
    if (src instanceof FsFailure) return src;
    const srcStat = lstatHost(src.host);
    if (!srcStat) return this.missing(src);
    if (srcStat.isDirectory()) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(src.guest)} is a directory`);
    const dst = this.writable(to);
    if (dst instanceof FsFailure) return dst;
    if (src.mount !== dst.mount) return new FsFailure(Win32Error.NotSameDevice, 'source and destination are on different mounts');
    if (lstatHost(dst.host)) return new FsFailure(Win32Error.AlreadyExists, `${formatGuestPath(dst.guest)} exists`);
    if (this.parentState(dst) !== 'directory') return new FsFailure(Win32Error.PathNotFound, `the directory of ${formatGuestPath(dst.guest)} does not exist`);
    return this.host(dst.guest, () => fs.linkSync(src.host, dst.host));
  }

  /** CopyFile: contents and last-write time. */
  copy(from: string, to: string, failIfExists: boolean): FsResult<void> {
    const src = this.resolve(from);
    if (src instanceof FsFailure) return src;
    if (src.kind === 'virtual') return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(src.guest)} is a directory`);
    const srcStat = statHost(src.host);
    if (!srcStat) return this.missing(src);
    if (srcStat.isDirectory()) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(src.guest)} is a directory`);
    const dst = this.writable(to);
    if (dst instanceof FsFailure) return dst;
    const dstStat = statHost(dst.host);
    if (dstStat?.isDirectory()) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(dst.guest)} is a directory`);
    if (dstStat && failIfExists) return new FsFailure(Win32Error.FileExists, `${formatGuestPath(dst.guest)} exists`);
    if (!dstStat && this.parentState(dst) !== 'directory') return new FsFailure(Win32Error.PathNotFound, `the directory of ${formatGuestPath(dst.guest)} does not exist`);
    return this.host(dst.guest, () => {
      fs.copyFileSync(src.host, dst.host);
      fs.utimesSync(dst.host, srcStat.atime, srcStat.mtime);
    });
  }

  /** The read-only attribute is the only one kept (as the owner's write permission). */
  setReadOnly(p: string, readOnly: boolean): FsResult<void> {
    const r = this.writable(p);
    if (r instanceof FsFailure) return r;
    const st = statHost(r.host);
    if (!st) return this.missing(r);
    return this.host(r.guest, () => fs.chmodSync(r.host, Number(readOnly ? st.mode & ~0o222n : st.mode | 0o200n) & 0o7777));
  }

  /** Sets last-access and last-write FILETIMEs of a path (0n: unchanged). */
  setTimes(p: string, lastAccess: bigint, lastWrite: bigint): FsResult<void> {
    const r = this.writable(p);
    if (r instanceof FsFailure) return r;
    const st = statHost(r.host);
    if (!st) return this.missing(r);
    const toDate = (ft: bigint, current: Date): Date => (ft === 0n ? current : new Date(Number((ft - FILETIME_UNIX_EPOCH) / 10_000n)));
    return this.host(r.guest, () => fs.utimesSync(r.host, toDate(lastAccess, st.atime), toDate(lastWrite, st.mtime)));
  }

  /** Resolves a guest path (see the overview). */
  private resolve(p: string): FsResult<Resolved> {
    const guest = this.fullPath(p);
    if (guest instanceof FsFailure) return guest;
    let mount: Mount | undefined;
    for (const m of this.options.mounts) if (isPrefixOf(m.guest, guest) && (!mount || m.guest.components.length > mount.guest.components.length)) mount = m;
    if (!mount) {
      if (this.isVirtualDirectory(guest)) return { kind: 'virtual', guest };
      const parent: GuestPath = { drive: guest.drive, components: guest.components.slice(0, -1) };
      const code = guest.components.length > 0 && this.isVirtualDirectory(parent) ? Win32Error.FileNotFound : Win32Error.PathNotFound;
      return new FsFailure(code, `${formatGuestPath(guest)} is not under a mounted directory (mounts: ${this.options.mounts.map((m) => formatGuestPath(m.guest)).join(', ') || 'none'})`);
    }
    let host = mount.hostRoot;
    let matching = true;
    for (const c of guest.components.slice(mount.guest.components.length)) {
      let name = c;
      if (matching) {
        const found = matchName(host, c);
        if (found === undefined) matching = false;
        else name = found;
      }
      host = path.join(host, name);
    }
    if (!this.inside(mount, host)) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(guest)} leads outside its mount (a symbolic link)`);
    return { kind: 'host', guest, host, mount };
  }

  /**
   * Resolves a path that may be created: a name in a virtual directory (which resolves as "not
   * found") cannot be, and is ERROR_ACCESS_DENIED as in a read-only directory on Windows.
   */
  private creatable(p: string): FsResult<Resolved> {
    const r = this.resolve(p);
    if (r instanceof FsFailure && r.code === Win32Error.FileNotFound) return new FsFailure(Win32Error.AccessDenied, `${r.detail}; its directory is virtual and read-only`);
    return r;
  }

  /** Resolves a path that is about to be changed: under a read-write mount. */
  private writable(p: string): FsResult<Extract<Resolved, { kind: 'host' }>> {
    const r = this.creatable(p);
    if (r instanceof FsFailure) return r;
    if (r.kind === 'virtual') return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(r.guest)} is a virtual directory`);
    if (r.mount.readOnly) return new FsFailure(Win32Error.AccessDenied, `${formatGuestPath(r.mount.guest)} is mounted read-only`);
    return r;
  }

  private isVirtualDirectory(guest: GuestPath): boolean {
    // Drive C: always exists; another drive exists when something is mounted on it.
    if (guest.components.length === 0 && guest.drive === 'C') return true;
    return this.virtualRoots.some((root) => isPrefixOf(guest, root));
  }

  /** True when the real path of the deepest existing part of `host` lies inside the mount. */
  private inside(mount: Mount, host: string): boolean {
    let probe = host;
    for (;;) {
      try {
        const real = fs.realpathSync(probe);
        return real === mount.hostRoot || real.startsWith(mount.hostRoot.endsWith(path.sep) ? mount.hostRoot : mount.hostRoot + path.sep);
      } catch {
        const up = path.dirname(probe);
        // A dangling symlink: judge it by where it points.
        const link = readLink(probe);
        if (link !== undefined) return this.inside(mount, path.resolve(up, link));
        if (up === probe) return false;
        probe = up;
      }
    }
  }

  private parentState(r: Extract<Resolved, { kind: 'host' }>): 'directory' | 'file' | 'missing' {
    if (r.guest.components.length === r.mount.guest.components.length) return 'directory';
    const st = statHost(path.dirname(r.host));
    return !st ? 'missing' : st.isDirectory() ? 'directory' : 'file';
  }

  /** Not found: ERROR_FILE_NOT_FOUND when the parent directory exists, else ERROR_PATH_NOT_FOUND. */
  private missing(r: Resolved): FsFailure {
    const parentExists = r.kind === 'virtual' || this.parentState(r) === 'directory';
    return new FsFailure(parentExists ? Win32Error.FileNotFound : Win32Error.PathNotFound, `${formatGuestPath(r.guest)} does not exist`);
  }

  private host(guest: GuestPath, op: () => void): FsResult<void> {
    try {
      op();
      return undefined;
    } catch (e) {
      return hostFailure(e, guest);
    }
  }
}

/** The host's errno, as the Win32 error Windows gives for the same condition. */
function hostFailure(e: unknown, guest: GuestPath): FsFailure {
  const code = (e as NodeJS.ErrnoException).code;
  const win32: Record<string, Win32Error> = {
    ENOENT: Win32Error.FileNotFound, ENOTDIR: Win32Error.PathNotFound, EEXIST: Win32Error.AlreadyExists,
    ENOTEMPTY: Win32Error.DirNotEmpty, EXDEV: Win32Error.NotSameDevice, EISDIR: Win32Error.AccessDenied,
  };
  return new FsFailure(win32[code ?? ''] ?? Win32Error.AccessDenied, `${formatGuestPath(guest)}: host error ${code ?? String(e)}`);
}

function matchName(dir: string, name: string): string | undefined {
  if (lstatHost(path.join(dir, name))) return name;
  let entries: string[];
  try {
    entries = fs.readdirSync(dir).sort();
  } catch {
    return undefined;
  }
  return entries.find((e) => sameName(e, name));
}

function statHost(p: string): fs.BigIntStats | undefined {
  try {
    return fs.statSync(p, { bigint: true });
  } catch {
    return undefined;
  }
}

function lstatHost(p: string): fs.BigIntStats | undefined {
  try {
    return fs.lstatSync(p, { bigint: true });
  } catch {
    return undefined;
  }
}

function readLink(p: string): string | undefined {
  try {
    return fs.readlinkSync(p);
  } catch {
    return undefined;
  }
}

function hostInfo(name: string, st: fs.BigIntStats, readOnlyMount: boolean): NodeInfo {
  return {
    name,
    directory: st.isDirectory(),
    readOnly: !st.isDirectory() && (readOnlyMount || (st.mode & 0o200n) === 0n),
    size: st.isDirectory() ? 0 : Number(st.size),
    creationTime: ns2filetime(st.birthtimeNs > 0n ? st.birthtimeNs : st.ctimeNs),
    lastAccessTime: ns2filetime(st.atimeNs),
    lastWriteTime: ns2filetime(st.mtimeNs),
    inode: st.ino,
    device: st.dev,
  };
}

/** Virtual directories carry the virtual clock's start (FIXED_START_UNIX_MS) as every time. */
function virtualInfo(guest: GuestPath): NodeInfo {
  const t = FILETIME_UNIX_EPOCH + BigInt(FIXED_START_UNIX_MS) * 10_000n;
  return { name: guest.components.at(-1) ?? `${guest.drive}:\\`, directory: true, readOnly: true, size: 0, creationTime: t, lastAccessTime: t, lastWriteTime: t, inode: 0n, device: 0n };
}
