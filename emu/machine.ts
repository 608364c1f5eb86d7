/**
 * The emulated x86-64 machine: one Unicorn 2 CPU in 64-bit mode, its memory (`Memory`), host gates
 * (`Gates`) and the run loop that turns whatever stopped the CPU into a typed `RunOutcome`.
 *
 * Exact faults without slowing everything down (measured on Unicorn 2.0.1, see bench/emu.ts):
 * - Unicorn leaves RIP at the start of the translation block after a memory fault unless it syncs
 *   RIP before each access. It does so when a memory-access hook exists, so the machine installs
 *   UC_HOOK_MEM_READ|WRITE over an address no user-mode code can touch (`PC_SYNC_HOOK_ADDRESS`):
 *   RIP becomes exact for ~25% on memory-heavy code and nothing on register-only loops. The usual
 *   alternative, a non-zero `count` to `uc_emu_start`, costs ~30× on tight loops.
 * - Instruction budgets do need `count`. The first run with `maxInstructions` switches the machine to
 *   counting mode for good (switching back makes Unicorn flush every translation, measured at up to
 *   a second): runs are then cut into slices of at most `SLICE` instructions, each slice's real count
 *   is read from Unicorn's own counter (`counter.ts`), and the budget and the clock are checked
 *   between slices. `instructionsExecuted` counts instructions run in counting mode.
 * - `timeoutMs` is enforced by a per-machine POSIX timer that calls `uc_emu_stop` (`watchdog.ts`),
 *   armed to the earliest deadline of the runs in progress (callGuest nests runs).
 *
 * Other invariants
 * - Hooks never let a JS exception escape into C (Unicorn would carry on): they record the error,
 *   call `uc_emu_stop`, and the loop rethrows it after `uc_emu_start` returns.
 * - Faults are decided from the hook that saw them (`classify.ts`): invalid memory (checked against
 *   the TypeScript page table, which also resolves guard pages), interrupts (#DE, #DB, #BP, int 29h),
 *   and stops with no recorded cause (Unicorn 2.0.1 ends emulation quietly on an undefined opcode
 *   and after `hlt`).
 * - Non-leaf gates run between two `uc_emu_start` calls, never inside one: Unicorn 2.0.1 crashes on
 *   `uc_emu_start` nested in a hook while counting, and this keeps `callGuest` usable from handlers.
 */
import { Fault, GuestFault, Access } from './faults';
import { classifyInterrupt, classifyQuietStop } from './classify';
import { InstructionCounter } from './counter';
import { Watchdog } from './watchdog';
import { cpuid } from './cpuid';
import {
  CALL_SENTINEL, Gate, GateCallFrame, Gates, GuestExit, GATE_RET_OFFSET,
} from './gates';
import { Memory, MemoryMapper } from './memory';
import { Reg, UC_REG_ID, UC_REG_XMM0 } from './registers';
import {
  check, registerCallback, unicorn, unregisterCallback, UcArch, UcErr, UcHookType, UcMemType,
  UcMode, UcX86Insn, UC_CTL_TB_REMOVE_CACHE_WRITE, UnicornBinding, UnicornError,
} from './unicorn';

export type RunOutcome =
  | { kind: 'returned' }
  | { kind: 'exited'; code: number }
  | { kind: 'fault'; fault: Fault }
  /** `Machine.stop()` was called from a hook or gate. */
  | { kind: 'stopped' };

export interface RunOptions {
  begin: bigint;
  /** The run ends ('returned') when RIP reaches this address. */
  until: bigint;
  /** Instruction budget; exceeding it ends the run with a 'budget-exhausted' fault. */
  maxInstructions?: number;
  /** Wall-clock limit, checked between slices and after gates; ends with a 'timeout' fault. */
  timeoutMs?: number;
}

export interface CallOptions {
  maxInstructions?: number;
  timeoutMs?: number;
}

export interface Hook { remove(): void }

/** `callGuest`/`run` from inside a CPU hook (a leaf gate, a code hook …), which Unicorn 2.0.1 cannot do. */
export class NestedGuestCallError extends Error {
  constructor(readonly gateName: string | undefined) {
    super(gateName !== undefined
      ? `gate ${gateName} is a leaf gate and cannot call back into the guest; define it without { leaf: true }`
      : 'a code, block or memory hook cannot run the guest; stop the machine and continue from the top level');
    this.name = 'NestedGuestCallError';
  }
}

