/**
 * Which instructions a trace keeps: those inside any of the given address ranges or managed methods,
 * and inside any of the given modules (each kind of filter applies only when given; addresses and
 * modules both given means both must hold).
 *
 * Managed methods (`--trace-method Ns.Type::Method[(params)]`) are looked up in the managed
 * runtime's code map when an instruction is first seen: a method compiled after the run started is
 * traced from its first instruction, without knowing its address in advance. The filter remembers
 * which selectors matched anything, so the run can say which named no code that ran.
 *
 * Ranges are half-open `[begin, end)` and written `0xBEGIN-0xEND` (hex with or without `0x`, or
 * decimal). Modules are matched by file name, case-insensitively as Windows does, `.dll` optional
 * (`--trace-module kernel32` finds `KERNEL32.dll`), against the modules loaded when an instruction is
 * first seen, so a DLL loaded late is traced from its first instruction. The decision is made once
 * per decoded instruction and cached with it.
 */
import type { ManagedCodeMap, MethodSelector } from './managed-code';
import { TraceOptionError } from './trace-errors';

/** A half-open guest address range. */
export interface AddressRange {
  readonly begin: bigint;
  readonly end: bigint;
}

/** What the filter needs of a loaded module (loader's LoadedModule fits). */
export interface FilterModule {
  readonly name: string;
  readonly base: bigint;
  readonly size: number;
}

function parseAddress(text: string, option: string, whole: string): bigint {
  const t = text.trim();
  const hex = /^(0x)?[0-9a-f]+$/i.test(t) && (/^0x/i.test(t) || /[a-f]/i.test(t));
  if (hex) return BigInt(/^0x/i.test(t) ? t : `0x${t}`);
  if (/^[0-9]+$/.test(t)) return BigInt(t);
  throw new TraceOptionError(option, whole, `${JSON.stringify(text)} is not an address (write 0x140001000 or a decimal number)`);
}

/** Parses `0xBEGIN-0xEND` (end exclusive); `option` names the flag in errors. */
export function parseAddressRange(text: string, option = '--trace-range'): AddressRange {
  const parts = text.split('-');
  if (parts.length !== 2 || parts[0].trim() === '' || parts[1].trim() === '') {
    throw new TraceOptionError(option, text, 'expected BEGIN-END, e.g. 0x140001000-0x140002000');
  }
  const begin = parseAddress(parts[0], option, text);
  const end = parseAddress(parts[1], option, text);
  if (end <= begin) throw new TraceOptionError(option, text, 'the end must be above the beginning (the range is [begin, end))');
  if (end > 1n << 64n) throw new TraceOptionError(option, text, 'addresses are 64-bit');
  return { begin, end };
}

/** Lower-cased name without a trailing `.dll`, as Windows compares module names. */
export function moduleKey(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.dll') ? lower.slice(0, -4) : lower;
}

export class TraceFilter {
  private readonly moduleKeys: ReadonlySet<string>;
  /** Selectors that matched at least one instruction. */
  readonly matchedMethods = new Set<MethodSelector>();

  constructor(
    readonly ranges: readonly AddressRange[] = [],
    modules: readonly string[] = [],
    private readonly loaded: () => readonly FilterModule[] = () => [],
    readonly methods: readonly MethodSelector[] = [],
    private readonly managed: () => ManagedCodeMap | undefined = () => undefined,
  ) {
    this.moduleKeys = new Set(modules.map(moduleKey));
  }

  /** True when there is nothing to filter (every instruction is kept). */
  get keepsAll(): boolean {
    return this.ranges.length === 0 && this.moduleKeys.size === 0 && this.methods.length === 0;
  }

  includes(addr: bigint): boolean {
    if (this.ranges.length + this.methods.length > 0 && !this.ranges.some((r) => addr >= r.begin && addr < r.end) && !this.inMethod(addr)) return false;
    if (this.moduleKeys.size > 0) {
      const m = this.loaded().find((x) => addr >= x.base && addr < x.base + BigInt(x.size));
      if (!m || !this.moduleKeys.has(moduleKey(m.name))) return false;
    }
    return true;
  }

  private inMethod(addr: bigint): boolean {
    if (this.methods.length === 0) return false;
    const map = this.managed();
    if (!map) return false;
    let hit = false;
    for (const m of this.methods) {
      if (!map.inMethod(addr, m)) continue;
      this.matchedMethods.add(m);
      hit = true;
    }
    return hit;
  }
}
