/**
 * `System.IO.Path` (icall-def.h group PATH): `get_temp_path`, as Mono's Windows build answers it,
 * by kernel32's GetTempPathW (TMP, TEMP, USERPROFILE, else the Windows directory; ending in `\`).
 */
import { icall, type IcallTable } from './registry';
import { callWin32 } from './win32';

export const pathIcalls: IcallTable = [
  icall('System.IO.Path::get_temp_path()', [], 'ref', (ctx) => {
    const needed = Number(callWin32(ctx, 'kernel32.dll', 'GetTempPathW', [0n, 0n]).result & 0xffff_ffffn);
    const heap = ctx.os('the process heap').heaps.processHeap;
    const buf = heap.alloc(2 * needed, false);
    if (buf === 0n) return ctx.rt.helpers.raise('System.OutOfMemoryException', 'Insufficient memory to continue the execution of the program.', ctx.call);
    try {
      const n = Number(callWin32(ctx, 'kernel32.dll', 'GetTempPathW', [BigInt(needed), buf]).result & 0xffff_ffffn);
      return ctx.rt.objects.allocString(ctx.rt.machine.memory.wString(buf, n));
    } finally {
      heap.free(buf);
    }
  }, { leaf: false }),
];
