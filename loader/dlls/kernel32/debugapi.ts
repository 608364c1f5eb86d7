/**
 * debugapi.h: no debugger is ever attached to an emulated process; debug output goes to the
 * `api` trace channel (Windows drops it when no debugger listens).
 */
import { fn, type ApiTable } from '../api';

export const debugapi: ApiTable = {
  IsDebuggerPresent: fn('BOOL IsDebuggerPresent(void)', [], 'i32', () => 0),
  OutputDebugStringA: fn('void OutputDebugStringA(LPCSTR lpOutputString)', ['ptr'], 'void', (ctx, s) => {
    if (s !== 0n) ctx.os.trace('api', `OutputDebugString: ${ctx.os.memory.cString(s, 0x1000)}`);
  }),
  OutputDebugStringW: fn('void OutputDebugStringW(LPCWSTR lpOutputString)', ['ptr'], 'void', (ctx, s) => {
    if (s !== 0n) ctx.os.trace('api', `OutputDebugString: ${ctx.os.memory.wString(s, 0x1000)}`);
  }),
};
