/**
 * `System.IO.MonoIO` (icall-def.h group MONOIO): the console part. MonoIO's handles are the
 * Windows handles of the guest process, so the console handles are the process's standard
 * handles (GetStdHandle's), and `Write`/`Read` go through the same kernel objects of the
 * process's handle table that kernel32!WriteFile/ReadFile use: bytes reach the host unchanged.
 *
 *  - `GetFileType(handle, out MonoIOError)`: 2 (Char) for the console and the NUL device, 1 (Disk)
 *    for files, 3 (Pipe); 0 (Unknown) with ERROR_INVALID_HANDLE for a handle that is not open;
 *  - `Write(handle, byte[] src, int offset, int count, out MonoIOError)` and `Read(…)`: the
 *    number of bytes moved, or -1 with the Win32 error (ERROR_INVALID_HANDLE, ERROR_ACCESS_DENIED
 *    for the wrong direction); an offset/count outside the array is ArgumentOutOfRangeException,
 *    as Mono's icall raises it;
 *  - `Close` and `Flush` as kernel32's CloseHandle and FlushFileBuffers treat these objects;
 *  - the separators are the Windows ones: '\\', '/', ':', ';'.
 */
import type { KernelObject } from '../../../loader/os';
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET } from '../type-desc';
import { icall, type IcallContext, type IcallTable } from './registry';

/** MonoIOError values used here (the Win32 error codes, winerror.h). */
export const enum MonoIOError {
  /** ERROR_SUCCESS. */
  Success = 0,
  /** ERROR_ACCESS_DENIED: reading an output handle or writing an input one. */
  AccessDenied = 5,
  /** ERROR_INVALID_HANDLE. */
  InvalidHandle = 6,
}

/** MonoFileType values (System.IO.MonoFileType). */
export const enum MonoFileType {
  /** FILE_TYPE_UNKNOWN. */
  Unknown = 0,
  /** FILE_TYPE_DISK. */
  Disk = 1,
  /** FILE_TYPE_CHAR (console, NUL). */
  Char = 2,
  /** FILE_TYPE_PIPE. */
  Pipe = 3,
}

interface Writable extends KernelObject { write(bytes: Uint8Array): void }
interface Readable extends KernelObject { read(max: number): Uint8Array }

const canWrite = (o: KernelObject): o is Writable => typeof (o as Partial<Writable>).write === 'function' && (o as { direction?: string }).direction !== 'input';
const canRead = (o: KernelObject): o is Readable => typeof (o as Partial<Readable>).read === 'function' && (o as { direction?: string }).direction !== 'output';

function fileTypeOf(o: KernelObject): MonoFileType {
  switch (o.type) {
    case 'console': case 'device': return MonoFileType.Char;
    case 'file': return MonoFileType.Disk;
    case 'pipe': return MonoFileType.Pipe;
    default: return MonoFileType.Unknown;
  }
}

/** Checks `offset`/`count` against the array; raises ArgumentOutOfRangeException as Mono does. */
function arrayRange(ctx: IcallContext, array: bigint, offset: number, count: number, parameter: string): bigint {
  if (array === 0n) return ctx.rt.helpers.raise('System.ArgumentNullException', `Value cannot be null.\r\nParameter name: ${parameter === 'src_offset' ? 'src' : 'dest'}`, ctx.call);
  const length = ctx.rt.machine.memory.u32(array + BigInt(ARRAY_LENGTH_OFFSET));
  if (offset < 0 || count < 0 || offset > length - count) {
    return ctx.rt.helpers.raise('System.ArgumentOutOfRangeException', `Specified argument was out of the range of valid values.\r\nParameter name: ${parameter}`, ctx.call);
  }
  return array + BigInt(ARRAY_DATA_OFFSET + offset);
}

