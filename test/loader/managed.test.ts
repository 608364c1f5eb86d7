/**
 * The managed hand-off: an image with a COM descriptor goes to mscoree.dll when one is registered
 * (its _CorValidateImage sees the image base and path, may rewrite the headers in place, and
 * _CorExeMain becomes the entry); without one, the run fails naming what is missing.
 */
import { defineDll, fn } from '../../loader/dlls/api';
import { createKnownDlls } from '../../loader/dlls/registry';
import { ManagedRuntimeMissingError } from '../../loader/process/errors';
import { corValidateImage } from '../../src/mscoree/validate';
import { built, inputs, run } from './helpers';

test('ManagedImage_NoRuntimeRegistered_ManagedRuntimeMissingError', async () => {
  const r = await run(built(inputs, 'managed.exe'));
  expect(r.result.kind).toBe('failed');
  if (r.result.kind === 'failed') expect(r.result.error).toBeInstanceOf(ManagedRuntimeMissingError);
  expect(r.trace.some((t) => t.includes('is managed'))).toBe(true);
});

test('ManagedImage_MscoreeRegistered_ValidateThenCorExeMain', async () => {
  const seen: { base?: bigint; name?: string; magicAfter?: number } = {};
  const registry = createKnownDlls();
  registry.registerEmulatedDll(defineDll('mscoree.dll', [{
    _CorValidateImage: fn('HRESULT _CorValidateImage(PVOID *ImageBase, LPCWSTR FileName)', ['ptr', 'ptr'], 'u32', (ctx, pBase, name) => {
      const m = ctx.os.memory;
      const base = m.u64(pBase);
      seen.base = base;
      seen.name = m.wString(name);
      const result = corValidateImage({
        read: (rva, length) => m.read(base + BigInt(rva), length),
        write: (rva, bytes) => m.write(base + BigInt(rva), bytes),
      }, seen.name);
      return result.status;
    }),
    _CorExeMain: fn('int _CorExeMain(void)', [], 'i32', (ctx) => {
      const base = ctx.os.modules.main.base;
      const lfanew = ctx.os.memory.u32(base + 0x3cn);
      seen.magicAfter = ctx.os.memory.u16(base + BigInt(lfanew + 24));
      return ctx.os.exit(42);
    }),
  }]));
  const r = await run(built(inputs, 'managed.exe'), { registry });
  expect(r.result).toEqual({ kind: 'exited', exitCode: 42 });
  expect(seen.name).toBe('C:\\app\\managed.exe');
  expect(seen.base).toBeDefined();
  // mcs writes PE32; _CorValidateImage turned the mapped headers into PE32+.
  expect(seen.magicAfter).toBe(0x20b);
  expect(r.trace.some((t) => t.includes('managed hand-off: mscoree.dll!_CorValidateImage'))).toBe(true);
  expect(r.trace.some((t) => t.startsWith('entry mscoree.dll!_CorExeMain'))).toBe(true);
});
