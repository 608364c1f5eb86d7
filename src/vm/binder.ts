/**
 * The assembly binder: turns an assembly's simple name into a loaded `Assembly`, probing in the
 * order design.md fixes — the application directory, then the class library directory (Mono's
 * `lib/mono/4.5` by default, `--bcl DIR` or `CLREMU_BCL` to override), then its `Facades/`.
 * Versions and public keys are not checked (Mono's 4.5 profile is the only one there is).
 *
 * Each assembly is opened once, on first reference (the corlib included: nothing is loaded before
 * something asks for it), and its metadata stays lazily read.
 */
import * as fs from 'fs';
import * as path from 'path';
import { openAssembly, type MetadataReader } from '../metadata';
import type { StartupProfile } from './startup-profile';
import { Assembly } from './assembly';
import { AssemblyNotFoundError, VmError } from './errors';

/** Where Debian's mono-runtime installs the 4.5 class library. */
export const DEFAULT_BCL_DIRECTORY = '/usr/lib/mono/4.5';

/** The class library directory: an explicit choice, else `CLREMU_BCL`, else Mono's default. */
/**
 * Where the class library appears on the guest's C: drive: Mono's own Windows install layout
 * (`lib\mono\4.5` under its program folder), since the class library the guest runs is Mono's.
 */
export const GUEST_BCL_DIRECTORY = 'C:\\Program Files\\Mono\\lib\\mono\\4.5';

export function resolveBclDirectory(explicit?: string): string {
  return explicit ?? process.env.CLREMU_BCL ?? DEFAULT_BCL_DIRECTORY;
}

export interface BinderOptions {
  /** Host directory of the application (the main assembly's folder). */
  appDirectory: string;
  /** Host directory of the class library. */
  bclDirectory: string;
  /** Told about each assembly as it loads (for traces). */
  onLoad?: (assembly: Assembly) => void;
  /** Times assembly loading (`--startup-profile`). */
  profile?: StartupProfile;
}

export class AssemblyBinder {
  private readonly loaded = new Map<string, Assembly>();
  private readonly byPath = new Map<string, Assembly>();

  constructor(readonly options: BinderOptions) {}

  /**
   * The guest path of a loaded assembly: under `guestAppDirectory` for the application's own
   * assemblies, under GUEST_BCL_DIRECTORY for the class library (Facades included).
   */
  guestPath(assembly: Assembly, guestAppDirectory: string): string {
    const host = path.resolve(assembly.filePath);
    for (const [hostDir, guestDir] of [[this.options.appDirectory, guestAppDirectory], [this.options.bclDirectory, GUEST_BCL_DIRECTORY]] as const) {
      const rel = path.relative(path.resolve(hostDir), host);
      if (!rel.startsWith('..') && !path.isAbsolute(rel)) return `${guestDir}\\${rel.split(path.sep).join('\\')}`;
    }
    throw new VmError(`assembly ${assembly.name} (${host}) has no guest path: it is neither in the application directory nor in the class library`);
  }

  /** Probing locations for a simple name, in order. */
  probePaths(simpleName: string): string[] {
    const { appDirectory, bclDirectory } = this.options;
    const out: string[] = [];
    for (const dir of [appDirectory, bclDirectory, path.join(bclDirectory, 'Facades')]) {
      out.push(path.join(dir, `${simpleName}.dll`));
      if (dir === appDirectory) out.push(path.join(dir, `${simpleName}.exe`));
    }
    return out;
  }

  /** The assembly with simple name `name`, loading it on first use. */
  bind(name: string): Assembly {
    const key = name.toLowerCase();
    const hit = this.loaded.get(key);
    if (hit) return hit;
    const probed = this.probePaths(name);
    for (const p of probed) {
      if (fs.existsSync(p)) return this.loadFile(p, key);
    }
    throw new AssemblyNotFoundError(name, probed);
  }

  /** Loads an assembly from a file (the main assembly), registering it under its own name. */
  loadFile(file: string, key?: string): Assembly {
    const full = path.resolve(file);
    const known = this.byPath.get(full);
    if (known) return known;
    const open = (): MetadataReader => openAssembly(new Uint8Array(fs.readFileSync(full)));
    const md = this.options.profile ? this.options.profile.measure('assembly loading', open) : open();
    const asm = new Assembly(md, full, this);
    this.byPath.set(full, asm);
    this.loaded.set(key ?? asm.name.toLowerCase(), asm);
    if (key !== undefined && key !== asm.name.toLowerCase()) this.loaded.set(asm.name.toLowerCase(), asm);
    this.options.onLoad?.(asm);
    return asm;
  }

  /** The corlib (Mono's mscorlib.dll), loaded on first use. */
  get corlib(): Assembly {
    return this.bind('mscorlib');
  }

  /** Assemblies loaded so far, in load order. */
  list(): Assembly[] {
    return [...this.byPath.values()];
  }
}
