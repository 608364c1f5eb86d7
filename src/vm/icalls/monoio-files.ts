/**
 * `System.IO.MonoIO`'s file operations (icall-def.h group MONOIO), as Mono's Windows build does
 * them: each is the Win32 call of w32file-win32.c, made on the emulated kernel32 (win32.ts), with
 * FileStream's enums converted the way Mono converts them (w32file.c `convert_mode`,
 * `convert_access`, `convert_share`, and the FileOptions → attribute flags of
 * `ves_icall_System_IO_MonoIO_Open`). Failures answer Mono's failure value with the thread's
 * last error in `error`; success sets ERROR_SUCCESS. Which paths exist is kernel32's business
 * (devices such as NUL, and host directories only where the user mounted them).
 */
import { icall, type IcallContext, type IcallTable } from './registry';
import { callWin32 } from './win32';
import { MonoIOError } from './monoio';

/** FileMode → CreateFile's dwCreationDisposition (Append opens or creates, then seeks to the end in managed code). */
const CREATION_DISPOSITION: Readonly<Record<number, number>> = { 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 4 };

/** Win32 constants used by the conversions. */
const enum Win32 {
  /** GENERIC_READ. */
  GenericRead = 0x8000_0000,
  /** GENERIC_WRITE. */
  GenericWrite = 0x4000_0000,
  /** FILE_ATTRIBUTE_NORMAL. */
  AttributeNormal = 0x80,
  /** FILE_ATTRIBUTE_TEMPORARY. */
  AttributeTemporary = 0x100,
  /** FILE_ATTRIBUTE_ENCRYPTED. */
  AttributeEncrypted = 0x4000,
  /** ERROR_INVALID_PARAMETER. */
  InvalidParameter = 87,
}

/** FileOptions bits (they are the FILE_FLAG_* values, except Temporary and Encrypted). */
const enum FileOptions {
  /** Internal: FILE_ATTRIBUTE_TEMPORARY. */
  Temporary = 0x1,
  /** FILE_ATTRIBUTE_ENCRYPTED. */
  Encrypted = 0x4000,
  /** FILE_FLAG_DELETE_ON_CLOSE. */
  DeleteOnClose = 0x0400_0000,
  /** FILE_FLAG_SEQUENTIAL_SCAN. */
  SequentialScan = 0x0800_0000,
  /** FILE_FLAG_RANDOM_ACCESS. */
  RandomAccess = 0x1000_0000,
  /** FILE_FLAG_WRITE_THROUGH. */
  WriteThrough = 0x8000_0000,
}

/** FileAccess → desired access. */
export function desiredAccess(access: number): number {
  return ((access & 1 ? Win32.GenericRead : 0) | (access & 2 ? Win32.GenericWrite : 0)) >>> 0;
}

/** FileOptions → dwFlagsAndAttributes, as Mono's Open computes it. */
export function flagsAndAttributes(options: number): number {
  if (options === 0) return Win32.AttributeNormal;
  let a = options & FileOptions.Encrypted ? Win32.AttributeEncrypted : Win32.AttributeNormal;
  for (const f of [FileOptions.DeleteOnClose, FileOptions.SequentialScan, FileOptions.RandomAccess, FileOptions.WriteThrough]) if (options & f) a |= f;
  if (options & FileOptions.Temporary) a |= Win32.AttributeTemporary;
  return a >>> 0;
}

/** An 8-byte guest cell for out parameters of the Win32 calls (one per runtime). */
export function scratch(ctx: IcallContext): bigint {
  const s = ctx.rt.icalls;
  if (s.scratch === 0n) s.scratch = ctx.rt.heaps.loader.alloc(16, 8);
  return s.scratch;
}

const setError = (ctx: IcallContext, error: bigint, code: number): void => ctx.rt.machine.memory.setU32(error, code >>> 0);
const INVALID_HANDLE_VALUE = 0xffff_ffff_ffff_ffffn;

