/**
 * `_CorValidateImage` in a 64-bit process: every mcs platform/target variant and an ilasm image,
 * hand-broken copies for each rejection, and every assembly Debian's Mono installs. After the
 * transform the in-memory image is re-read with the PE parser and compared field by field with
 * what the conversion rules say.
 */
import * as fs from 'fs';
import { CorFlags, PeImage, parsePe, parsePeMapped } from '../../loader/pe';
import { CorStatus, CorValidateImageError } from '../../src/mscoree/status';
import { ValidateAction, corValidateImage, formatValidateTrace } from '../../src/mscoree/validate';
import { monoCorpus } from '../pe/corpus';
import { conversionMismatches, loadInput, mapImage, patchFile } from './helpers';

function rejection(run: () => unknown): CorValidateImageError {
  try {
    run();
  } catch (err) {
    if (err instanceof CorValidateImageError) return err;
    throw err;
  }
  throw new Error('expected _CorValidateImage to reject the image');
}

describe('mcs and ilasm outputs', () => {
  const converted: [string, string][] = [
    ['anycpu.exe', '_CorExeMain'],
    ['winexe.exe', '_CorExeMain'],
    ['library.dll', '_CorDllMain'],
    ['hello-il.exe', '_CorExeMain'],
  ];
  test.each(converted)('%s_Pe32IlOnly_ConvertedToPe32Plus', (name, entry) => {
    const m = mapImage(loadInput(name));
    expect(m.file.is64).toBe(false);
    const result = corValidateImage(m.memory, name);
    expect(result.status).toBe(CorStatus.Success);
    expect(result.action).toBe(ValidateAction.ConvertedToPe32Plus);
    expect(result.entry).toBe(entry);
    const after = parsePeMapped(m.memory, name);
    expect(conversionMismatches(m.file, after, m.before)).toEqual([]);
    // The change record names what the rules change, with old and new values.
    const fields = result.changes.map((c) => c.field);
    expect(fields).toEqual(expect.arrayContaining([
      'IMAGE_OPTIONAL_HEADER.Magic', 'IMAGE_OPTIONAL_HEADER.AddressOfEntryPoint', 'IMAGE_OPTIONAL_HEADER.DataDirectory[Import]',
      'IMAGE_OPTIONAL_HEADER.DataDirectory[Iat]', 'IMAGE_FILE_HEADER.SizeOfOptionalHeader',
    ]));
    expect(result.changes.find((c) => c.field === 'IMAGE_OPTIONAL_HEADER.Magic')).toMatchObject({ old: '0x10b', new: '0x20b' });
  });

  test.each([
    ['x64.exe', '_CorExeMain'],
    ['library-x64.dll', '_CorDllMain'],
  ])('%s_Pe32PlusIlOnly_EntryPointCleared', (name, entry) => {
    const m = mapImage(loadInput(name));
    const ep = m.file.optionalHeader.addressOfEntryPoint;
    expect(ep).not.toBe(0);
    const result = corValidateImage(m.memory, name);
    expect(result.action).toBe(ValidateAction.EntryPointCleared);
    expect(result.entry).toBe(entry);
    expect(result.changes).toEqual([{ field: 'IMAGE_OPTIONAL_HEADER.AddressOfEntryPoint', rva: m.file.optionalHeaderOffset + 0x10, old: `0x${ep.toString(16)}`, new: '0x0' }]);
    const after = parsePeMapped(m.memory, name);
    expect(after.optionalHeader.addressOfEntryPoint).toBe(0);
    expect(after.optionalHeader.magic).toBe(0x20b);
  });

  test.each(['x86.exe', 'anycpu32bitpreferred.exe'])('%s_32BitRequired_Invalid_StatusInvalidImageFormat', (name) => {
    const m = mapImage(loadInput(name));
    expect(m.file.cliHeader!.flags & CorFlags.Required32Bit).toBeTruthy();
    const err = rejection(() => corValidateImage(m.memory, name));
    expect(err.status).toBe(0xc000007b);
    expect(err.check).toBe('cli.flags.32bitRequired');
    expect(err.message).toContain('STATUS_INVALID_IMAGE_FORMAT');
    // A rejected image is left exactly as mapped.
    expect(Buffer.compare(m.memory.bytes, m.before)).toBe(0);
  });

  test('ConvertedImage_ValidatedAgain_Unchanged', () => {
    const m = mapImage(loadInput('anycpu.exe'));
    corValidateImage(m.memory);
    const again = corValidateImage(m.memory);
    expect(again.action).toBe(ValidateAction.Unchanged);
    expect(again.changes).toEqual([]);
  });

  test('Trace_ListsDecisionsAndChanges', () => {
    const lines = formatValidateTrace(corValidateImage(mapImage(loadInput('anycpu.exe')).memory));
    expect(lines.some((l) => /ok\s+cli\.flags\.ilOnly/.test(l))).toBe(true);
    expect(lines.some((l) => l.includes('IMAGE_OPTIONAL_HEADER.Magic') && l.includes('0x10b → 0x20b'))).toBe(true);
    const failed = formatValidateTrace(rejection(() => corValidateImage(mapImage(loadInput('x86.exe')).memory)));
    expect(failed.some((l) => /FAIL cli\.flags\.32bitRequired/.test(l))).toBe(true);
  });
});

