/**
 * `System.IO.MonoIO`'s path operations and SetLength (icall-def.h group MONOIO), as Mono's
 * Windows build does them in w32file-win32.c: each is one Win32 call on the emulated kernel32
 * (CreateDirectoryW, RemoveDirectoryW, SetCurrentDirectoryW, MoveFileExW, CopyFileW,
 * ReplaceFileW), and SetLength is SetFilePointerEx to the length, SetEndOfFile, then back to the
 * saved position. Failure answers false with the thread's last error in `error`.
 */
import { icall, type IcallContext, type IcallTable } from './registry';
import { callWin32 } from './win32';
import { MonoIOError } from './monoio';
import { scratch } from './monoio-files';

/** MOVEFILE_COPY_ALLOWED: MonoIO.MoveFile may move between volumes. */
const MOVEFILE_COPY_ALLOWED = 0x2n;

/** Calls kernel32!name; true on success, else false with the last error stored in `error`. */
function win32Bool(ctx: IcallContext, name: string, args: bigint[], error: bigint): boolean {
  const { result, lastError } = callWin32(ctx, 'kernel32.dll', name, args);
  const ok = (result & 0xffff_ffffn) !== 0n;
  ctx.rt.machine.memory.setU32(error, ok ? MonoIOError.Success : lastError >>> 0);
  return ok;
}

export const monoIoPathIcalls: IcallTable = [
  icall('System.IO.MonoIO::CreateDirectory(char*,System.IO.MonoIOError&)', ['ptr', 'ptr'], 'bool', (ctx, path, error) => win32Bool(ctx, 'CreateDirectoryW', [path, 0n], error), { leaf: false }),
  icall('System.IO.MonoIO::RemoveDirectory(char*,System.IO.MonoIOError&)', ['ptr', 'ptr'], 'bool', (ctx, path, error) => win32Bool(ctx, 'RemoveDirectoryW', [path], error), { leaf: false }),
  icall('System.IO.MonoIO::SetCurrentDirectory(char*,System.IO.MonoIOError&)', ['ptr', 'ptr'], 'bool', (ctx, path, error) => win32Bool(ctx, 'SetCurrentDirectoryW', [path], error), { leaf: false }),
  icall('System.IO.MonoIO::MoveFile(char*,char*,System.IO.MonoIOError&)', ['ptr', 'ptr', 'ptr'], 'bool',
    (ctx, from, to, error) => win32Bool(ctx, 'MoveFileExW', [from, to, MOVEFILE_COPY_ALLOWED], error), { leaf: false }),
  icall('System.IO.MonoIO::CopyFile(char*,char*,bool,System.IO.MonoIOError&)', ['ptr', 'ptr', 'bool', 'ptr'], 'bool',
    (ctx, from, to, overwrite, error) => win32Bool(ctx, 'CopyFileW', [from, to, overwrite ? 0n : 1n], error), { leaf: false }),
  icall('System.IO.MonoIO::ReplaceFile(char*,char*,char*,bool,System.IO.MonoIOError&)', ['ptr', 'ptr', 'ptr', 'bool', 'ptr'], 'bool',
    (ctx, source, destination, backup, ignoreMetadataErrors, error) =>
      // Mono passes REPLACEFILE_IGNORE_MERGE_ERRORS (2) when asked to ignore metadata errors.
      win32Bool(ctx, 'ReplaceFileW', [destination, source, backup, ignoreMetadataErrors ? 2n : 0n, 0n, 0n], error), { leaf: false }),
  icall('System.IO.MonoIO::SetLength(intptr,long,System.IO.MonoIOError&)', ['ptr', 'i64', 'ptr'], 'bool', (ctx, handle, length, error) => {
    const mem = ctx.rt.machine.memory;
    const cell = scratch(ctx);
    const seek = (distance: bigint, origin: bigint): boolean => win32Bool(ctx, 'SetFilePointerEx', [handle, distance, cell, origin], error);
    if (!seek(0n, 1n)) return false;
    const saved = mem.u64(cell);
    if (!seek(length, 0n) || !win32Bool(ctx, 'SetEndOfFile', [handle], error)) return false;
    return seek(saved, 0n);
  }, { leaf: false }),
];
