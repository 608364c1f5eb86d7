/**
 * Symbolization: an address becomes `module!symbol+0xoff` the way Windows debuggers print it.
 *
 * Sources, per module, merged and searched for the nearest symbol at or below the address:
 *  - exports (from the file, or from the export directory as mapped in guest memory — which is how
 *    emulated DLLs, having no file, still get names), functions only (forwarders skipped);
 *  - the COFF symbol table when the file has one (mingw EXEs are not stripped by default).
 * Without a symbol the answer is `module+0xoff` (offset from the module base); outside every module,
 * JIT-compiled code is named by the managed runtime's code map (`Ns.Type::Method+0xoff [IL_000c]`,
 * managed-code.ts), a host gate by its gate name, and anything else is the bare address. A module whose
 * symbol sources are corrupt still symbolizes as `module+0xoff`, and the error is kept.
 */
import { PeImage, parsePe, parsePeMapped } from '../../loader/pe';
import { CodeSymbol, readCoffSymbols } from './coff-symbols';
import type { ManagedCodeMap } from './managed-code';

/** What the symbolizer needs of a loaded module (loader's LoadedModule fits). */
export interface SymbolModule {
  readonly name: string;
  readonly path?: string;
  readonly base: bigint;
  readonly size: number;
  readonly emulated?: boolean;
}

/** Reads `length` bytes of a module's image as mapped, from its base. */
export type ModuleMemoryReader = (addr: bigint, length: number) => Uint8Array;

export interface SymbolizerOptions {
  /** The loaded modules (called on each lookup, so later loads are seen). */
  modules: () => readonly SymbolModule[];
  /** The image file of a module, when it has one (for the COFF symbol table and exports). */
  readFile?: (module: SymbolModule) => Uint8Array | undefined;
  /** Guest memory, for modules without a file (emulated DLLs: exports as mapped). */
  readMemory?: ModuleMemoryReader;
  /** The name of a host gate at this address (`emu`'s Gates.nameAt). */
  gateName?: (addr: bigint) => string | undefined;
  /** The managed runtime's code map, once a runtime exists (asked on each lookup). */
  managed?: () => ManagedCodeMap | undefined;
}

export interface ResolvedAddress {
  readonly address: bigint;
  readonly module?: SymbolModule;
  readonly symbol?: string;
  /** Offset from the symbol, or from the module base when there is no symbol. */
  readonly offset: bigint;
  /** `module!symbol+0xoff`, `module+0xoff`, a gate name, or `0x…`. */
  readonly text: string;
}

/** Sorted symbols of one module with nearest-preceding search. */
export class ModuleSymbols {
  private readonly rvas: Uint32Array;
  private readonly names: string[];

  constructor(symbols: readonly CodeSymbol[]) {
    // One name per RVA (exports and COFF symbols often agree): a real name beats an ordinal-only
    // export's `#n`, then the alphabetically first, so the choice does not depend on input order.
    const rank = (s: CodeSymbol) => (s.name.startsWith('#') ? 1 : 0);
    const sorted = [...symbols].sort((a, b) => a.rva - b.rva || rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const unique = sorted.filter((s, i) => i === 0 || sorted[i - 1].rva !== s.rva);
    this.rvas = Uint32Array.from(unique, (s) => s.rva);
    this.names = unique.map((s) => s.name);
  }

  get size(): number {
    return this.rvas.length;
  }

  /** The nearest symbol at or below `rva`. */
  nearest(rva: number): { name: string; offset: number } | undefined {
    let lo = 0;
    let hi = this.rvas.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.rvas[mid] <= rva) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? undefined : { name: this.names[found], offset: rva - this.rvas[found] };
  }