describe('hand-broken images', () => {
  const base = (): PeImage => loadInput('anycpu.exe');
  const oh = (pe: PeImage): number => pe.optionalHeaderOffset;

  test('Pe32NotIlOnly_Invalid_IlOnlyCheck', () => {
    const pe = base();
    const flagsAt = pe.rvaToOffset(pe.dataDirectories[14].rva)! + 16;
    const err = rejection(() => corValidateImage(mapImage(patchFile(pe, [{ offset: flagsAt, value: 0 }])).memory));
    expect([err.status, err.check]).toEqual([0xc000007b, 'cli.flags.ilOnly']);
  });

  test('Pe32HeadersTooSmall_Invalid_SizeOfHeadersCheck', () => {
    const pe = base();
    const needed = pe.dosHeader.e_lfanew + 264 + 40 * pe.sections.length;
    const ok = corValidateImage(mapImage(patchFile(pe, [{ offset: oh(pe) + 0x3c, value: needed }])).memory);
    expect(ok.action).toBe(ValidateAction.ConvertedToPe32Plus);
    const err = rejection(() => corValidateImage(mapImage(patchFile(pe, [{ offset: oh(pe) + 0x3c, value: needed - 1 }])).memory));
    expect([err.status, err.check]).toEqual([0xc000007b, 'optional.sizeOfHeaders']);
  });

  test('FewDirectories_Invalid_NumberOfRvaAndSizesCheck', () => {
    const pe = base();
    const err = rejection(() => corValidateImage(mapImage(patchFile(pe, [{ offset: oh(pe) + 0x5c, value: 14 }])).memory));
    expect(err.check).toBe('optional.numberOfRvaAndSizes');
  });

  test('NoComDescriptor_Invalid_ComDescriptorCheck', () => {
    const pe = base();
    const err = rejection(() => corValidateImage(mapImage(patchFile(pe, [{ offset: pe.dataDirectories[14].entryOffset, value: 0 }])).memory));
    expect(err.check).toBe('directory.comDescriptor');
  });

  test('BadDosSignature_Invalid_DosCheck', () => {
    // The parser refuses such a file, so the damage is done to the mapped copy.
    const m = mapImage(base());
    m.memory.write(0, Uint8Array.of(0x4d, 0x4d));
    const err = rejection(() => corValidateImage(m.memory));
    expect([err.status, err.check]).toEqual([0xc000007b, 'dos.e_magic']);
  });

  test('Pe32Plus32BitRequired_Invalid_32BitCheck', () => {
    const pe = loadInput('x64.exe');
    const flagsAt = pe.rvaToOffset(pe.dataDirectories[14].rva)! + 16;
    const err = rejection(() => corValidateImage(mapImage(patchFile(pe, [{ offset: flagsAt, value: CorFlags.IlOnly | CorFlags.Required32Bit }])).memory));
    expect([err.status, err.check]).toEqual([0xc000007b, 'cli.flags.32bitRequired']);
  });

  test('Pe32PlusNotIlOnly_Valid_EntryPointKept', () => {
    const pe = loadInput('x64.exe');
    const flagsAt = pe.rvaToOffset(pe.dataDirectories[14].rva)! + 16;
    const m = mapImage(patchFile(pe, [{ offset: flagsAt, value: 0 }]));
    const result = corValidateImage(m.memory);
    expect(result.action).toBe(ValidateAction.Unchanged);
    expect(parsePeMapped(m.memory).optionalHeader.addressOfEntryPoint).toBe(pe.optionalHeader.addressOfEntryPoint);
  });
});

