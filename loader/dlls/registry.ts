/**
 * The known DLLs: the system DLLs clremu emulates in TypeScript, by lower-case file name.
 *
 * Windows resolves a plain DLL name against its KnownDLLs list before the application
 * directory; our emulated DLLs play that role, so `kernel32.dll`, `msvcrt.dll`, `ntdll.dll` (and,
 * once the runtime registers it, `mscoree.dll`) always bind to the emulation even when a file of
 * that name sits beside the EXE. Each registry entry gets a fixed base in the system-DLL range
 * (0x7FF8… + 16 MiB × registration order) so addresses are stable from run to run.
 *
 * A registry is a plain object, one per run: the runtime's start-up code calls
 * `registerEmulatedDll(mscoree)` on the registry it is given. There is no global mutable state.
 */
import { SYSTEM_DLL_BASE, SYSTEM_DLL_STRIDE } from '../process/layout';
import type { DllDefinition } from './api';
import { kernel32 } from './kernel32';
import { msvcrt } from './msvcrt';
import { ntdll } from './ntdll';
import { systemNative } from './system-native';

export class DllRegistry {
  private readonly dlls = new Map<string, { def: DllDefinition; base: bigint }>();
  private readonly aliases = new Map<string, string>();

  /** Adds (or replaces) an emulated DLL. Replacing keeps its base address. */
  registerEmulatedDll(def: DllDefinition): void {
    const key = normalizeDllName(def.name);
    const existing = this.dlls.get(key);
    const base = existing?.base ?? SYSTEM_DLL_BASE + SYSTEM_DLL_STRIDE * BigInt(this.dlls.size);
    this.dlls.set(key, { def, base });
  }

  /** Makes `alias` resolve to the emulated DLL `target` (both file names). */
  registerAlias(alias: string, target: string): void {
    this.aliases.set(normalizeDllName(alias), normalizeDllName(target));
  }

  /** The emulated DLL for a name (case-insensitive, `.dll` optional, aliases followed). */
  lookup(name: string): DllDefinition | undefined {
    return this.entry(name)?.def;
  }

  /** The fixed base address reserved for an emulated DLL. */
  baseOf(name: string): bigint | undefined {
    return this.entry(name)?.base;
  }

  /** The canonical (registered) file name for `name`, following aliases. */
  canonicalName(name: string): string | undefined {
    const def = this.entry(name)?.def;
    return def?.name;
  }

  has(name: string): boolean {
    return this.entry(name) !== undefined;
  }

  names(): string[] {
    return [...this.dlls.values()].map((e) => e.def.name);
  }

  private entry(name: string): { def: DllDefinition; base: bigint } | undefined {
    const key = normalizeDllName(name);
    return this.dlls.get(this.aliases.get(key) ?? key);
  }
}

/** `KERNEL32` → `kernel32.dll`; paths keep only the file name. */
export function normalizeDllName(name: string): string {
  const file = name.replace(/^.*[\\/]/, '').toLowerCase();
  return file.includes('.') ? file : `${file}.dll`;
}

/**
 * A registry with clremu's emulated system DLLs: ntdll, kernel32, msvcrt, System.Native. The managed runtime
 * adds mscoree.dll to it (registerEmulatedDll) before a run.
 */
export function createKnownDlls(): DllRegistry {
  const registry = new DllRegistry();
  registry.registerEmulatedDll(ntdll);
  registry.registerEmulatedDll(kernel32);
  registry.registerEmulatedDll(msvcrt);
  // The class library's `System.Native` P/Invokes (its Linux build's file system and random numbers).
  registry.registerEmulatedDll(systemNative);
  registry.registerAlias('System.Native', 'System.Native.dll');
  return registry;
}