export const monoIoFileIcalls: IcallTable = [
  icall('System.IO.MonoIO::Open(char*,System.IO.FileMode,System.IO.FileAccess,System.IO.FileShare,System.IO.FileOptions,System.IO.MonoIOError&)',
    ['ptr', 'i32', 'i32', 'i32', 'i32', 'ptr'], 'ptr', (ctx, path, mode, access, share, options, error) => {
      const disposition = CREATION_DISPOSITION[mode];
      if (disposition === undefined) {
        setError(ctx, error, Win32.InvalidParameter);
        return INVALID_HANDLE_VALUE;
      }
      const args = [path, BigInt(desiredAccess(access)), BigInt(share & 7), 0n, BigInt(disposition), BigInt(flagsAndAttributes(options)), 0n];
      const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'CreateFileW', args);
      setError(ctx, error, result === INVALID_HANDLE_VALUE ? lastError : MonoIOError.Success);
      return result;
    }, { leaf: false }),
  icall('System.IO.MonoIO::Seek(intptr,long,System.IO.SeekOrigin,System.IO.MonoIOError&)', ['ptr', 'i64', 'i32', 'ptr'], 'i64', (ctx, handle, offset, origin, error) => {
    const out = scratch(ctx);
    const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'SetFilePointerEx', [handle, offset, out, BigInt(origin >>> 0)]);
    if ((result & 0xffff_ffffn) === 0n) {
      setError(ctx, error, lastError);
      return -1n;
    }
    setError(ctx, error, MonoIOError.Success);
    return BigInt.asIntN(64, ctx.rt.machine.memory.u64(out));
  }, { leaf: false }),
  icall('System.IO.MonoIO::GetLength(intptr,System.IO.MonoIOError&)', ['ptr', 'ptr'], 'i64', (ctx, handle, error) => {
    const high = scratch(ctx);
    ctx.rt.machine.memory.setU32(high, 0);
    const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'GetFileSize', [handle, high]);
    const low = Number(result & 0xffff_ffffn);
    if (low === 0xffff_ffff && lastError !== 0) {
      setError(ctx, error, lastError);
      return -1n;
    }
    setError(ctx, error, MonoIOError.Success);
    return (BigInt(ctx.rt.machine.memory.u32(high)) << 32n) | BigInt(low);
  }, { leaf: false }),
  icall('System.IO.MonoIO::GetFileAttributes(char*,System.IO.MonoIOError&)', ['ptr', 'ptr'], 'i32', (ctx, path, error) => {
    const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'GetFileAttributesW', [path]);
    const attrs = Number(result & 0xffff_ffffn);
    setError(ctx, error, attrs === 0xffff_ffff ? lastError : MonoIOError.Success);
    return attrs | 0;
  }, { leaf: false }),
  icall('System.IO.MonoIO::DeleteFile(char*,System.IO.MonoIOError&)', ['ptr', 'ptr'], 'bool', (ctx, path, error) => {
    const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'DeleteFileW', [path]);
    const ok = (result & 0xffff_ffffn) !== 0n;
    setError(ctx, error, ok ? MonoIOError.Success : lastError);
    return ok;
  }, { leaf: false }),
  icall('System.IO.MonoIO::GetCurrentDirectory(System.IO.MonoIOError&)', ['ptr'], 'ref', (ctx, error) => {
    const needed = Number(callWin32(ctx, 'kernel32.dll', 'GetCurrentDirectoryW', [0n, 0n]).result & 0xffff_ffffn);
    const heap = ctx.os('the process heap').heaps.processHeap;
    const buf = heap.alloc(2 * needed, false);
    if (buf === 0n) return ctx.rt.helpers.raise('System.OutOfMemoryException', 'Insufficient memory to continue the execution of the program.', ctx.call);
    try {
      const { result, lastError } = callWin32(ctx, 'kernel32.dll', 'GetCurrentDirectoryW', [BigInt(needed), buf]);
      if ((result & 0xffff_ffffn) === 0n) {
        setError(ctx, error, lastError);
        return 0n;
      }
      setError(ctx, error, MonoIOError.Success);
      return ctx.rt.objects.allocString(ctx.rt.machine.memory.wString(buf, needed));
    } finally {
      heap.free(buf);
    }
  }, { leaf: false }),
];
