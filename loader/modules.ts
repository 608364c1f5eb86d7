/**
 * The module manager: which images are in the process, where, and in what state.
 *
 * Loading a module (the EXE at start-up, its imports, LoadLibrary later) follows Windows' order:
 * a plain DLL name is first looked up among the known DLLs (our emulated system DLLs), then in
 * the application directory; a DLL found nowhere fails with STATUS_DLL_NOT_FOUND. A mapped image
 * is recorded (LDR entry, load-order list) before its own imports are bound, so import cycles
 * terminate; it joins the initialization queue after its dependencies, so initialization runs
 * in dependency order: TLS callbacks, then DllMain(DLL_PROCESS_ATTACH).
 *
 * GetProcAddress and import binding both go through `findExport` over the export directory in
 * guest memory, for mapped and emulated DLLs alike.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Machine } from '../emu';
import { UnimplementedApiError } from './dlls/api';
import { buildEmulatedDll, emulatedDllSize } from './dlls/gate-dll';
import { normalizeDllName, type DllRegistry } from './dlls/registry';
import { findExport } from './image/exports';
import { bindImports } from './image/imports';
import { mapImage, protectImage, type MappedImage } from './image/map';
import type { ImageTls, ImplicitTls } from './image/tls';
import type { LoadedModule, ModuleManager, Os } from './os';
import { parsePe, type PeImage } from './pe';
import { DllInitFailedError, DllNotFoundError, ImportNotFoundError, LoaderError, NtStatus } from './process/errors';
import type { ProcessSpace } from './process/process';

/** DllMain / TLS callback reasons. */
export const enum DllReason {
  /** DLL_PROCESS_DETACH. */
  ProcessDetach = 0,
  /** DLL_PROCESS_ATTACH. */
  ProcessAttach = 1,
}

/** Forwarder chains longer than this are a loop. */
const MAX_FORWARDER_DEPTH = 16;
/** Largest file we read as a DLL. */
const MAX_DLL_FILE = 0x1000_0000;

export interface ModuleRecord extends LoadedModule {
  /** Parsed image (mapped modules only). */
  readonly pe?: PeImage;
  readonly mapped?: MappedImage;
  readonly ldrEntry: bigint;
  /** References held by LoadLibrary; static imports pin a module. */
  refs: number;
  pinned: boolean;
  initialized: boolean;
  tls?: ImageTls;
  isDll: boolean;
}

export interface ModuleHost {
  readonly machine: Machine;
  readonly registry: DllRegistry;
  readonly space: ProcessSpace;
  readonly tls: ImplicitTls;
  /** The OS object (created after the manager, hence a function). */
  os(): Os;
  trace(message: string): void;
  /** Host directory of the EXE (where DLLs beside it are found). */
  readonly hostAppDirectory: string;
  /** The guest's name for that directory, e.g. `C:\app`. */
  readonly guestAppDirectory: string;
  readonly forceRebase: boolean;
}

export class Modules implements ModuleManager {
  private readonly records: ModuleRecord[] = [];
  private readonly byLowerName = new Map<string, ModuleRecord>();
  private readonly initQueue: ModuleRecord[] = [];
  private readonly unimplementedGates = new Map<string, bigint>();
  /** Mapped DLLs in the order their DllMain ran (process exit notifies them in reverse). */
  private readonly initialized: ModuleRecord[] = [];
  private mainRecord?: ModuleRecord;

  constructor(private readonly host: ModuleHost) {}

  get main(): ModuleRecord {
    if (!this.mainRecord) throw new LoaderError(NtStatus.InvalidImageFormat, 'no main image is loaded');
    return this.mainRecord;
  }

  list(): readonly ModuleRecord[] {
    return this.records;
  }

  /**
   * Maps the EXE and everything it imports. Nothing runs yet: `initializeDlls`, then the EXE's TLS
   * callbacks, then its entry point, are the caller's next steps. `beforeImports` lets the managed
   * hand-off rewrite the image (mscoree's _CorValidateImage) before its imports are bound.
   */
  loadMain(
    hostPath: string,
    pe: PeImage,
    options: { allowPe32: boolean; preload?: readonly string[]; afterMapped?: () => void; beforeImports?: (m: ModuleRecord) => PeImage },
  ): ModuleRecord {
    const name = path.basename(hostPath);
    const guestPath = `${this.host.guestAppDirectory}\\${name}`;
    const record = this.mapFile(name, guestPath, pe, options.allowPe32);
    this.mainRecord = record;
    this.host.space.setMainImage(record.base, pe.optionalHeader.subsystem, pe.optionalHeader.majorSubsystemVersion, pe.optionalHeader.minorSubsystemVersion);
    options.afterMapped?.();
    // Windows maps ntdll and kernel32 into every process, right after the EXE.
    for (const dll of options.preload ?? []) this.loadDll(dll, name).pinned = true;
    const finalPe = options.beforeImports ? options.beforeImports(record) : pe;
    this.bindAndFinish(record, finalPe);
    return record;
  }

