/**
 * System.Native's directory enumeration (CoreFX pal_io.h): OpenDir returns a stream, ReadDirR
 * fills a `DirectoryEntry { byte* Name; int32 NameLength; int32 InodeType }` one entry at a
 * time, CloseDir ends it. The stream is a snapshot of the guest directory taken at OpenDir,
 * with `.` and `..` first as readdir(3) gives them; it lives in the process's handle table, so
 * the "DIR*" the class library holds is a kernel handle value. Names are written as UTF-8 into
 * the caller's buffer (GetReadDirRBufferSize bytes), which `Name` then points at.
 */
import { fn, type ApiTable } from '../api';
import { fileSystemOf, FsFailure, type NodeInfo } from '../../fs';
import type { KernelObject } from '../../os';
import { Errno, win32ToErrno } from './errno';
import { errnoFail, utf8Arg } from './files';

/** readdir's d_type values (dirent.h). */
const enum NodeType {
  Directory = 4,
  Regular = 8,
}

/** Room for any name the guest can see (NTFS names are at most 255 UTF-16 units) in UTF-8, and a NUL. */
export const READDIR_BUFFER_SIZE = 1024;

export class DirectoryStream implements KernelObject {
  readonly type = 'dir';
  next = 0;
  constructor(readonly entries: readonly Pick<NodeInfo, 'name' | 'directory'>[]) {}
}

export const systemNativeDirectories: ApiTable = {
  SystemNative_OpenDir: fn('DIR* SystemNative_OpenDir(const char* path)', ['ptr'], 'ptr', ({ os }, p) => {
    const name = utf8Arg(os, p);
    if (name === null) return BigInt(errnoFail(os, Errno.EINVAL) + 1);
    const listing = fileSystemOf(os).list(name);
    if (listing instanceof FsFailure) {
      os.trace('api', `OpenDir("${name}"): ${listing.detail}`);
      os.thread.lastError = win32ToErrno(listing.code);
      return 0n;
    }
    os.thread.lastError = 0;
    return os.handles.add(new DirectoryStream([{ name: '.', directory: true }, { name: '..', directory: true }, ...listing]));
  }),
  SystemNative_GetReadDirRBufferSize: fn('int32_t SystemNative_GetReadDirRBufferSize(void)', [], 'i32', () => READDIR_BUFFER_SIZE),
  /** 0 with an entry; -1 at the end; an errno (positive) on failure. */
  SystemNative_ReadDirR: fn('int32_t SystemNative_ReadDirR(DIR* dir, uint8_t* buffer, int32_t bufferSize, DirectoryEntry* outputEntry)', ['ptr', 'ptr', 'i32', 'ptr'], 'i32',
    ({ os }, dir, buffer, size, out) => {
      const stream = os.handles.get<KernelObject>(dir);
      if (!(stream instanceof DirectoryStream)) return Errno.EBADF;
      const e = stream.entries[stream.next];
      os.memory.write(out, new Uint8Array(16));
      if (!e) return -1;
      const bytes = Buffer.from(e.name, 'utf8');
      if (buffer === 0n || bytes.length + 1 > size) return Errno.ENAMETOOLONG;
      stream.next++;
      os.memory.write(buffer, Uint8Array.from([...bytes, 0]));
      os.memory.setU64(out, buffer);
      os.memory.setU32(out + 8n, bytes.length);
      os.memory.setU32(out + 12n, e.directory ? NodeType.Directory : NodeType.Regular);
      return 0;
    }),
  SystemNative_CloseDir: fn('int32_t SystemNative_CloseDir(DIR* dir)', ['ptr'], 'i32', ({ os }, dir) => {
    if (!(os.handles.get<KernelObject>(dir) instanceof DirectoryStream)) return errnoFail(os, Errno.EBADF);
    os.handles.close(dir);
    os.thread.lastError = 0;
    return 0;
  }),
};
