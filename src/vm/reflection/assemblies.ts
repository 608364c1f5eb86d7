/**
 * `System.Reflection.RuntimeAssembly` objects (shared/mono-bcl-contract.md §1.7): one per loaded
 * assembly, `_mono_assembly` pointing at a runtime-owned native cell that stands for Mono's
 * MonoAssembly* (managed code only null-checks it and hands it back), made without a
 * constructor and cached as GC roots.
 */
import { BadImageFormatError, readU32, TableId, tokenRow } from '../../metadata';
import type { Assembly } from '../assembly';
import type { Runtime } from '../runtime';
import { runtimeField } from './fields';

export class AssemblyObjects {
  private readonly byAssembly = new Map<Assembly, bigint>();
  private readonly assemblyByObject = new Map<bigint, Assembly>();

  constructor(private readonly rt: Runtime) {
    rt.gc.addRootProvider(() => this.byAssembly.values());
  }

  /** The one RuntimeAssembly object of `asm`. */
  assemblyObject(asm: Assembly): bigint {
    const hit = this.byAssembly.get(asm);
    if (hit !== undefined) return hit;
    const types = this.rt.types;
    const cls = types.ensureLoaded(types.corlibType('System.Reflection.RuntimeAssembly'));
    const obj = this.rt.objects.allocObject(cls);
    this.rt.machine.memory.setU64(obj + BigInt(runtimeField(cls, '_mono_assembly').offset), this.rt.heaps.loader.alloc(8, 8));
    this.byAssembly.set(asm, obj);
    this.assemblyByObject.set(obj, asm);
    return obj;
  }

  private readonly resources = new Map<Assembly, Map<string, { data: bigint; size: number }>>();

  /**
   * The manifest resource `name` embedded in `asm` (§II.22.24 with Implementation 0; its bytes
   * sit at the CLI header's Resources RVA + Offset, after a 4-byte length, §II.24.2.4), copied
   * once into the loader heap so the guest can read it; undefined when there is none.
   */
  manifestResource(asm: Assembly, name: string): { data: bigint; size: number } | undefined {
    let perAsm = this.resources.get(asm);
    if (!perAsm) this.resources.set(asm, (perAsm = new Map()));
    const hit = perAsm.get(name);
    if (hit) return hit;
    const md = asm.md;
    const pe = md.pe;
    if (!pe) return undefined;
    for (let r = 1; r <= md.rowCount(TableId.ManifestResource); r++) {
      const row = md.row.manifestResource(r);
      if (row.name !== name || tokenRow(row.implementation) !== 0) continue;
      const base = pe.cliHeader.resources.rva;
      const at = pe.bytesAtRva(base + row.offset, `ManifestResource[${r}] ${name}`);
      if (at.offset + 4 > at.end) throw new BadImageFormatError(`ManifestResource[${r}] ${name}: length past the section`, { field: 'ManifestResource.Offset' });
      const size = readU32(pe.bytes, at.offset);
      if (at.offset + 4 + size > at.end) throw new BadImageFormatError(`ManifestResource[${r}] ${name}: ${size} bytes past the section`, { field: 'ManifestResource.Offset' });
      const data = this.rt.heaps.loader.alloc(Math.max(size, 1), 8);
      this.rt.machine.memory.write(data, pe.bytes.subarray(at.offset + 4, at.offset + 4 + size));
      const found = { data, size };
      perAsm.set(name, found);
      return found;
    }
    return undefined;
  }

  /** The assembly a RuntimeAssembly object stands for, or undefined when it is not one of ours. */
  assemblyOfObject(obj: bigint): Assembly | undefined {
    return this.assemblyByObject.get(obj);
  }
}
