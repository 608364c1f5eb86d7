/**
 * msvcrt exports declared in setjmp.h for x64: `_setjmp`/`_setjmpex` save the caller's
 * non-volatile state into a `_JUMP_BUFFER`, `longjmp` restores it and resumes after the saved
 * call with the given value (0 becomes 1, C89 §7.6.2.1).
 *
 * _JUMP_BUFFER (setjmp.h, 256 bytes): Frame +0, Rbx +8, Rsp +16, Rbp +24, Rsi +32, Rdi +40,
 * R12–R15 +48…+72, Rip +80, MxCsr +88, FpCsr +92, Spare +94, Xmm6–Xmm15 +96…+240 (16 each).
 * mingw-w64's setjmp passes the caller's frame address as Frame. msvcrt then unwinds with
 * RtlUnwindEx so that __finally blocks between the two frames run; clremu restores the registers
 * directly (C code has no such blocks), which is the same for every frame without a handler.
 * MXCSR and the x87 control word are not visible through the machine API: the buffer records the
 * Windows defaults (0x1F80, 0x027F) and longjmp leaves both as they are.
 */
import { fn, type ApiTable, type ApiContext } from '../api';
import { Reg } from '../../../emu';
import { CrtInvalidParameterError } from './errors';

const SAVED: readonly [Reg, number][] = [
  [Reg.RBX, 8],
  [Reg.RBP, 24],
  [Reg.RSI, 32],
  [Reg.RDI, 40],
  [Reg.R12, 48],
  [Reg.R13, 56],
  [Reg.R14, 64],
  [Reg.R15, 72],
];
const JUMP_BUFFER_SIZE = 256;
const XMM_OFFSET = 96;

function setjmp({ os, call }: ApiContext, buf: bigint, frame: bigint): number {
  if (buf === 0n) throw new CrtInvalidParameterError('_setjmp', 'jmp_buf is NULL');
  const m = call.machine;
  const b = new Uint8Array(JUMP_BUFFER_SIZE);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(0, frame, true);
  for (const [reg, at] of SAVED) dv.setBigUint64(at, m.reg(reg), true);
  // After the call returns, the caller's RSP is one slot above the return address.
  dv.setBigUint64(16, call.entryRsp + 8n, true);
  dv.setBigUint64(80, call.returnAddress, true);
  dv.setUint32(88, 0x1f80, true);
  dv.setUint16(92, 0x027f, true);
  for (let i = 6; i <= 15; i++) b.set(m.xmm(i).subarray(0, 16), XMM_OFFSET + (i - 6) * 16);
  os.memory.write(buf, b);
  return 0;
}

export const setjmpApi: ApiTable = {
  _setjmp: fn('int _setjmp(jmp_buf env, void *frame)', ['ptr', 'ptr'], 'i32', (ctx, buf, frame) => setjmp(ctx, buf, frame)),
  _setjmpex: fn('int _setjmpex(jmp_buf env, void *frame)', ['ptr', 'ptr'], 'i32', (ctx, buf, frame) => setjmp(ctx, buf, frame)),
  longjmp: fn('void longjmp(jmp_buf env, int value)', ['ptr', 'i32'], 'void', ({ os, call }, buf, value) => {
    if (buf === 0n) throw new CrtInvalidParameterError('longjmp', 'jmp_buf is NULL');
    const m = call.machine;
    const b = os.memory.read(buf, JUMP_BUFFER_SIZE);
    const dv = new DataView(b.buffer);
    for (const [reg, at] of SAVED) m.setReg(reg, dv.getBigUint64(at, true));
    m.setReg(Reg.RSP, dv.getBigUint64(16, true));
    for (let i = 6; i <= 15; i++) m.setXmm(i, b.slice(XMM_OFFSET + (i - 6) * 16, XMM_OFFSET + (i - 5) * 16));
    // setjmp "returns" value (never 0) at the saved return address.
    m.setReg(Reg.RAX, BigInt((value === 0 ? 1 : value) >>> 0));
    call.jump(dv.getBigUint64(80, true));
  }),
};