  /**
   * Runs TLS callbacks and DllMain for DLLs mapped but not yet initialized, dependencies first.
   * `processStartup`: the static imports of a starting process, for which Windows passes a
   * non-null lpReserved to DllMain (LoadLibrary passes null).
   */
  initializeDlls(processStartup = false): void {
    while (this.initQueue.length > 0) {
      const m = this.initQueue.shift()!;
      if (m.initialized || !m.isDll) continue;
      this.initialize(m, processStartup ? 1n : 0n);
    }
  }

  /** The EXE's TLS callbacks (PROCESS_ATTACH), just before its entry point. */
  runMainTlsCallbacks(): void {
    const m = this.main;
    this.runTlsCallbacks(m, DllReason.ProcessAttach);
    // The EXE is not on the initialization-order list (on Windows it starts with ntdll).
    m.initialized = true;
  }

  byName(name: string | null): ModuleRecord | undefined {
    if (name === null) return this.mainRecord;
    const file = name.replace(/^.*[\\/]/, '').toLowerCase();
    const direct = this.byLowerName.get(file) ?? this.byLowerName.get(file.includes('.') ? file : `${file}.dll`);
    if (direct) return direct;
    const canonical = this.host.registry.canonicalName(file);
    return canonical ? this.byLowerName.get(canonical.toLowerCase()) : undefined;
  }

  byAddress(addr: bigint): ModuleRecord | undefined {
    return this.records.find((m) => addr >= m.base && addr < m.base + BigInt(m.size));
  }

  exportAddress(module: LoadedModule, nameOrOrdinal: string | number): bigint | undefined {
    return this.resolveExport(module as ModuleRecord, nameOrOrdinal, 0);
  }

  /** LoadLibrary: find or map, bind, initialize; each call takes a reference. */
  load(name: string): ModuleRecord {
    const m = this.loadDll(name, `LoadLibrary in ${this.mainRecord?.name ?? 'the process'}`);
    m.refs++;
    this.initializeDlls();
    return m;
  }

  /** FreeLibrary: drops a reference; the last reference of a dynamically loaded DLL unloads it. */
  free(base: bigint): boolean {
    const m = this.records.find((r) => r.base === base);
    if (!m || m === this.mainRecord) return m === this.mainRecord;
    if (m.refs > 0) m.refs--;
    if (m.refs > 0 || m.pinned || m.emulated) return true;
    this.host.trace(`unloading ${m.name}`);
    if (m.initialized && m.isDll && m.entryPoint !== 0n) this.host.os().callGuest(m.entryPoint, [m.base, BigInt(DllReason.ProcessDetach), 0n]);
    this.host.space.ldr.remove(m.ldrEntry);
    this.records.splice(this.records.indexOf(m), 1);
    this.byLowerName.delete(m.name.toLowerCase());
    this.host.machine.memory.release(m.base);
    return true;
  }

  /** Finds or maps a DLL by name: known (emulated) DLLs first, then the application directory. */
  private loadDll(requested: string, importer: string): ModuleRecord {
    const existing = this.byName(requested);
    if (existing) return existing;
    const def = this.host.registry.lookup(requested);
    if (def) return this.mapEmulated(def.name);
    const file = this.findInAppDirectory(requested);
    if (!file) throw new DllNotFoundError(requested, importer);
    let bytes: Uint8Array;
    try {
      const stat = fs.statSync(file);
      if (stat.size > MAX_DLL_FILE) throw new LoaderError(NtStatus.InvalidImageFormat, `${requested}: ${stat.size} bytes is too large for an image`);
      bytes = fs.readFileSync(file);
    } catch (err) {
      if (err instanceof LoaderError) throw err;
      throw new DllNotFoundError(requested, importer);
    }
    const name = path.basename(file);
    const pe = parsePe(bytes, name);
    this.host.trace(`parsed ${name} (${pe.is64 ? 'PE32+' : 'PE32'}, ${pe.isDll ? 'DLL' : 'EXE'}${pe.isManaged ? ', managed' : ''})`);
    const record = this.mapFile(name, `${this.host.guestAppDirectory}\\${name}`, pe, false);
    this.bindAndFinish(record, pe);
    return record;
  }

