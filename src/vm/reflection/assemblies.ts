/**
 * `System.Reflection.RuntimeAssembly` objects (shared/mono-bcl-contract.md §1.7): one per loaded
 * assembly, `_mono_assembly` pointing at a runtime-owned native cell that stands for Mono's
 * MonoAssembly* (managed code only null-checks it and hands it back), made without a
 * constructor and cached as GC roots.
 */
import { createHash } from 'crypto';
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
    const cell = this.rt.heaps.loader.alloc(8, 8);
    this.rt.machine.memory.setU64(obj + BigInt(runtimeField(cls, '_mono_assembly').offset), cell);
    this.byCell.set(cell, asm);
    this.byAssembly.set(asm, obj);
    this.assemblyByObject.set(obj, asm);
    return obj;
  }

  private readonly byCell = new Map<bigint, Assembly>();
  private readonly nativeNames = new Map<Assembly, bigint>();

  /** The assembly whose `_mono_assembly` cell is `cell`, if any. */
  assemblyOfCell(cell: bigint): Assembly | undefined {
    return this.byCell.get(cell);
  }

  /**
   * A native `MonoAssemblyName` for `asm` (Mono.MonoAssemblyName, sequential: name, culture,
   * hash_value, public_key pointers; public_key_token as 16 lower-case hex digits and a NUL;
   * hash_alg, hash_len, flags; major, minor, build, revision, arch), made once in the loader
   * heap from the Assembly row (§II.22.2). Strings are NUL-terminated UTF-8; public_key points
   * at a copy of the blob with its compressed length prefix (§II.24.2.4), as Mono's points into
   * the image's blob heap; the token is the last 8 bytes of SHA-1(public key), reversed (§II.6.3).
   */
  nativeName(asm: Assembly): bigint {
    const hit = this.nativeNames.get(asm);
    if (hit !== undefined) return hit;
    const rt = this.rt;
    const mem = rt.machine.memory;
    const types = rt.types;
    const st = types.ensureLoaded(types.corlibType('Mono.MonoAssemblyName'));
    const block = rt.heaps.loader.alloc(st.instanceSize, 8);
    const at = (name: string): bigint => block + BigInt(runtimeField(st, name).offset);
    const utf8 = (text: string): bigint => {
      const bytes = new TextEncoder().encode(text);
      const p = rt.heaps.loader.alloc(bytes.length + 1, 1);
      mem.write(p, bytes);
      mem.setU8(p + BigInt(bytes.length), 0);
      return p;
    };
    const row = asm.md.rowCount(TableId.Assembly) > 0 ? asm.md.row.assembly(1) : null;
    mem.setU64(at('name'), utf8(row ? row.name : asm.name));
    mem.setU64(at('culture'), utf8(row ? row.culture : ''));
    const key = row ? row.publicKey : new Uint8Array(0);
    if (key.length > 0) {
      const prefix = key.length < 0x80 ? [key.length] : key.length < 0x4000 ? [0x80 | (key.length >> 8), key.length & 0xff] : [0xc0 | (key.length >>> 24), (key.length >> 16) & 0xff, (key.length >> 8) & 0xff, key.length & 0xff];
      const p = rt.heaps.loader.alloc(prefix.length + key.length, 1);
      mem.write(p, Uint8Array.from(prefix));
      mem.write(p + BigInt(prefix.length), key);
      mem.setU64(at('public_key'), p);
      const token = createHash('sha1').update(key).digest().subarray(12).reverse();
      mem.write(at('public_key_token'), new TextEncoder().encode(Buffer.from(token).toString('hex')));
    }
    if (row) {
      mem.setU32(at('hash_alg'), row.hashAlgId);
      mem.setU32(at('flags'), row.flags);
      const [major, minor, build, revision] = row.version;
      mem.setU16(at('major'), major);
      mem.setU16(at('minor'), minor);
      mem.setU16(at('build'), build);
      mem.setU16(at('revision'), revision);
    }
    this.nativeNames.set(asm, block);
    return block;
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
