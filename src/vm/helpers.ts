/**
 * The JIT helpers (`JitHelper` in src/jit/host.ts) as host gates.
 *
 *  - throw helpers (RCX = IL offset of the failing instruction, never return) and Throw (RCX = the
 *    exception object): the exception is built by its managed constructor with the .NET Framework
 *    message and dispatched from the call site (src/vm/exceptions: two passes, catchable by C#);
 *  - `raise`, for every runtime gate that fails with a managed exception: see its comment;
 *  - NewArray (RCX = array MethodTable, RDX = length): allocates from the managed heap; a negative
 *    length is an OverflowException (§III.4.20), as is a length past the CLR's limit;
 *  - FloatRemainder: fmod, which is what JavaScript's `%` computes on doubles (§III.3.55);
 *  - StoreElementRef (RCX = array, RDX = index, R8 = value): `stelem.ref` with the null, bounds
 *    and covariance checks of §III.4.26 — the value's class must be the element type or derive
 *    from it (ArrayTypeMismatchException otherwise); interface element types and covariant
 *    arrays of arrays are a named NotSupportedYetError until the type system can answer them.
 * An allocation the managed heap cannot satisfy even after a collection raises
 * System.OutOfMemoryException, with the message .NET Framework gives it.
 * The allocation and fmod gates are leaf gates (they never re-enter the guest), the fast kind.
 * When a collection has queued finalizers, an allocation gate returns through `clr!RunFinalizers`
 * (a non-leaf gate it jumps to with the new object in RAX): there the finalizers run as nested
 * guest calls, RAX is restored, and the stub's `ret` goes back to the allocating code. That makes
 * every allocation site a finalization safe point (src/vm/gc/README.md "Finalization").
 */
import type { GateCall } from '../../emu';
import { JitHelper } from '../jit/host';
import { HeapExhaustedError, UnhandledManagedException, VmError } from './errors';
import { formatFrame, ManagedRaise } from './exceptions';
import { MAX_ARRAY_LENGTH } from './objects';
import type { Runtime } from './runtime';

/** The exception each throw helper raises, with the message .NET Framework gives it. */
const THROWN: Partial<Record<JitHelper, { type: string; message: string }>> = {
  [JitHelper.ThrowOverflow]: { type: 'System.OverflowException', message: 'Arithmetic operation resulted in an overflow.' },
  [JitHelper.ThrowDivideByZero]: { type: 'System.DivideByZeroException', message: 'Attempted to divide by zero.' },
  [JitHelper.ThrowIndexOutOfRange]: { type: 'System.IndexOutOfRangeException', message: 'Index was outside the bounds of the array.' },
  [JitHelper.ThrowNullReference]: { type: 'System.NullReferenceException', message: 'Object reference not set to an instance of an object.' },
  [JitHelper.ThrowNotFinite]: { type: 'System.ArithmeticException', message: 'Overflow or underflow in the arithmetic operation.' },
};

export class JitHelpers {
  private readonly gates = new Map<JitHelper, bigint>();
  private runFinalizersGate = 0n;

  constructor(private readonly rt: Runtime) {}

  /** The gate address of helper `h`, defined on first use. */
  address(h: JitHelper): bigint {
    let at = this.gates.get(h);
    if (at !== undefined) return at;
    const g = this.rt.machine.gates;
    const thrown = THROWN[h];
    if (thrown) {
      at = g.define(`clr!Throw:${thrown.type}`, (call) => this.rt.exceptions.raiseAt(call, new ManagedRaise(thrown.type, thrown.message)));
    } else if (h === JitHelper.NewArray) {
      at = g.define('clr!NewArray', (call) => this.newArray(call), { leaf: true });
    } else if (h === JitHelper.FloatRemainder) {
      at = g.define('clr!FloatRemainder', (call) => call.returnF64(call.argF64(0) % call.argF64(1)), { leaf: true });
    } else if (h === JitHelper.NewObject) {
      at = g.define('clr!NewObject', (call) => this.newObject(call), { leaf: true });
    } else if (h === JitHelper.Throw) {
      at = g.define('clr!Throw', (call) => this.rt.exceptions.throwAt(call, call.arg(0)));
    } else if (h === JitHelper.Rethrow) {
      at = g.define('clr!Rethrow', (call) => this.rt.exceptions.throwAt(call, call.arg(0), true));
    } else {
      throw new VmError(`JIT helper ${h as number} is not provided by the runtime`);
    }
    this.gates.set(h, at);
    return at;
  }