  private mapEmulated(name: string): ModuleRecord {
    const { machine, registry, space } = this.host;
    const def = registry.lookup(name)!;
    const base = registry.baseOf(name)!;
    const size = emulatedDllSize(def);
    try {
      machine.memory.reserve(size, { at: base });
    } catch {
      throw new LoaderError(NtStatus.NoMemory, `the range for emulated ${def.name} at 0x${base.toString(16)} is taken`);
    }
    const image = buildEmulatedDll(machine, this.host.os(), def, base);
    const guestPath = `C:\\Windows\\System32\\${def.name}`;
    const ldrEntry = space.ldr.add({ base, entryPoint: 0n, sizeOfImage: image.size, fullName: guestPath, baseName: def.name, isDll: true, timeDateStamp: 0 });
    // Emulated DLLs are ready as soon as they are mapped: they join the initialization order now.
    space.ldr.markInitialized(ldrEntry);
    const record: ModuleRecord = {
      name: def.name, path: guestPath, base, size: image.size, entryPoint: 0n, emulated: true,
      ldrEntry, refs: 0, pinned: true, initialized: true, isDll: true,
    };
    this.add(record);
    this.host.trace(`loaded emulated ${def.name} at 0x${base.toString(16)} (${Object.keys(def.exports).length} exports)`);
    return record;
  }

  private mapFile(name: string, guestPath: string, pe: PeImage, allowPe32: boolean): ModuleRecord {
    const { machine, space } = this.host;
    const mapped = mapImage(machine.memory, pe, { name, forceRebase: this.host.forceRebase, allowPe32 });
    const preferred = pe.optionalHeader.imageBase;
    this.host.trace(`mapped ${name} at 0x${mapped.base.toString(16)}` + (mapped.delta !== 0n ? ` (preferred 0x${preferred.toString(16)}; relocated by ${signedHex(mapped.delta)}, ${mapped.relocationsApplied} fix-ups)` : ''));
    const entryRva = pe.optionalHeader.addressOfEntryPoint;
    const entryPoint = entryRva === 0 ? 0n : mapped.base + BigInt(entryRva);
    const ldrEntry = space.ldr.add({
      base: mapped.base, entryPoint, sizeOfImage: pe.optionalHeader.sizeOfImage, fullName: guestPath, baseName: name,
      isDll: pe.isDll, timeDateStamp: pe.fileHeader.timeDateStamp,
    });
    const record: ModuleRecord = {
      name, path: guestPath, base: mapped.base, size: mapped.size, entryPoint, emulated: false, pe, mapped, ldrEntry,
      refs: 0, pinned: false, initialized: false, isDll: pe.isDll,
    };
    this.add(record);
    return record;
  }

  /** Imports, protections, TLS; then queue for initialization (after its dependencies). */
  private bindAndFinish(record: ModuleRecord, pe: PeImage): void {
    const mapped = record.mapped!;
    const current = pe === mapped.pe ? mapped : { ...mapped, pe };
    const bound = bindImports(this.host.machine.memory, current, record.name, {
      loadDependency: (dll, importer) => {
        const dep = this.loadDll(dll, importer);
        // Static imports keep their DLL loaded for the life of the process.
        dep.pinned = true;
        return dep.name;
      },
      resolve: (dll, symbol, importer) => this.resolveImport(dll, symbol, importer),
    });
    for (const b of bound) {
      const sym = typeof b.symbol === 'number' ? `#${b.symbol}` : b.symbol;
      this.host.trace(b.unimplemented ? `import ${record.name} -> ${b.dll}!${sym}: UNIMPLEMENTED (raises UnimplementedApiError if called)` : `import ${record.name} -> ${b.dll}!${sym} = 0x${b.address.toString(16)}`);
    }
    protectImage(this.host.machine.memory, current);
    this.host.machine.flushCode(record.base, record.size);
    const tls = this.host.tls.setup(current, record.name);
    if (tls) {
      record.tls = tls;
      this.host.trace(`TLS for ${record.name}: index ${tls.index}, ${tls.templateSize}-byte template, block at 0x${tls.block.toString(16)}`);
    }
    if (record.isDll) this.initQueue.push(record);
  }