/** Instructions per `uc_emu_start` slice in counting mode: bounds timeout latency to milliseconds. */
const SLICE = 1 << 22;
/** A kernel-half address user-mode code can never map: the target of the RIP-syncing memory hook. */
export const PC_SYNC_HOOK_ADDRESS = 0xFFFF_FFFF_FFFF_F000n;

interface PendingGate { gate: Gate; rsp: bigint }

/** Budgets are positive integers and time limits non-negative finite numbers. */
function checkLimits(opts: { maxInstructions?: number; timeoutMs?: number }): void {
  const { maxInstructions, timeoutMs } = opts;
  if (maxInstructions !== undefined && !(Number.isSafeInteger(maxInstructions) && maxInstructions > 0)) {
    throw new RangeError(`maxInstructions must be a positive integer, got ${maxInstructions}`);
  }
  if (timeoutMs !== undefined && !(Number.isFinite(timeoutMs) && timeoutMs >= 0)) {
    throw new RangeError(`timeoutMs must be a non-negative number, got ${timeoutMs}`);
  }
}

export class Machine {
  readonly memory: Memory;
  readonly gates: Gates;

  private readonly api: UnicornBinding['uc'];
  private readonly handle: bigint;
  private readonly regBuf = new BigUint64Array(1);
  private readonly xmmBuf = new Uint8Array(16);
  private readonly callbacks: bigint[] = [];
  private counter: InstructionCounter | undefined;
  private watchdog: Watchdog | undefined;
  /** Deadlines (performance.now() ms) of the runs in progress, outermost first. */
  private readonly deadlines: number[] = [];
  private executed = 0n;
  private closed = false;
  /** Set while a leaf gate handler runs inside the syscall hook. */
  private inLeafGate: string | undefined;
  /** Depth of JS code running inside a Unicorn callback, where re-entering the CPU is unsafe. */
  private hookDepth = 0;

  // Per-slice stop state, written by hooks and read by the run loop.
  private hookError: unknown;
  private hasHookError = false;
  private pendingFault: Fault | undefined;
  private pendingGate: PendingGate | undefined;
  private pendingJump: bigint | undefined;
  private pendingExit: number | undefined;
  private stopRequested = false;

  private constructor(binding: UnicornBinding, handle: bigint) {
    this.api = binding.uc;
    this.handle = handle;
    const mapper: MemoryMapper = {
      map: (address, size, perms, ptr) => {
        this.ensureOpen();
        check(this.api.uc_mem_map_ptr(this.handle, address, size, perms, ptr), 'uc_mem_map_ptr');
      },
      unmap: (address, size) => {
        this.ensureOpen();
        check(this.api.uc_mem_unmap(this.handle, address, size), 'uc_mem_unmap');
      },
      flushCode: (begin, end) => this.flushRange(begin, end),
    };
    this.memory = new Memory(mapper);
    this.installHooks(binding);
    this.gates = new Gates(this.memory);
  }

  /** Opens a fresh CPU; throws `UnicornError` if libunicorn.so.2 is missing. */
  static create(): Machine {
    const binding = unicorn();
    const out: unknown[] = [null];
    check(binding.uc.uc_open(UcArch.X86, UcMode.Mode64, out), 'uc_open');
    return new Machine(binding, out[0] as bigint);
  }

  // ---- registers -------------------------------------------------------------------------------

  reg(r: Reg): bigint {
    this.ensureOpen();
    this.regBuf[0] = 0n;
    this.api.uc_reg_read(this.handle, UC_REG_ID[r], this.regBuf);
    return this.regBuf[0];
  }

  setReg(r: Reg, v: bigint): void {
    this.ensureOpen();
    this.regBuf[0] = BigInt.asUintN(64, v);
    check(this.api.uc_reg_write(this.handle, UC_REG_ID[r], this.regBuf), 'uc_reg_write');
  }

  xmm(i: number): Uint8Array {
    this.checkXmm(i);
    const out = new Uint8Array(16);
    this.api.uc_reg_read(this.handle, UC_REG_XMM0 + i, out);
    return out;
  }

  setXmm(i: number, v: Uint8Array): void {
    this.checkXmm(i);
    if (v.length !== 16) throw new RangeError(`setXmm(${i}): value must be 16 bytes, got ${v.length}`);
    this.xmmBuf.set(v);
    check(this.api.uc_reg_write(this.handle, UC_REG_XMM0 + i, this.xmmBuf), 'uc_reg_write');
  }

