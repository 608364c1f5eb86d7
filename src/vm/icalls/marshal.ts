/**
 * Native strings and interop state (icall-def.h groups SAFESTRINGMARSHAL and MARSHAL):
 *  - `Mono.SafeStringMarshal.StringToUtf8(string)`: a NUL-terminated UTF-8 copy in the process
 *    heap (Mono uses g_malloc), null for a null string; `GFree(IntPtr)` frees one of those (and
 *    ignores null, as g_free does). Freeing anything else is a named error, not heap corruption.
 *  - `Marshal.GetLastWin32Error()`: the error a `SetLastError=true` P/Invoke saved right after
 *    its target returned (src/vm/pinvoke); `SetLastWin32Error` sets it;
 *  - `Marshal`'s native memory (AllocHGlobal/CoTaskMem, their Free/ReAlloc) in the process heap and
 *    its string conversions (PtrToString*, StringToHGlobal*);
 *  - `Marshal.SizeOf(Type)`: the unmanaged size of a formatted type. A blittable value type (only
 *    primitives other than bool/char, pointers and blittable structs, at any nesting) has the
 *    same layout natively as in managed memory, so its size is the value's size; an auto-layout
 *    type is ArgumentException, as the CLR says; a non-blittable field (bool, char, string,
 *    reference) would need the marshaller's layout and is a named error until that exists.
 */
import { NotSupportedYetError } from '../errors';
import { TypeKind, type TypeDesc } from '../type-desc';
import { IcallArgumentError } from './errors';
import { typeOfTypeObject } from './type';
import { icall, type IcallContext, type IcallTable } from './registry';
import { MAX_NATIVE_STRING, readUtf8, utf16z, utf8z } from './strings';

/** Primitive value types whose managed and native representations are the same bits. */
const BLITTABLE_PRIMITIVES = new Set([
  'System.SByte', 'System.Byte', 'System.Int16', 'System.UInt16', 'System.Int32', 'System.UInt32', 'System.Int64',
  'System.UInt64', 'System.Single', 'System.Double', 'System.IntPtr', 'System.UIntPtr',
]);

/** The first field of `t` (a loaded value type) that keeps it from being blittable, or null. */
function nonBlittableField(ctx: IcallContext, t: TypeDesc, depth = 0): string | null {
  if (depth > 32) return t.fullName;
  for (const f of t.instanceFields) {
    const ft = ctx.rt.types.ensureLoaded(f.type);
    if (ft.kind === TypeKind.Pointer) continue;
    if (!ft.isValueType) return f.fullName;
    if (ft.assembly === ctx.rt.binder.corlib && BLITTABLE_PRIMITIVES.has(ft.fullName)) continue;
    if (ft.instanceFields.length === 0) return f.fullName;
    const inner = nonBlittableField(ctx, ft, depth + 1);
    if (inner) return inner;
  }
  return null;
}

export const marshalIcalls: IcallTable = [
  icall('System.Runtime.InteropServices.Marshal::SizeOf(System.Type)', ['ref'], 'i32', (ctx, type) => {
    const rt = ctx.rt;
    if (type === 0n) return rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: t', ctx.call);
    const t = rt.types.ensureLoaded(typeOfTypeObject(ctx, type, 't'));
    if (t.assembly === rt.binder.corlib && BLITTABLE_PRIMITIVES.has(t.fullName)) return t.valueSize;
    // TypeAttributes.LayoutMask 0x18: auto layout (0) has no unmanaged size (§II.10.1.2).
    if ((t.flags & 0x18) === 0 || t.typeArgs.length > 0) {
      return rt.helpers.raise('System.ArgumentException', `Type '${t.fullName.replace(/\//g, '+')}' cannot be marshaled as an unmanaged structure; no meaningful size or offset can be computed.`, ctx.call);
    }
    if (!t.isValueType) throw new NotSupportedYetError(`the unmanaged size of formatted class ${t.fullName}`, ctx.icall);
    const blocker = nonBlittableField(ctx, t);
    if (blocker) throw new NotSupportedYetError(`the unmanaged size of ${t.fullName} (field ${blocker} is not blittable)`, ctx.icall);
    return t.valueSize;
  }),
  icall('Mono.SafeStringMarshal::StringToUtf8(string)', ['ref'], 'ptr', (ctx, str) => {
    if (str === 0n) return 0n;
    const bytes = utf8z(ctx.rt.objects.readString(str));
    const heap = ctx.os('the process heap').heaps.processHeap;
    const p = heap.alloc(bytes.length, false);
    if (p === 0n) return ctx.rt.helpers.raise('System.OutOfMemoryException', 'Insufficient memory to continue the execution of the program.', ctx.call);
    ctx.rt.machine.memory.write(p, bytes);
    ctx.rt.icalls.liveUtf8.add(p);
    return p;
  }),
  icall('Mono.SafeStringMarshal::GFree(intptr)', ['ptr'], 'void', (ctx, p) => {
    if (p === 0n) return;
    if (!ctx.rt.icalls.liveUtf8.delete(p)) throw new IcallArgumentError(ctx.icall, 'ptr', `0x${p.toString(16)} was not returned by StringToUtf8 (or was freed already)`);
    ctx.os('the process heap').heaps.processHeap.free(p);
  }),
  icall('System.Runtime.InteropServices.Marshal::GetLastWin32Error()', [], 'i32', (ctx) => ctx.rt.pinvoke.lastError),
];