  private resolveImport(dll: string, symbol: string | number, importer: string): { address: bigint; unimplemented: boolean } {
    const m = this.byName(dll);
    if (!m) throw new DllNotFoundError(dll, importer);
    const address = this.resolveExport(m, symbol, 0);
    if (address !== undefined) return { address, unimplemented: false };
    if (!m.emulated) throw new ImportNotFoundError(m.name, symbol, importer);
    return { address: this.unimplementedGate(m.name, symbol), unimplemented: true };
  }

  private resolveExport(m: ModuleRecord, symbol: string | number, depth: number): bigint | undefined {
    const target = findExport(this.host.machine.memory, m.base, m.size, m.name, symbol);
    if (!target) return undefined;
    if (target.kind === 'address') return target.address;
    if (depth >= MAX_FORWARDER_DEPTH) throw new LoaderError(NtStatus.EntryPointNotFound, `${m.name}!${String(symbol)}: forwarder chain too long`);
    const next = this.loadDll(target.dll, m.name);
    return this.resolveExport(next, target.symbol, depth + 1);
  }

  private unimplementedGate(dll: string, symbol: string | number): bigint {
    const label = typeof symbol === 'number' ? `#${symbol}` : symbol;
    const key = `${dll}!${label}`;
    let gate = this.unimplementedGates.get(key);
    if (gate === undefined) {
      gate = this.host.machine.gates.define(key, () => {
        throw new UnimplementedApiError(dll, label);
      });
      this.unimplementedGates.set(key, gate);
    }
    return gate;
  }

  /**
   * Process exit, as LdrShutdownProcess does it: each initialized DLL in reverse initialization
   * order gets its TLS callbacks and DllMain with DLL_PROCESS_DETACH (lpReserved non-null: the
   * process is terminating), then the EXE's TLS callbacks.
   */
  detachAll(): void {
    for (const m of [...this.initialized].reverse()) {
      if (!this.records.includes(m)) continue;
      this.runTlsCallbacks(m, DllReason.ProcessDetach);
      if (m.entryPoint === 0n) continue;
      this.host.trace(`DllMain ${m.name} (DLL_PROCESS_DETACH) at 0x${m.entryPoint.toString(16)}`);
      this.host.os().callGuest(m.entryPoint, [m.base, BigInt(DllReason.ProcessDetach), 1n]);
    }
    if (this.mainRecord?.initialized) this.runTlsCallbacks(this.mainRecord, DllReason.ProcessDetach);
  }

  private initialize(m: ModuleRecord, reserved: bigint): void {
    m.initialized = true;
    this.initialized.push(m);
    this.runTlsCallbacks(m, DllReason.ProcessAttach);
    this.host.space.ldr.markInitialized(m.ldrEntry);
    if (m.entryPoint === 0n) return;
    this.host.trace(`DllMain ${m.name} (DLL_PROCESS_ATTACH) at 0x${m.entryPoint.toString(16)}`);
    const ok = this.host.os().callGuest(m.entryPoint, [m.base, BigInt(DllReason.ProcessAttach), reserved]);
    if ((ok & 0xffff_ffffn) === 0n) throw new DllInitFailedError(m.name);
  }

  private runTlsCallbacks(m: ModuleRecord, reason: DllReason): void {
    if (!m.tls) return;
    const callbacks = this.host.tls.callbacks(m.tls, m, m.name);
    callbacks.forEach((cb, i) => {
      this.host.trace(`TLS callback ${i + 1}/${callbacks.length} of ${m.name} at 0x${cb.toString(16)} (reason ${reason})`);
      this.host.os().callGuest(cb, [m.base, BigInt(reason), 0n]);
    });
  }

  private findInAppDirectory(requested: string): string | undefined {
    const wanted = normalizeDllName(requested);
    let entries: string[];
    try {
      entries = fs.readdirSync(this.host.hostAppDirectory);
    } catch {
      return undefined;
    }
    const hit = entries.find((e) => e.toLowerCase() === wanted);
    return hit ? path.join(this.host.hostAppDirectory, hit) : undefined;
  }

  private add(record: ModuleRecord): void {
    this.records.push(record);
    this.byLowerName.set(record.name.toLowerCase(), record);
  }
}

function signedHex(v: bigint): string {
  return v < 0n ? `-0x${(-v).toString(16)}` : `+0x${v.toString(16)}`;
}
