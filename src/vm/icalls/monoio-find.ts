/**
 * The rest of `System.IO.MonoIO`'s file icalls (icall-def.h group MONOIO), as Mono's Windows
 * build makes them in w32file-win32.c / w32file.c, each on the emulated kernel32:
 *  - FindFirstFile / FindNextFile / FindCloseFile: FindFirstFileW etc.; the name and attributes
 *    of each entry come back through out parameters, errors through `error`;
 *  - GetFileStat: GetFileAttributesExW into MonoIOStat {int32 attributes; int64 Length,
 *    CreationTime, LastAccessTime, LastWriteTime} (FILETIMEs);
 *  - SetFileAttributes: SetFileAttributesW; SetFileTime: SetFileTime on the handle, each time
 *    negative meaning "leave it";
 *  - Lock / Unlock: LockFile / UnlockFile.
 */
import { icall, type IcallContext, type IcallTable } from './registry';
import { callWin32 } from './win32';
import { MonoIOError } from './monoio';

const INVALID_HANDLE_VALUE = 0xffff_ffff_ffff_ffffn;
/** WIN32_FIND_DATAW is 592 bytes; GetFileAttributesEx's data 36. */
const FIND_DATA_SIZE = 592;

/** A per-call block of guest memory in the process heap, freed after `use`. */
function withBuffer<T>(ctx: IcallContext, size: number, use: (buf: bigint) => T): T {
  const heap = ctx.os('the process heap').heaps.processHeap;
  const buf = heap.alloc(size, true);
  if (buf === 0n) return ctx.rt.helpers.raise('System.OutOfMemoryException', 'Insufficient memory to continue the execution of the program.', ctx.call) as T;
  try {
    return use(buf);
  } finally {
    heap.free(buf);
  }
}

/** Stores the entry of a WIN32_FIND_DATAW in the out parameters. */
function storeEntry(ctx: IcallContext, data: bigint, fileName: bigint, fileAttr: bigint): void {
  const mem = ctx.rt.machine.memory;
  mem.setU64(fileName, ctx.rt.objects.allocString(mem.wString(data + 44n, 260)));
  mem.setU32(fileAttr, mem.u32(data));
}

const ok = (r: bigint): boolean => (r & 0xffff_ffffn) !== 0n;

export const monoIoFindIcalls: IcallTable = [
  icall('System.IO.MonoIO::FindFirstFile(char*,string&,int&,int&)', ['ptr', 'ptr', 'ptr', 'ptr'], 'ptr', (ctx, pattern, fileName, fileAttr, error) =>
    withBuffer(ctx, FIND_DATA_SIZE, (data) => {
      const mem = ctx.rt.machine.memory;
      const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'FindFirstFileW', [pattern, data]);
      if (result === INVALID_HANDLE_VALUE) {
        mem.setU64(fileName, 0n);
        mem.setU32(fileAttr, 0);
        mem.setU32(error, lastError >>> 0);
        return result;
      }
      storeEntry(ctx, data, fileName, fileAttr);
      mem.setU32(error, MonoIOError.Success);
      return result;
    }), { leaf: false }),
  icall('System.IO.MonoIO::FindNextFile(intptr,string&,int&,int&)', ['ptr', 'ptr', 'ptr', 'ptr'], 'bool', (ctx, handle, fileName, fileAttr, error) =>
    withBuffer(ctx, FIND_DATA_SIZE, (data) => {
      const mem = ctx.rt.machine.memory;
      const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'FindNextFileW', [handle, data]);
      if (!ok(result)) {
        mem.setU64(fileName, 0n);
        mem.setU32(fileAttr, 0);
        mem.setU32(error, lastError >>> 0);
        return false;
      }
      storeEntry(ctx, data, fileName, fileAttr);
      mem.setU32(error, MonoIOError.Success);
      return true;
    }), { leaf: false }),
  icall('System.IO.MonoIO::FindCloseFile(intptr)', ['ptr'], 'bool', (ctx, handle) => ok(callWin32(ctx, 'kernel32.dll', 'FindClose', [handle]).result), { leaf: false }),
  icall('System.IO.MonoIO::GetFileStat(char*,System.IO.MonoIOStat&,System.IO.MonoIOError&)', ['ptr', 'ptr', 'ptr'], 'bool', (ctx, path, stat, error) =>
    withBuffer(ctx, 40, (data) => {
      const mem = ctx.rt.machine.memory;
      const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'GetFileAttributesExW', [path, 0n, data]);
      if (!ok(result)) {
        mem.setU32(error, lastError >>> 0);
        return false;
      }
      mem.setU32(stat, mem.u32(data));
      mem.setU64(stat + 8n, (BigInt(mem.u32(data + 28n)) << 32n) | BigInt(mem.u32(data + 32n)));
      mem.setU64(stat + 16n, mem.u64(data + 4n));
      mem.setU64(stat + 24n, mem.u64(data + 12n));
      mem.setU64(stat + 32n, mem.u64(data + 20n));
      mem.setU32(error, MonoIOError.Success);
      return true;
    }), { leaf: false }),
  icall('System.IO.MonoIO::SetFileAttributes(char*,System.IO.FileAttributes,System.IO.MonoIOError&)', ['ptr', 'i32', 'ptr'], 'bool', (ctx, path, attrs, error) => {
    const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'SetFileAttributesW', [path, BigInt(attrs >>> 0)]);
    ctx.rt.machine.memory.setU32(error, ok(result) ? MonoIOError.Success : lastError >>> 0);
    return ok(result);
  }, { leaf: false }),
  icall('System.IO.MonoIO::SetFileTime(intptr,long,long,long,System.IO.MonoIOError&)', ['ptr', 'i64', 'i64', 'i64', 'ptr'], 'bool', (ctx, handle, creation, access, write, error) =>
    withBuffer(ctx, 24, (times) => {
      const mem = ctx.rt.machine.memory;
      // A negative time leaves it unchanged: a null FILETIME pointer, as Mono passes it.
      const slot = (i: number, t: bigint): bigint => {
        if (t < 0n) return 0n;
        mem.setU64(times + BigInt(8 * i), BigInt.asUintN(64, t));
        return times + BigInt(8 * i);
      };
      const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'SetFileTime', [handle, slot(0, creation), slot(1, access), slot(2, write)]);
      mem.setU32(error, ok(result) ? MonoIOError.Success : lastError >>> 0);
      return ok(result);
    }), { leaf: false }),
  icall('System.IO.MonoIO::Lock(intptr,long,long,System.IO.MonoIOError&)', ['ptr', 'i64', 'i64', 'ptr'], 'void', (ctx, handle, position, length, error) => {
    const parts = [position & 0xffff_ffffn, (position >> 32n) & 0xffff_ffffn, length & 0xffff_ffffn, (length >> 32n) & 0xffff_ffffn];
    const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'LockFile', [handle, ...parts]);
    ctx.rt.machine.memory.setU32(error, ok(result) ? MonoIOError.Success : lastError >>> 0);
  }, { leaf: false }),
  icall('System.IO.MonoIO::Unlock(intptr,long,long,System.IO.MonoIOError&)', ['ptr', 'i64', 'i64', 'ptr'], 'void', (ctx, handle, position, length, error) => {
    const parts = [position & 0xffff_ffffn, (position >> 32n) & 0xffff_ffffn, length & 0xffff_ffffn, (length >> 32n) & 0xffff_ffffn];
    const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'UnlockFile', [handle, ...parts]);
    ctx.rt.machine.memory.setU32(error, ok(result) ? MonoIOError.Success : lastError >>> 0);
  }, { leaf: false }),
];