  /** Instructions executed in counting mode (see the overview); exact there, 0n before it. */
  get instructionsExecuted(): bigint {
    return this.executed;
  }

  /** Whether runs count instructions (switched on for good by the first budgeted run). */
  get countingEnabled(): boolean {
    return this.counter !== undefined;
  }

  /**
   * Switches to counting mode now: exact `instructionsExecuted` and budgets, at Unicorn's per-instruction
   * counting cost. Translations made before must be redone with the counting hook compiled in.
   */
  enableCounting(): void {
    if (this.counter) return;
    this.counter = new InstructionCounter(this.handle);
    for (const [from, to] of this.memory.executableRanges()) this.flushRange(from, to);
  }

  // ---- running ---------------------------------------------------------------------------------

  run(opts: RunOptions): RunOutcome {
    this.ensureOpen();
    this.refuseInsideHook();
    checkLimits(opts);
    const deadline = opts.timeoutMs === undefined ? undefined : performance.now() + opts.timeoutMs;
    return this.runLoop(opts.begin, opts.until, opts.maxInstructions, deadline);
  }

  /**
   * Calls guest code with the Windows x64 convention and returns RAX. Usable from the top level and
   * from (non-leaf) gate handlers. All registers are restored afterwards. A fault throws
   * `GuestFault`; a gate ending the process throws `GuestExit` on through the caller.
   */
  callGuest(fn: bigint, args: bigint[], opts: CallOptions = {}): bigint {
    this.ensureOpen();
    this.refuseInsideHook();
    checkLimits(opts);
    const context = this.saveContext();
    try {
      const stackArgs = Math.max(0, args.length - 4);
      let sp = this.reg(Reg.RSP) - BigInt(32 + 8 * stackArgs);
      sp -= sp % 16n; // RSP is 16-byte aligned at the call…
      for (let i = 4; i < args.length; i++) this.memory.setU64(sp + 32n + 8n * BigInt(i - 4), args[i]);
      sp -= 8n; // …and the call pushes the return address.
      this.memory.setU64(sp, CALL_SENTINEL);
      const argRegs = [Reg.RCX, Reg.RDX, Reg.R8, Reg.R9];
      for (let i = 0; i < Math.min(4, args.length); i++) this.setReg(argRegs[i], args[i]);
      this.setReg(Reg.RSP, sp);
      const deadline = opts.timeoutMs === undefined ? undefined : performance.now() + opts.timeoutMs;
      const outcome = this.runLoop(fn, CALL_SENTINEL, opts.maxInstructions, deadline);
      switch (outcome.kind) {
        case 'returned': return this.reg(Reg.RAX);
        case 'fault': throw new GuestFault(outcome.fault);
        case 'exited': throw new GuestExit(outcome.code);
        case 'stopped': throw new UnicornError('callGuest: the machine was stopped before the call returned');
      }
    } finally {
      this.restoreContext(context);
    }
  }

  /** Ends the current run at the next opportunity; the run returns { kind: 'stopped' }. */
  stop(): void {
    this.stopRequested = true;
    this.api.uc_emu_stop(this.handle);
  }

  /** Drops Unicorn's translations of [begin, begin+size) after host writes to code. */
  flushCode(begin: bigint, size: number): void {
    this.flushRange(begin, begin + BigInt(size));
  }

  addCodeHook(begin: bigint, end: bigint, fn: (addr: bigint, size: number) => void): Hook {
    return this.addRangeHook(UcHookType.Code, begin, end, fn);
  }

  addBlockHook(begin: bigint, end: bigint, fn: (addr: bigint, size: number) => void): Hook {
    return this.addRangeHook(UcHookType.Block, begin, end, fn);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // The timer thread must not call uc_emu_stop on a freed engine: delete the timer, then let any
    // notification already in flight land first.
    if (this.watchdog) {
      this.watchdog.close();
      this.watchdog.drain();
    }
    this.api.uc_close(this.handle);
    for (const cb of this.callbacks) unregisterCallback(cb);
    this.callbacks.length = 0;
    this.memory.releaseHostMemory();
  }

  // ---- run loop ----------------------------------------------------------------------------------

