/**
 * Finds referenced assemblies in a Mono installation the way Mono's loader does for monodis:
 * the referring image's directory, the GAC folder of the exact version, the profile directory
 * (`lib/mono/4.5`) and its `Facades/`, then any GAC version. Opened images are cached by path.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MetadataReader, openAssembly } from '../reader';
import { AssemblyLocator } from './resolver';

export interface MonoLocatorOptions {
  /** Mono's lib directory (the one holding `4.5/` and `gac/`). */
  monoLib: string;
  /** Profile directory name under monoLib. */
  profile?: string;
}

export class MonoAssemblyLocator {
  private readonly byPath = new Map<string, MetadataReader | null>();
  private readonly pathOf = new WeakMap<MetadataReader, string>();
  readonly locate: AssemblyLocator;

  constructor(private readonly opts: MonoLocatorOptions) {
    this.locate = (name, version, referrer) => this.find(name, version, referrer);
  }

  /** Opens (and remembers) the image at `file`; null if it is missing or not a CLI image. */
  open(file: string): MetadataReader | null {
    const key = path.resolve(file);
    if (this.byPath.has(key)) return this.byPath.get(key) ?? null;
    let md: MetadataReader | null = null;
    try {
      md = openAssembly(new Uint8Array(fs.readFileSync(key)));
      this.pathOf.set(md, key);
    } catch {
      md = null; // a missing or non-CLI file simply does not satisfy the reference
    }
    this.byPath.set(key, md);
    return md;
  }

  /** Registers an image opened elsewhere so references from it search its directory. */
  register(md: MetadataReader, file: string): void {
    const key = path.resolve(file);
    this.pathOf.set(md, key);
    if (!this.byPath.has(key)) this.byPath.set(key, md);
  }

  private candidates(name: string, version: readonly number[], referrer: MetadataReader): string[] {
    const out: string[] = [];
    const from = this.pathOf.get(referrer);
    const files = [`${name}.dll`, `${name}.exe`];
    if (from) for (const f of files) out.push(path.join(path.dirname(from), f));
    const gacDir = path.join(this.opts.monoLib, 'gac', name);
    let gacVersions: string[] = [];
    try {
      gacVersions = fs.readdirSync(gacDir).sort().reverse();
    } catch {
      gacVersions = [];
    }
    const v = version.join('.');
    for (const d of gacVersions) if (d.startsWith(`${v}_`)) for (const f of files) out.push(path.join(gacDir, d, f));
    const profile = path.join(this.opts.monoLib, this.opts.profile ?? '4.5');
    for (const f of files) out.push(path.join(profile, f));
    for (const f of files) out.push(path.join(profile, 'Facades', f));
    for (const d of gacVersions) for (const f of files) out.push(path.join(gacDir, d, f));
    return out;
  }

  private find(name: string, version: readonly number[], referrer: MetadataReader): MetadataReader | null {
    for (const file of this.candidates(name, version, referrer)) {
      if (!fs.existsSync(file)) continue;
      const md = this.open(file);
      if (md) return md;
    }
    return null;
  }
}
