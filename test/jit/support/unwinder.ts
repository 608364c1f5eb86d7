/**
 * A minimal Windows x64 virtual unwinder (the body case of RtlVirtualUnwind), used to check that
 * the UNWIND_INFO the JIT emits really recovers the caller's frame: it replays the unwind codes
 * from a point past the prologue, restoring pushed registers from the stack.
 */
import { CompiledMethod } from '../../../src/jit/codegen/compile';
import { parseUnwindInfo, UnwindOp } from '../../../src/jit/codegen/unwind';

/** A register context: RIP, RSP and the other GPRs by encoding number. */
export interface UnwindContext {
  rip: bigint;
  rsp: bigint;
  gpr: Map<number, bigint>;
}

/** Unwinds one frame of `method` (placed at `start`); `ctx.rip` must be past its prologue. */
export function unwindFrame(ctx: UnwindContext, method: CompiledMethod, start: bigint, readU64: (a: bigint) => bigint): UnwindContext {
  const info = parseUnwindInfo(method.unwindInfo);
  const offset = Number(ctx.rip - start);
  if (offset < info.prologSize) throw new Error(`rip is inside the prologue (offset ${offset})`);
  const gpr = new Map(ctx.gpr);
  let rsp = ctx.rsp;
  for (const c of info.codes) {
    switch (c.op) {
      case UnwindOp.AllocSmall:
        rsp += BigInt((c.opInfo + 1) * 8);
        break;
      case UnwindOp.AllocLarge:
        rsp += BigInt(c.size!);
        break;
      case UnwindOp.SetFpReg:
        rsp = gpr.get(info.frameReg)! - BigInt(16 * info.frameOffset16);
        break;
      case UnwindOp.PushNonvol:
        gpr.set(c.opInfo, readU64(rsp));
        rsp += 8n;
        break;
      default:
        throw new Error(`unwind code ${c.op} not handled`);
    }
  }
  const rip = readU64(rsp);
  return { rip, rsp: rsp + 8n, gpr };
}