  private runLoop(begin: bigint, until: bigint, budget: number | undefined, deadline: number | undefined): RunOutcome {
    if (deadline === undefined) return this.runSlices(begin, until, budget);
    this.deadlines.push(deadline);
    this.armWatchdog();
    try {
      return this.runSlices(begin, until, budget);
    } finally {
      this.deadlines.pop();
      this.armWatchdog();
      if (performance.now() >= deadline) this.watchdog?.drain();
    }
  }

  /** Points the watchdog at the earliest deadline in force, or disarms it. */
  private armWatchdog(): void {
    if (this.deadlines.length === 0) {
      this.watchdog?.disarm();
      return;
    }
    this.watchdog ??= new Watchdog(this.handle);
    this.watchdog.arm(Math.min(...this.deadlines) - performance.now());
  }

  private deadlinePassed(): boolean {
    return this.deadlines.length > 0 && performance.now() >= Math.min(...this.deadlines);
  }

  private runSlices(begin: bigint, until: bigint, budget: number | undefined): RunOutcome {
    if (budget !== undefined) this.enableCounting();
    let rip = begin;
    let remaining = budget ?? Number.POSITIVE_INFINITY;
    for (;;) {
      if (remaining <= 0) return this.faultOutcome(new Fault({ kind: 'budget-exhausted', rip }));
      const counter = this.counter;
      const slice = counter ? Math.min(remaining, SLICE) : 0;
      this.clearStopState();
      const err = this.api.uc_emu_start(this.handle, rip, until, 0, slice);
      // Unicorn's count hook runs before each instruction and stops on the one past the count, so a
      // completed slice reads slice + 1.
      const counted = counter ? counter.read() : 0;
      const sliceDone = counter !== undefined && counted > slice;
      const executed = Math.min(counted, slice);
      this.executed += BigInt(executed);
      remaining -= executed;

      if (this.hasHookError) {
        const e = this.hookError;
        this.hasHookError = false;
        this.hookError = undefined;
        throw e;
      }
      if (this.pendingExit !== undefined) return { kind: 'exited', code: this.pendingExit };
      if (this.pendingFault) return this.faultOutcome(this.pendingFault);
      if (err === UcErr.InsnInvalid) return this.faultOutcome(new Fault({ kind: 'invalid-opcode', rip: this.reg(Reg.RIP) }));
      if (err !== UcErr.Ok) {
        throw new UnicornError(`uc_emu_start stopped with no recorded cause: ${this.api.uc_strerror(err)}`, 'uc_emu_start', err);
      }
      rip = this.reg(Reg.RIP);
      if (this.pendingGate) {
        const gate = this.pendingGate;
        this.pendingGate = undefined;
        const exited = this.dispatch(gate);
        if (exited) return exited;
        // stop() from the handler ran while the CPU was idle: honour it here.
        if (this.stopRequested) return { kind: 'stopped' };
        rip = this.reg(Reg.RIP);
      } else if (this.pendingJump !== undefined) {
        rip = this.pendingJump;
        this.setReg(Reg.RIP, rip);
      } else if (this.stopRequested) {
        return { kind: 'stopped' };
      } else if (rip === until) {
        return { kind: 'returned' };
      } else if (this.deadlinePassed()) {
        return this.faultOutcome(new Fault({ kind: 'timeout', rip }));
      } else if (!sliceDone) {
        return this.faultOutcome(classifyQuietStop(this.memory, rip));
      }
      if (this.deadlinePassed()) return this.faultOutcome(new Fault({ kind: 'timeout', rip }));
    }
  }

  private faultOutcome(fault: Fault): RunOutcome {
    this.setReg(Reg.RIP, fault.rip);
    return { kind: 'fault', fault };
  }

  private clearStopState(): void {
    this.pendingFault = undefined;
    this.pendingGate = undefined;
    this.pendingJump = undefined;
    this.pendingExit = undefined;
    this.stopRequested = false;
  }

  /** Runs a non-leaf gate handler at the top level; RIP rests on the stub's `ret`. */
  private dispatch(pending: PendingGate): RunOutcome | undefined {
    const frame = new GateCallFrame(this, pending.gate.name, pending.rsp);
    let result: bigint | number | void;
    try {
      result = pending.gate.handler(frame);
    } catch (e) {
      if (e instanceof GuestExit) return { kind: 'exited', code: e.code };
      throw e;
    }
    this.applyGateResult(frame, result, pending.gate.address);
    return undefined;
  }