test('MonoAssemblies_TransformFollowsRules', () => {
  const problems: string[] = [];
  const outcomes = new Map<string, number>();
  for (const file of monoCorpus()) {
    const pe = parsePe(fs.readFileSync(file), file);
    if (!pe.isManaged) continue;
    const flags = pe.cliHeader!.flags;
    const needed = pe.dosHeader.e_lfanew + 264 + 40 * pe.sections.length;
    // What the rules predict, computed independently of the implementation.
    const expected = pe.is64
      ? flags & CorFlags.Required32Bit ? 'cli.flags.32bitRequired' : 'ok'
      : !(flags & CorFlags.IlOnly) ? 'cli.flags.ilOnly'
        : flags & CorFlags.Required32Bit ? 'cli.flags.32bitRequired'
          : pe.optionalHeader.sizeOfHeaders < needed ? 'optional.sizeOfHeaders' : 'ok';
    const m = mapImage(pe);
    let got: string;
    try {
      corValidateImage(m.memory, file);
      got = 'ok';
      if (!pe.is64) {
        const diffs = conversionMismatches(pe, parsePeMapped(m.memory, file), m.before);
        if (diffs.length > 0) problems.push(`${file}: ${diffs.slice(0, 5).join('; ')}`);
      }
    } catch (err) {
      if (!(err instanceof CorValidateImageError)) throw err;
      got = err.check;
      if (err.status !== 0xc000007b) problems.push(`${file}: status 0x${err.status.toString(16)}`);
    }
    if (got !== expected) problems.push(`${file}: ${got}, rules predict ${expected}`);
    outcomes.set(got, (outcomes.get(got) ?? 0) + 1);
  }
  expect(problems).toEqual([]);
  expect(outcomes.get('ok') ?? 0).toBeGreaterThan(100);
});

describe('memory failures', () => {
  test('ComDescriptorOutsideMapping_Invalid_StatusInvalidImageFormat', () => {
    const pe = loadInput('anycpu.exe');
    const m = mapImage(patchFile(pe, [{ offset: pe.dataDirectories[14].entryOffset, value: 0x7fff0000 }]));
    const err = rejection(() => corValidateImage(m.memory));
    expect([err.status, err.check]).toEqual([0xc000007b, 'memory.read']);
    expect(err.message).toContain('RVA 0x7fff0010');
  });

  test('ReadOnlyHeaders_Invalid_EUnexpected', () => {
    const m = mapImage(loadInput('anycpu.exe'));
    const readOnly = {
      read: (rva: number, n: number) => m.memory.read(rva, n),
      write: () => {
        throw new Error('page is read-only');
      },
    };
    const err = rejection(() => corValidateImage(readOnly));
    expect([err.status, err.check]).toEqual([0x8000ffff, 'memory.write']);
    expect(err.message).toContain('E_UNEXPECTED');
  });
});
