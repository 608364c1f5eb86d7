/**
 * The emulated `mscoree.dll` (the shim the Windows loader hands a managed image to), registered
 * with the loader's DLL registry per run (`registerMscoree`). Exports:
 *
 *  - `_CorValidateImage(PVOID *ImageBase, LPCWSTR FileName) : HRESULT` — validate.ts over guest
 *    memory: checks, the 32BITREQUIRED rejection, the in-place PE32→PE32+ transform; every
 *    decision and changed field goes to `--trace-loader`;
 *  - `_CorExeMain(void) : int` — exe-main.ts: starts the runtime and runs Main;
 *  - `_CorDllMain(HINSTANCE, DWORD, LPVOID) : BOOL` — mixed/managed DLL entry: a managed DLL needs
 *    no native initialisation here, so it reports success (there is no managed DllMain to run);
 *  - `_CorImageUnloading(PVOID ImageBase) : void` — nothing to release (no per-image state).
 */
import { fn, defineDll, type DllDefinition } from '../../loader/dlls/api';
import type { DllRegistry } from '../../loader/dlls/registry';
import { corExeMain, type ManagedHostOptions } from './exe-main';
import { CorValidateImageError } from './status';
import { corValidateImage, formatValidateTrace } from './validate';

export type { ManagedHostOptions } from './exe-main';

export function createMscoreeDll(options: ManagedHostOptions): DllDefinition {
  return defineDll('mscoree.dll', [{
    _CorValidateImage: fn('HRESULT _CorValidateImage(PVOID *ImageBase, LPCWSTR FileName)', ['ptr', 'ptr'] as const, 'u32', (ctx, pBase, pName) => {
      const os = ctx.os;
      const mem = os.memory;
      const base = mem.u64(pBase);
      const fileName = pName === 0n ? undefined : mem.wString(pName);
      const module = os.modules.byAddress(base);
      const size = module?.size ?? 0;
      const image = {
        read: (rva: number, length: number): Uint8Array => {
          if (rva < 0 || length < 0 || rva + length > size) throw new RangeErrorInImage(rva, length, size);
          return mem.read(base + BigInt(rva), length);
        },
        write: (rva: number, data: Uint8Array): void => {
          if (rva < 0 || rva + data.length > size) throw new RangeErrorInImage(rva, data.length, size);
          mem.write(base + BigInt(rva), data);
        },
      };
      try {
        const result = corValidateImage(image, fileName);
        for (const line of formatValidateTrace(result)) os.trace('loader', line);
        return 0;
      } catch (err) {
        if (!(err instanceof CorValidateImageError)) throw err;
        for (const line of formatValidateTrace(err)) os.trace('loader', line);
        return err.status >>> 0;
      }
    }),
    _CorExeMain: fn('int _CorExeMain(void)', [] as const, 'i32', (ctx) => {
      corExeMain(ctx, options);
      return 0;
    }),
    _CorDllMain: fn('BOOL _CorDllMain(HINSTANCE hInst, DWORD dwReason, LPVOID lpReserved)', ['ptr', 'u32', 'ptr'] as const, 'i32', () => 1),
    _CorImageUnloading: fn('void _CorImageUnloading(PVOID ImageBase)', ['ptr'] as const, 'void', () => undefined),
  }]);
}

/** Adds the managed runtime's mscoree.dll to a run's DLL registry. */
export function registerMscoree(registry: DllRegistry, options: ManagedHostOptions): void {
  registry.registerEmulatedDll(createMscoreeDll(options));
}

/** An access outside the mapped image (reported by validate.ts as a bad image). */
export class RangeErrorInImage extends Error {
  override name = 'ImageRangeError';
  constructor(rva: number, length: number, size: number) {
    super(`${length} byte(s) at RVA 0x${rva.toString(16)} are outside the 0x${size.toString(16)}-byte mapped image`);
  }
}