  private applyGateResult(frame: GateCallFrame, result: bigint | number | void, stub: bigint): void {
    if (result !== undefined) {
      this.setReg(Reg.RAX, typeof result === 'bigint' ? result : BigInt(Math.trunc(result)));
    }
    this.setReg(Reg.RIP, frame.jumpTarget ?? stub + BigInt(GATE_RET_OFFSET));
  }

  // ---- hooks -------------------------------------------------------------------------------------

  private installHooks(binding: UnicornBinding): void {
    const cb = binding.callbacks;
    this.hook(UcHookType.MemInvalid, registerCallback(
      (_uc: bigint, type: number, address: bigint | number, size: number) =>
        this.guard(() => this.onInvalidMemory(type, BigInt(address), size), false),
      cb.memInvalid));
    this.hook(UcHookType.Intr, registerCallback(
      (_uc: bigint, intno: number) => this.guard(() => this.onInterrupt(intno), undefined), cb.intr));
    this.hook(UcHookType.Insn, registerCallback(
      () => this.guard(() => this.onSyscall(), undefined), cb.syscall), [UcX86Insn.Syscall]);
    this.hook(UcHookType.Insn, registerCallback(
      () => this.guard(() => this.onCpuid(), 1), cb.cpuid), [UcX86Insn.Cpuid]);
    // Never fires (no user-mode code reaches that address); its existence makes Unicorn keep RIP
    // exact at every memory access. See the overview.
    this.hook(UcHookType.MemReadWrite, registerCallback(() => undefined, cb.memAccess), [],
      PC_SYNC_HOOK_ADDRESS, PC_SYNC_HOOK_ADDRESS);
  }

  private hook(type: number, callback: bigint, extra: number[] = [], begin = 1n, end = 0n): bigint {
    this.callbacks.push(callback);
    const out = [0n];
    const variadic = extra.flatMap((v) => ['int', v]);
    check(this.api.uc_hook_add(this.handle, out, type, callback, null, begin, end, ...variadic), 'uc_hook_add');
    return out[0];
  }

  /** Runs hook code; an exception is parked for the run loop and emulation stops. */
  private guard<T>(body: () => T, onError: T): T {
    this.hookDepth++;
    try {
      return body();
    } catch (e) {
      if (!this.hasHookError) {
        this.hasHookError = true;
        this.hookError = e;
      }
      this.api.uc_emu_stop(this.handle);
      return onError;
    } finally {
      this.hookDepth--;
    }
  }

  /** Unicorn 2.0.1 cannot run the CPU from inside one of its own callbacks (measured: crashes). */
  private refuseInsideHook(): void {
    if (this.hookDepth > 0) throw new NestedGuestCallError(this.inLeafGate);
  }

  private onInvalidMemory(type: number, address: bigint, size: number): boolean {
    const access: Access =
      type === UcMemType.WriteUnmapped || type === UcMemType.WriteProt ? 'write'
        : type === UcMemType.FetchUnmapped || type === UcMemType.FetchProt ? 'execute' : 'read';
    const found = this.memory.faultFor(address, size, access);
    this.pendingFault = new Fault({
      kind: found.kind === 'guard' ? 'guard-page' : 'access-violation',
      rip: this.reg(Reg.RIP),
      address: found.address,
      access,
    });
    return false;
  }

  private onInterrupt(intno: number): void {
    // RIP is moved to the faulting instruction after uc_emu_start returns: writing it inside the
    // hook makes Unicorn resume there, and an int3 would then repeat forever.
    this.pendingFault = classifyInterrupt(this.memory, intno, this.reg(Reg.RIP), () => this.reg(Reg.RCX));
    this.api.uc_emu_stop(this.handle);
  }