/** Native memory the class library allocates through Marshal lives in the process heap (LocalAlloc/CoTaskMemAlloc on Windows). */
function allocNative(ctx: IcallContext, size: bigint): bigint {
  if (size < 0n || size > 0x7fff_ffffn) return ctx.rt.helpers.raise('System.OutOfMemoryException', 'Insufficient memory to continue the execution of the program.', ctx.call);
  const p = ctx.os('the process heap').heaps.processHeap.alloc(Math.max(Number(size), 1), false);
  if (p === 0n) return ctx.rt.helpers.raise('System.OutOfMemoryException', 'Insufficient memory to continue the execution of the program.', ctx.call);
  return p;
}

function freeNative(ctx: IcallContext, p: bigint): void {
  if (p === 0n) return;
  if (!ctx.os('the process heap').heaps.processHeap.free(p)) throw new IcallArgumentError(ctx.icall, 'ptr', `0x${p.toString(16)} is not a live block of the process heap`);
}

function reallocNative(ctx: IcallContext, p: bigint, size: bigint): bigint {
  if (p === 0n) return allocNative(ctx, size);
  const q = ctx.os('the process heap').heaps.processHeap.realloc(p, Math.max(Number(size), 1), false);
  if (q === 0n) return ctx.rt.helpers.raise('System.OutOfMemoryException', 'Insufficient memory to continue the execution of the program.', ctx.call);
  return q;
}

/** Copies `bytes` into a new process-heap block. */
function nativeCopy(ctx: IcallContext, bytes: Uint8Array): bigint {
  const p = allocNative(ctx, BigInt(bytes.length));
  ctx.rt.machine.memory.write(p, bytes);
  return p;
}

/** UTF-16 code units at `p`: `count` of them, or up to a NUL. */
function readUtf16(ctx: IcallContext, p: bigint, count?: number): string {
  if (count === undefined) return ctx.rt.machine.memory.wString(p, MAX_NATIVE_STRING);
  const b = ctx.rt.machine.memory.read(p, 2 * count);
  let s = '';
  for (let i = 0; i < count; i++) s += String.fromCharCode(b[2 * i]! | (b[2 * i + 1]! << 8));
  return s;
}

const M = 'System.Runtime.InteropServices.Marshal::';

/**
 * `Marshal`'s native memory and string icalls. Mono's "Ansi" conversions are UTF-8 on every
 * platform (`mono_string_new`, `mono_utf16_to_utf8`), and so are these; null pointers give null
 * strings, a negative length is ArgumentException.
 */
export const marshalMemoryIcalls: IcallTable = [
  icall(`${M}AllocHGlobal(intptr)`, ['ptr'], 'ptr', (ctx, cb) => allocNative(ctx, BigInt.asIntN(64, cb))),
  icall(`${M}AllocCoTaskMem(int)`, ['i32'], 'ptr', (ctx, cb) => allocNative(ctx, BigInt(cb))),
  icall(`${M}AllocCoTaskMemSize(uintptr)`, ['ptr'], 'ptr', (ctx, cb) => allocNative(ctx, cb)),
  icall(`${M}FreeHGlobal(intptr)`, ['ptr'], 'void', (ctx, p) => freeNative(ctx, p)),
  icall(`${M}FreeCoTaskMem(intptr)`, ['ptr'], 'void', (ctx, p) => freeNative(ctx, p)),
  icall(`${M}ReAllocHGlobal(intptr,intptr)`, ['ptr', 'ptr'], 'ptr', (ctx, p, cb) => reallocNative(ctx, p, BigInt.asIntN(64, cb))),
  icall(`${M}ReAllocCoTaskMem(intptr,int)`, ['ptr', 'i32'], 'ptr', (ctx, p, cb) => reallocNative(ctx, p, BigInt(cb))),
  icall(`${M}SetLastWin32Error(int)`, ['i32'], 'void', (ctx, error) => { ctx.rt.pinvoke.lastError = error; }),
  icall(`${M}PtrToStringAnsi(intptr)`, ['ptr'], 'ref', (ctx, p) => (p === 0n ? 0n : ctx.rt.objects.allocString(readUtf8(ctx.rt, p)))),
  icall(`${M}PtrToStringAnsi(intptr,int)`, ['ptr', 'i32'], 'ref', (ctx, p, len) => {
    if (p === 0n) return 0n;
    if (len < 0) return ctx.rt.helpers.raise('System.ArgumentException', 'Value does not fall within the expected range.', ctx.call);
    return ctx.rt.objects.allocString(new TextDecoder().decode(ctx.rt.machine.memory.read(p, len)));
  }),
  icall(`${M}PtrToStringUni(intptr)`, ['ptr'], 'ref', (ctx, p) => (p === 0n ? 0n : ctx.rt.objects.allocString(readUtf16(ctx, p)))),
  icall(`${M}PtrToStringUni(intptr,int)`, ['ptr', 'i32'], 'ref', (ctx, p, len) => {
    if (p === 0n) return 0n;
    if (len < 0) return ctx.rt.helpers.raise('System.ArgumentException', 'Value does not fall within the expected range.', ctx.call);
    return ctx.rt.objects.allocString(readUtf16(ctx, p, len));
  }),
  icall(`${M}StringToHGlobalAnsi(char*,int)`, ['ptr', 'i32'], 'ptr', (ctx, s, length) => (s === 0n ? 0n : nativeCopy(ctx, utf8z(readUtf16(ctx, s, length))))),
  icall(`${M}StringToHGlobalUni(char*,int)`, ['ptr', 'i32'], 'ptr', (ctx, s, length) => (s === 0n ? 0n : nativeCopy(ctx, utf16z(readUtf16(ctx, s, length))))),
];
