/**
 * Native strings and interop state (icall-def.h groups SAFESTRINGMARSHAL and MARSHAL):
 *  - `Mono.SafeStringMarshal.StringToUtf8(string)`: a NUL-terminated UTF-8 copy in the process
 *    heap (Mono uses g_malloc), null for a null string; `GFree(IntPtr)` frees one of those (and
 *    ignores null, as g_free does). Freeing anything else is a named error, not heap corruption.
 *  - `Marshal.GetLastWin32Error()`: the error a `SetLastError=true` P/Invoke saved right after
 *    its target returned (src/vm/pinvoke).
 */
import { IcallArgumentError } from './errors';
import { icall, type IcallTable } from './registry';
import { utf8z } from './strings';

export const marshalIcalls: IcallTable = [
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