  private onSyscall(): void {
    const rip = this.reg(Reg.RIP);
    const gate = this.gates.at(rip);
    if (!gate) {
      this.pendingFault = new Fault({ kind: 'invalid-opcode', rip, detail: 'syscall outside a host gate' });
      this.api.uc_emu_stop(this.handle);
      return;
    }
    const rsp = this.reg(Reg.RSP);
    if (!this.memory.isAccessible(rsp, 8, 'read')) {
      // The call's return address cannot be where RSP says: a guest fault, reported at the stub.
      this.pendingFault = new Fault({ kind: 'access-violation', rip, address: rsp, access: 'read',
                                      detail: `reading the return address for gate ${gate.name}` });
      this.api.uc_emu_stop(this.handle);
      return;
    }
    if (!gate.leaf) {
      this.pendingGate = { gate, rsp };
      this.api.uc_emu_stop(this.handle);
      return;
    }
    const frame = new GateCallFrame(this, gate.name, rsp);
    let result: bigint | number | void;
    this.inLeafGate = gate.name;
    try {
      result = gate.handler(frame);
    } catch (e) {
      if (e instanceof GuestExit) {
        this.pendingExit = e.code;
        this.api.uc_emu_stop(this.handle);
        return;
      }
      throw e;
    } finally {
      this.inLeafGate = undefined;
    }
    if (result !== undefined) {
      this.setReg(Reg.RAX, typeof result === 'bigint' ? result : BigInt(Math.trunc(result)));
    }
    if (frame.jumpTarget !== undefined) {
      // Changing RIP inside an instruction hook is not reliable in Unicorn 2.0.1: stop, then jump.
      this.pendingJump = frame.jumpTarget;
      this.api.uc_emu_stop(this.handle);
    }
  }

  private onCpuid(): number {
    const leaf = Number(this.reg(Reg.RAX) & 0xFFFF_FFFFn);
    const subleaf = Number(this.reg(Reg.RCX) & 0xFFFF_FFFFn);
    const r = cpuid(leaf, subleaf);
    this.setReg(Reg.RAX, BigInt(r.eax >>> 0));
    this.setReg(Reg.RBX, BigInt(r.ebx >>> 0));
    this.setReg(Reg.RCX, BigInt(r.ecx >>> 0));
    this.setReg(Reg.RDX, BigInt(r.edx >>> 0));
    return 1; // skip Unicorn's own CPUID
  }

  private addRangeHook(type: number, begin: bigint, end: bigint, fn: (addr: bigint, size: number) => void): Hook {
    this.ensureOpen();
    const binding = unicorn();
    const callback = registerCallback(
      (_uc: bigint, address: bigint | number, size: number) => this.guard(() => fn(BigInt(address), size), undefined),
      binding.callbacks.code);
    const id = this.hook(type, callback, [], begin, end);
    // Translations made before the hook existed do not call it: drop them.
    this.flushHookRange(begin, end);
    let removed = false;
    return {
      remove: () => {
        if (removed || this.closed) return;
        removed = true;
        check(this.api.uc_hook_del(this.handle, id), 'uc_hook_del');
        this.flushHookRange(begin, end);
        const i = this.callbacks.indexOf(callback);
        if (i >= 0) this.callbacks.splice(i, 1);
        unregisterCallback(callback);
      },
    };
  }

  /**
   * Hooks are compiled into translations, so translations of the hooked range made before must go.
   * A whole-address-space hook (end < begin) drops the translations of all executable memory rather
   * than using UC_CTL_TB_FLUSH, which was measured at 15–500 ms a call.
   */
  private flushHookRange(begin: bigint, end: bigint): void {
    if (end >= begin) {
      this.flushRange(begin, end + 1n);
      return;
    }
    for (const [from, to] of this.memory.executableRanges()) this.flushRange(from, to);
  }

  private flushRange(begin: bigint, end: bigint): void {
    if (end <= begin || this.closed) return;
    check(this.api.uc_ctl(this.handle, UC_CTL_TB_REMOVE_CACHE_WRITE, 'uint64_t', begin, 'uint64_t', end),
      'uc_ctl(TB_REMOVE_CACHE)');
  }

  // ---- helpers -----------------------------------------------------------------------------------

  private saveContext(): bigint {
    const out: unknown[] = [null];
    check(this.api.uc_context_alloc(this.handle, out), 'uc_context_alloc');
    const context = out[0] as bigint;
    check(this.api.uc_context_save(this.handle, context), 'uc_context_save');
    return context;
  }

  private restoreContext(context: bigint): void {
    try {
      check(this.api.uc_context_restore(this.handle, context), 'uc_context_restore');
    } finally {
      this.api.uc_context_free(context);
    }
  }

  private checkXmm(i: number): void {
    this.ensureOpen();
    if (!Number.isInteger(i) || i < 0 || i > 15) throw new RangeError(`xmm index ${i} is outside 0..15`);
  }

  private ensureOpen(): void {
    if (this.closed) throw new UnicornError('the machine has been closed');
  }
}