  private newArray(call: GateCall): bigint {
    const mt = call.arg(0);
    const length = BigInt.asIntN(64, call.arg(1));
    const type = this.rt.types.typeOfMethodTable(mt);
    if (!type) throw new VmError(`NewArray: 0x${mt.toString(16)} is not a MethodTable of this runtime`);
    if (length < 0n || length > BigInt(MAX_ARRAY_LENGTH)) {
      return this.raise('System.OverflowException', 'Arithmetic operation resulted in an overflow.', call);
    }
    return this.afterAllocation(call, this.outOfMemoryAsException(call, () => this.rt.objects.allocArray(type, Number(length))));
  }

  private newObject(call: GateCall): bigint {
    const mt = call.arg(0);
    const type = this.rt.types.typeOfMethodTable(mt);
    if (!type) throw new VmError(`NewObject: 0x${mt.toString(16)} is not a MethodTable of this runtime`);
    return this.afterAllocation(call, this.outOfMemoryAsException(call, () => this.rt.objects.allocObject(type)));
  }

  /** Runs an allocation; a managed heap that cannot satisfy it raises OutOfMemoryException. */
  private outOfMemoryAsException(call: GateCall, allocate: () => bigint): bigint {
    try {
      return allocate();
    } catch (err) {
      if (!(err instanceof HeapExhaustedError)) throw err;
      return this.raise('System.OutOfMemoryException', "Exception of type 'System.OutOfMemoryException' was thrown.", call);
    }
  }

  /** Returns `obj`, through the finalizer gate when finalizers are waiting. */
  private afterAllocation(call: GateCall, obj: bigint): bigint {
    if (this.rt.gc.canRunFinalizers) {
      if (this.runFinalizersGate === 0n) this.runFinalizersGate = this.rt.machine.gates.define('clr!RunFinalizers', () => this.rt.gc.runPendingFinalizers());
      call.jump(this.runFinalizersGate);
    }
    return obj;
  }

  /**
   * Raises managed exception `type` with `message` from the gate call `call`. Callers write
   * `return rt.helpers.raise(…)` as the last thing their handler does:
   *  - inside `rt.exceptions.guard` it throws a ManagedRaise, which the guard dispatches;
   *  - in the runtime's own `clr!` gates (whose handlers return this result directly) it sets the
   *    gate to continue at the pending-raise gate and returns nothing: the exception is then built
   *    and dispatched from the same call site, catchable by managed code (leaf gates too);
   *  - in other gates (icall!, pinvoke!), whose result goes through a conversion that cannot take
   *    "nothing", the exception is unhandled: the runtime's policy reports it with the frame at
   *    the call site. Wrapping those handlers in `rt.exceptions.guard` makes them catchable.
   */
  raise(type: string, message: string, call: GateCall): never {
    const raise = new ManagedRaise(type, message);
    if (this.rt.exceptions.isGuarded(call)) throw raise;
    if (call.name.startsWith('clr!')) {
      this.rt.exceptions.raiseLater(call, raise);
      // The gate machinery continues at the pending-raise gate; the handler's result is unused.
      return undefined as never;
    }
    const method = this.rt.code.methodAt(call.returnAddress);
    return this.rt.unhandled(new UnhandledManagedException(type, message, method ? [formatFrame(this.rt, method)] : []));
  }
}