  /** Code symbols of an image: function exports plus the COFF symbol table. */
  static fromImage(image: PeImage, options: { coff?: boolean } = {}): ModuleSymbols {
    const symbols: CodeSymbol[] = [];
    const exports = image.exports;
    if (exports) {
      for (const e of exports.entries) {
        if (e.rva === undefined) continue;
        const section = image.sectionOf(e.rva);
        if (section && (section.characteristics & 0x20000020) === 0) continue; // a data export
        for (const name of e.names.length ? e.names : [`#${e.ordinal}`]) symbols.push({ rva: e.rva, name });
      }
    }
    if (options.coff !== false && !image.mapped) symbols.push(...readCoffSymbols(image));
    return new ModuleSymbols(symbols);
  }

  static fromFile(bytes: Uint8Array, fileName?: string): ModuleSymbols {
    return ModuleSymbols.fromImage(parsePe(bytes, fileName));
  }

  /** Exports of an image as mapped at `base` (emulated DLLs have only this). */
  static fromMapped(read: ModuleMemoryReader, base: bigint, size: number, fileName?: string): ModuleSymbols {
    const image = parsePeMapped(
      {
        read: (rva: number, length: number) => {
          if (rva < 0 || rva + length > size) throw new RangeErrorLike(rva, length, size);
          return read(base + BigInt(rva), length);
        },
      },
      fileName,
    );
    return ModuleSymbols.fromImage(image, { coff: false });
  }
}

/** A read outside the module's mapped size; caught by the symbolizer like any corrupt source. */
class RangeErrorLike extends Error {
  override name = 'ModuleRangeError';
  constructor(rva: number, length: number, size: number) {
    super(`read of ${length} bytes at RVA 0x${rva.toString(16)} is outside the module's 0x${size.toString(16)} bytes`);
  }
}

const hex = (v: bigint) => `0x${v.toString(16)}`;

export class Symbolizer {
  private readonly cache = new Map<string, ModuleSymbols>();
  /** Why a module has no symbols (corrupt file or headers), by module name. */
  readonly errors = new Map<string, Error>();

  constructor(private readonly options: SymbolizerOptions) {}

  /** The module containing `addr`, if any. */
  moduleAt(addr: bigint): SymbolModule | undefined {
    return this.options.modules().find((m) => addr >= m.base && addr < m.base + BigInt(m.size));
  }

  /** `returnAddress`: a stack frame's return address (JIT code then names the call's IL position). */
  resolve(addr: bigint, returnAddress = false): ResolvedAddress {
    const module = this.moduleAt(addr);
    if (!module) {
      const managed = this.options.managed?.()?.locate(addr, returnAddress);
      if (managed) return { address: addr, symbol: managed.method, offset: managed.offset, text: managed.text };
      const gate = this.options.gateName?.(addr);
      return { address: addr, symbol: gate, offset: 0n, text: gate ?? `0x${addr.toString(16).padStart(16, '0')}` };
    }
    const rva = addr - module.base;
    const near = this.symbolsOf(module).nearest(Number(rva));
    if (!near) return { address: addr, module, offset: rva, text: `${module.name}+${hex(rva)}` };
    const offset = BigInt(near.offset);
    return { address: addr, module, symbol: near.name, offset, text: `${module.name}!${near.name}${offset ? `+${hex(offset)}` : ''}` };
  }

  /** `module!symbol+0xoff` (see `resolve`). */
  readonly symbolize = (addr: bigint): string => this.resolve(addr).text;

  symbolsOf(module: SymbolModule): ModuleSymbols {
    const key = `${module.name}@${module.base.toString(16)}`;
    let symbols = this.cache.get(key);
    if (!symbols) {
      symbols = this.load(module);
      this.cache.set(key, symbols);
    }
    return symbols;
  }

  private load(module: SymbolModule): ModuleSymbols {
    try {
      const bytes = module.emulated ? undefined : this.options.readFile?.(module);
      if (bytes) return ModuleSymbols.fromFile(bytes, module.name);
      if (this.options.readMemory) return ModuleSymbols.fromMapped(this.options.readMemory, module.base, module.size, module.name);
    } catch (err) {
      this.errors.set(module.name, err instanceof Error ? err : new Error(String(err)));
    }
    return new ModuleSymbols([]);
  }
}
