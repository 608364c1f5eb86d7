/**
 * The guest file system: guest path syntax, mounts of host directories, and the operations the
 * emulated kernel32 and System.Native perform on them. `fileSystemOf(os)` is how an emulated API
 * reaches it; an `Os` built without one (unit-test processes) gets an empty file system: no
 * mounts, current directory `C:\app`.
 */
import type { Os } from '../os';
import { GuestFileSystem } from './file-system';

export { FileObject, SeekOrigin } from './file-object';
export { GuestFileSystem, FsFailure, Disposition, FileAttribute, attributesOf, type FsResult, type NodeInfo, type OpenRequest } from './file-system';
export { parseGuestPath, formatGuestPath, absoluteGuestPath, type GuestPath, GuestPathSyntaxError } from './guest-path';
export { parseMountSpec, createMounts, MountError, type Mount, type MountSpec } from './mounts';

const fallback = new WeakMap<Os, GuestFileSystem>();

export function fileSystemOf(os: Os): GuestFileSystem {
  if (os.fs) return os.fs;
  let f = fallback.get(os);
  if (!f) {
    f = new GuestFileSystem({ mounts: [], appDirectory: 'C:\\app', currentDirectory: 'C:\\app', now: () => os.clock.systemTime() });
    fallback.set(os, f);
  }
  return f;
}
