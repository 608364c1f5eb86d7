/**
 * The icall registry: Mono's internal calls implemented in TypeScript, keyed by Mono's full
 * names (mono/metadata/icall-def.h groups them by class; icall.c `mono_lookup_internal_call_full`
 * looks a method up as `Type::Name(sig)` first, then as `Type::Name`). An entry registered with a
 * signature serves one overload; an entry registered without one serves every overload of that
 * name, so only unique names are registered that way.
 *
 * Each entry declares its argument and result kinds (signature.ts), like the emulated DLLs'
 * `fn` declarations do; the binder checks them against the method's metadata signature before
 * the first call, so a declaration can never silently read the wrong register.
 *
 * One registry per runtime; group files (`math.ts`, `environment.ts` …) export `IcallTable`s.
 */
import type { GateCall } from '../../../emu';
import type { Os } from '../../../loader/os';
import type { MethodDesc } from '../method-desc';
import type { Runtime } from '../runtime';
import { IcallProcessRequiredError } from './errors';
import type { IcallKind, IcallRetKind } from './signature';

type KindValue<K extends IcallKind> = K extends 'bool' ? boolean : K extends 'char' | 'i32' | 'u32' | 'f32' | 'f64' ? number : bigint;
type RetValue<R extends IcallRetKind> = R extends 'void' ? void : R extends IcallKind ? KindValue<R> : never;
export type KindValues<A extends readonly IcallKind[]> = { [I in keyof A]: A[I] extends IcallKind ? KindValue<A[I]> : never };

/** What an implementation receives besides its decoded arguments. */
export class IcallContext {
  constructor(
    readonly rt: Runtime,
    readonly call: GateCall,
    /** The method being called. */
    readonly method: MethodDesc,
    /** The icall's registry key (for errors). */
    readonly icall: string,
  ) {}

  /** The emulated process; a named error when the runtime has none. */
  os(needs: string): Os {
    const os = this.rt.os;
    if (!os) throw new IcallProcessRequiredError(this.icall, needs);
    return os;
  }
}

export interface IcallDefinition {
  /** Registry key: `Type::Name(sig)` or `Type::Name`. */
  readonly key: string;
  readonly args: readonly IcallKind[];
  readonly ret: IcallRetKind;
  /** False when the implementation calls back into the guest (a non-leaf gate). */
  readonly leaf: boolean;
  readonly impl: (ctx: IcallContext, ...args: never[]) => unknown;
}

export type IcallTable = readonly IcallDefinition[];

/** Declares an icall. `args` include `this` first for an instance method. */
export function icall<const A extends readonly IcallKind[], R extends IcallRetKind>(
  key: string,
  args: A,
  ret: R,
  impl: (ctx: IcallContext, ...args: KindValues<A>) => RetValue<R>,
  options: { leaf?: boolean } = {},
): IcallDefinition {
  return { key, args, ret, leaf: options.leaf ?? true, impl: impl as unknown as IcallDefinition['impl'] };
}

/** A key registered twice is a programming error, caught when the registry is built. */
export class DuplicateIcallError extends Error {
  override name = 'DuplicateIcallError';
  constructor(readonly key: string) {
    super(`icall ${key} is registered twice`);
  }
}

export class IcallRegistry {
  private readonly entries = new Map<string, IcallDefinition>();

  constructor(tables: readonly IcallTable[] = []) {
    for (const t of tables) this.add(t);
  }

  add(table: IcallTable): void {
    for (const d of table) {
      if (this.entries.has(d.key)) throw new DuplicateIcallError(d.key);
      this.entries.set(d.key, d);
    }
  }

  /** Mono's lookup order: the full name with the signature, then the name alone. */
  lookup(fullName: string, shortName: string): IcallDefinition | undefined {
    return this.entries.get(fullName) ?? this.entries.get(shortName);
  }

  /** Every registered icall, sorted by key (for the README table). */
  list(): IcallDefinition[] {
    return [...this.entries.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
