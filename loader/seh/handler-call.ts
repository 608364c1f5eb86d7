/**
 * Calls a guest handler (language handler, filter, vectored handler, termination handler) from
 * the dispatcher, with the stack pointer below the dispatcher's records, and records the call as
 * a `HostFrame` while it runs: a stack walk started inside the handler (RtlUnwindEx, a nested
 * exception) reaches the call's sentinel return address and continues at the frame the
 * dispatcher was working on.
 *
 * The sentinel's slot is computed exactly as `Machine.callGuest` lays out a call: RSP lowered by
 * the 32-byte shadow space and the stack arguments, aligned down to 16, then the return address
 * pushed.
 */
import { Reg } from '../../emu';
import type { Os } from '../os';
import { sehState, type HostFrame } from './state';

export function callGuestHandler(os: Os, target: bigint, args: bigint[], stackTop: bigint, frame: Omit<HostFrame, 'sentinelSlot'>): bigint {
  const machine = os.machine;
  const savedRsp = machine.reg(Reg.RSP);
  const top = stackTop & ~0xfn;
  let sp = top - BigInt(32 + 8 * Math.max(0, args.length - 4));
  sp -= sp % 16n;
  const frames = sehState(os).hostFrames;
  frames.push({ ...frame, sentinelSlot: sp - 8n });
  const depth = frames.length;
  machine.setReg(Reg.RSP, top);
  try {
    return os.callGuest(target, args);
  } finally {
    frames.length = depth - 1;
    machine.setReg(Reg.RSP, savedRsp);
  }
}

/** A handler's LONG/EXCEPTION_DISPOSITION result, sign-extended from 32 bits. */
export function int32(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}
