/**
 * Per-runtime state of the internal calls: the registry, and what Mono keeps in its runtime for
 * them (the exit code `Environment.ExitCode` sets, the ephemeron tombstone, the native strings
 * `SafeStringMarshal.StringToUtf8` handed out, runtime field handles for `InitializeArray`).
 * One instance per Runtime; nothing is module-level.
 */
import type { Runtime } from '../runtime';
import type { FieldDesc } from '../type-desc';
import { defaultIcallTables } from './tables';
import { IcallRegistry } from './registry';

/** Size of the guest cell behind a RuntimeFieldHandle: the declaring MethodTable and the Field row. */
const FIELD_HANDLE_SIZE = 16;

export class IcallRuntime {
  readonly registry = new IcallRegistry(defaultIcallTables());
  /** `Environment.ExitCode`: what a void Main's process exits with. */
  exitCode = 0;
  /** `GC.get_ephemeron_tombstone`: one sentinel object per runtime, made on first use. */
  tombstone = 0n;
  /** Emulated Win32 exports the icalls call (win32.ts), by `dll!name`. */
  readonly win32Exports = new Map<string, bigint>();
  /** A 16-byte loader-heap cell for the out parameters of those calls, 0 until first used. */
  scratch = 0n;
  /** Native UTF-8 strings from `StringToUtf8` not yet passed to `GFree`. */
  readonly liveUtf8 = new Set<bigint>();
  /** GPtrArray blocks the `*_native` reflection icalls returned, not yet passed to `GPtrArrayFree`. */
  readonly liveGPtrArrays = new Set<bigint>();
  /** The AppDomain and AppDomainSetup objects (src/vm/startup.ts), 0 until made. */
  appDomain = 0n;
  appDomainSetup = 0n;
  private readonly fieldHandles = new Map<FieldDesc, bigint>();
  private readonly fieldsByHandle = new Map<bigint, FieldDesc>();

  constructor(private readonly rt: Runtime) {}

  /**
   * The RuntimeFieldHandle value of `field` (what `ldtoken field` pushes): a loader-heap cell
   * holding the declaring type's MethodTable and the Field row, unique per field.
   */
  fieldHandle(field: FieldDesc): bigint {
    let h = this.fieldHandles.get(field);
    if (h !== undefined) return h;
    h = this.rt.heaps.loader.alloc(FIELD_HANDLE_SIZE, 8);
    this.rt.machine.memory.setU64(h, this.rt.types.ensureLoaded(field.declaringType).methodTable);
    this.rt.machine.memory.setU32(h + 8n, field.row);
    this.fieldHandles.set(field, h);
    this.fieldsByHandle.set(h, field);
    return h;
  }

  /** The field behind a RuntimeFieldHandle value, or undefined when it is not one. */
  fieldByHandle(handle: bigint): FieldDesc | undefined {
    return this.fieldsByHandle.get(handle);
  }
}

