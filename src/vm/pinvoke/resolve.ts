/**
 * Resolving a P/Invoke target through the process's module manager, with LoadLibrary and
 * GetProcAddress semantics: the module is found or loaded by name (known emulated DLLs first,
 * then the application directory, as the native loader does), then each candidate export name
 * (import.ts) is looked up, forwarders followed. So `[DllImport("kernel32")]` reaches the very
 * gates a native program's imports bind to.
 */
import type { LoadedModule, Os } from '../../../loader/os';
import { DllNotFoundError, EntryPointNotFoundError } from './errors';
import { entryPointCandidates, type PInvokeImport } from './import';

export interface ResolvedTarget {
  readonly module: LoadedModule;
  /** The export name that matched. */
  readonly name: string;
  readonly address: bigint;
}

export function resolvePInvokeTarget(os: Os, method: string, imp: PInvokeImport): ResolvedTarget {
  let module: LoadedModule;
  try {
    module = os.modules.byName(imp.module) ?? os.modules.load(imp.module);
  } catch (e) {
    // As the CLR probes: a name with a dot but no .dll (`System.Native`) is LoadLibrary'd as given,
    // which appends no extension, then with `.dll` appended.
    const withDll = /\.(dll|exe)$/i.test(imp.module) ? undefined : `${imp.module}.dll`;
    const found = withDll === undefined ? undefined : tryLoad(os, withDll);
    if (!found) throw new DllNotFoundError(method, imp.module, e instanceof Error ? e.message : String(e));
    module = found;
  }
  const tried = entryPointCandidates(imp);
  for (const name of tried) {
    const symbol: string | number = /^#\d+$/.test(name) ? Number(name.slice(1)) : name;
    const address = os.modules.exportAddress(module, symbol);
    if (address !== undefined) return { module, name, address };
  }
  throw new EntryPointNotFoundError(method, module.name, tried);
}

function tryLoad(os: Os, name: string): LoadedModule | undefined {
  try {
    return os.modules.byName(name) ?? os.modules.load(name);
  } catch {
    return undefined; // the caller reports the first name's failure
  }
}