export const monoIoIcalls: IcallTable = [
  icall('System.IO.MonoIO::get_ConsoleOutput()', [], 'ptr', (ctx) => ctx.os('the standard handles').handles.std('output')),
  icall('System.IO.MonoIO::get_ConsoleInput()', [], 'ptr', (ctx) => ctx.os('the standard handles').handles.std('input')),
  icall('System.IO.MonoIO::get_ConsoleError()', [], 'ptr', (ctx) => ctx.os('the standard handles').handles.std('error')),
  icall('System.IO.MonoIO::GetFileType(intptr,System.IO.MonoIOError&)', ['ptr', 'ptr'], 'i32', (ctx, handle, error) => {
    const obj = ctx.os('the handle table').handles.get(handle);
    ctx.rt.machine.memory.setU32(error, obj ? MonoIOError.Success : MonoIOError.InvalidHandle);
    return obj ? fileTypeOf(obj) : MonoFileType.Unknown;
  }),
  icall('System.IO.MonoIO::Write(intptr,byte[],int,int,System.IO.MonoIOError&)', ['ptr', 'ref', 'i32', 'i32', 'ptr'], 'i32', (ctx, handle, src, offset, count, error) => {
    const mem = ctx.rt.machine.memory;
    const from = arrayRange(ctx, src, offset, count, 'src_offset');
    const obj = ctx.os('the handle table').handles.get(handle);
    if (!obj || !canWrite(obj)) {
      mem.setU32(error, obj ? MonoIOError.AccessDenied : MonoIOError.InvalidHandle);
      return -1;
    }
    obj.write(count > 0 ? mem.read(from, count) : new Uint8Array(0));
    mem.setU32(error, MonoIOError.Success);
    return count;
  }),
  icall('System.IO.MonoIO::Read(intptr,byte[],int,int,System.IO.MonoIOError&)', ['ptr', 'ref', 'i32', 'i32', 'ptr'], 'i32', (ctx, handle, dest, offset, count, error) => {
    const mem = ctx.rt.machine.memory;
    const to = arrayRange(ctx, dest, offset, count, 'dest_offset');
    const obj = ctx.os('the handle table').handles.get(handle);
    if (!obj || !canRead(obj)) {
      mem.setU32(error, obj ? MonoIOError.AccessDenied : MonoIOError.InvalidHandle);
      return -1;
    }
    const bytes = count > 0 ? obj.read(count) : new Uint8Array(0);
    if (bytes.length > 0) mem.write(to, bytes.subarray(0, count));
    mem.setU32(error, MonoIOError.Success);
    return Math.min(bytes.length, count);
  }),
  /** CloseHandle: the handle leaves the process's table (the console's standard handles too, as on Windows). */
  icall('System.IO.MonoIO::Close(intptr,System.IO.MonoIOError&)', ['ptr', 'ptr'], 'bool', (ctx, handle, error) => {
    const ok = ctx.os('the handle table').handles.close(handle);
    ctx.rt.machine.memory.setU32(error, ok ? MonoIOError.Success : MonoIOError.InvalidHandle);
    return ok;
  }),
  /** FlushFileBuffers as the emulated kernel32 has it: console output and NUL have nothing buffered. */
  icall('System.IO.MonoIO::Flush(intptr,System.IO.MonoIOError&)', ['ptr', 'ptr'], 'bool', (ctx, handle, error) => {
    const obj = ctx.os('the handle table').handles.get(handle);
    const ok = obj !== undefined && canWrite(obj);
    ctx.rt.machine.memory.setU32(error, ok ? MonoIOError.Success : MonoIOError.InvalidHandle);
    return ok;
  }),
  icall('System.IO.MonoIO::get_DirectorySeparatorChar()', [], 'char', () => 0x5c),
  icall('System.IO.MonoIO::get_AltDirectorySeparatorChar()', [], 'char', () => 0x2f),
  icall('System.IO.MonoIO::get_VolumeSeparatorChar()', [], 'char', () => 0x3a),
  icall('System.IO.MonoIO::get_PathSeparator()', [], 'char', () => 0x3b),
];
