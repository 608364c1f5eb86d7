/**
 * `Interop/Sys.DoubleToString(double value, byte* format, byte* buffer, int bufferLength) : int`
 * (shared/mono-bcl-contract.md §2.3): Mono's class library formats doubles by asking the runtime
 * for `snprintf(buffer, bufferLength, format, value)` and parsing the digits back. The runtime here
 * is a Windows process's, so the C runtime's printf engine (loader/crt/printf, msvcrt semantics)
 * does the formatting. Returns the full length, like snprintf; the buffer gets at most
 * bufferLength - 1 bytes and a NUL.
 */
import { formatPrintf } from '../../../loader/crt/printf';
import type { VarArgs } from '../../../loader/dlls/api';
import { icall, type IcallTable } from './registry';

export const numberFormattingIcalls: IcallTable = [
  icall('Interop/Sys::DoubleToString(double,byte*,byte*,int)', ['f64', 'ptr', 'ptr', 'i32'], 'i32', (ctx, value, format, buffer, length) => {
    const mem = ctx.rt.machine.memory;
    const fmt = Buffer.from(mem.cString(format), 'latin1');
    const bits = new DataView(new Float64Array([value]).buffer).getBigUint64(0, true);
    const args: VarArgs = { next: () => bits, nextF64: () => value };
    const text = formatPrintf(fmt, args, { wide: false });
    if (length > 0) {
      const n = Math.min(text.length, length - 1);
      mem.write(buffer, Uint8Array.of(...text.subarray(0, n), 0));
    }
    return text.length;
  }),
];
