/**
 * CoreCLR's IL-only invariants (PEDecoder::CheckILOnly) on the mcs/ilasm outputs, which satisfy
 * them, and on hand-broken copies, each of which must break exactly the rule it was built to break.
 */
import * as fs from 'fs';
import { PeImage, parsePe } from '../../loader/pe';
import { IlOnlyRule, checkIlOnlyInvariants } from '../../src/mscoree/il-only';
import { monoCorpus } from '../pe/corpus';
import { loadInput, offsetOf, patchFile } from './helpers';

const rules = (pe: PeImage): string[] => checkIlOnlyInvariants(pe).map((v) => v.rule);

test.each(['anycpu.exe', 'winexe.exe', 'library.dll', 'x64.exe', 'library-x64.dll', 'x86.exe', 'anycpu32bitpreferred.exe', 'hello-il.exe'])(
  '%s_Valid_NoViolations',
  (name) => {
    expect(checkIlOnlyInvariants(loadInput(name))).toEqual([]);
  },
);

describe('hand-broken copies of anycpu.exe', () => {
  const pe = (): PeImage => loadInput('anycpu.exe');

  test('ImportFromKernel32_Invalid_ImportDlls', () => {
    const p = pe();
    const name = offsetOf(p, p.imports[0].nameRva);
    expect(rules(patchFile(p, [{ offset: name, value: [...Buffer.from('kernel32.dll')] }]))).toEqual([IlOnlyRule.ImportDlls]);
  });

  test('ImportOtherFunction_Invalid_ImportDlls', () => {
    const p = pe();
    const hintName = offsetOf(p, p.imports[0].entries[0].hintNameRva!);
    const broken = patchFile(p, [{ offset: hintName + 2, value: [...Buffer.from('_CorExeMaiX')] }]);
    expect(checkIlOnlyInvariants(broken)).toEqual([{ rule: IlOnlyRule.ImportDlls, message: "imports '_CorExeMaiX' instead of _CorExeMain/_CorDllMain" }]);
  });

  test('SecondFixup_Invalid_BaseRelocations', () => {
    const p = pe();
    const block = p.baseRelocations[0];
    expect(block.entries.map((e) => e.type)).toEqual([3, 0]);
    // Turn the ABSOLUTE padding entry into a second HIGHLOW fix-up.
    const second = offsetOf(p, block.blockRva) + 8 + 2;
    expect(rules(patchFile(p, [{ offset: second, value: 0x3004, width: 2 }]))).toEqual([IlOnlyRule.BaseRelocations]);
  });

  test('Dir64FixupInPe32_Invalid_BaseRelocations', () => {
    const p = pe();
    const first = offsetOf(p, p.baseRelocations[0].blockRva) + 8;
    const entry = new DataView(p.bytes.buffer, p.bytes.byteOffset).getUint16(first, true);
    expect(rules(patchFile(p, [{ offset: first, value: (entry & 0xfff) | 0xa000, width: 2 }]))).toEqual([IlOnlyRule.BaseRelocations]);
  });

  test('EntryStubNotJmp_Invalid_EntryPoint', () => {
    const p = pe();
    const ep = offsetOf(p, p.optionalHeader.addressOfEntryPoint);
    expect(rules(patchFile(p, [{ offset: ep, value: 0x90, width: 1 }]))).toEqual([IlOnlyRule.EntryPoint]);
  });

  test('EntryStubWrongSlot_Invalid_EntryPoint', () => {
    const p = pe();
    const ep = offsetOf(p, p.optionalHeader.addressOfEntryPoint);
    const target = new DataView(p.bytes.buffer, p.bytes.byteOffset).getUint32(ep + 2, true);
    expect(rules(patchFile(p, [{ offset: ep + 2, value: target + 4 }]))).toEqual([IlOnlyRule.EntryPoint]);
  });

  test('ExeWin32VersionValue_Invalid_Win32VersionValue', () => {
    const p = pe();
    expect(rules(patchFile(p, [{ offset: p.optionalHeaderOffset + 52, value: 1 }]))).toEqual([IlOnlyRule.Win32VersionValue]);
  });

  test('SharedSection_Invalid_SharedSectionAndDirectories', () => {
    const p = pe();
    const text = p.sections.find((s) => s.name === '.text')!;
    const broken = rules(patchFile(p, [{ offset: text.offsets.characteristics, value: text.characteristics | 0x10000000 }]));
    expect(broken).toContain(IlOnlyRule.SharedSection);
    expect(broken).toContain(IlOnlyRule.DirectoryInSharedSection);
  });

  test('TlsDirectory_Invalid_DirectoryNotAllowed', () => {
    const p = pe();
    const tls = p.dataDirectories[9].entryOffset;
    expect(rules(patchFile(p, [{ offset: tls, value: 0x2000 }, { offset: tls + 4, value: 0x18 }]))).toEqual([IlOnlyRule.DirectoryNotAllowed]);
  });

  test('NotIlOnlyFlag_Invalid_IlOnlyFlag', () => {
    const p = pe();
    const flags = offsetOf(p, p.dataDirectories[14].rva) + 16;
    expect(rules(patchFile(p, [{ offset: flags, value: 0 }]))).toEqual([IlOnlyRule.IlOnlyFlag]);
  });
});

test('Dll_Win32VersionValue_Valid', () => {
  const p = loadInput('library.dll');
  expect(rules(patchFile(p, [{ offset: p.optionalHeaderOffset + 52, value: 1 }]))).toEqual([]);
});

test('X64StubWrongOpcode_Invalid_EntryPoint', () => {
  const p = loadInput('x64.exe');
  const ep = offsetOf(p, p.optionalHeader.addressOfEntryPoint);
  expect(rules(patchFile(p, [{ offset: ep + 10, value: 0x90, width: 1 }]))).toEqual([IlOnlyRule.EntryPoint]);
});

test('MonoAssemblies_IlOnly_NoViolations', () => {
  const broken: string[] = [];
  for (const file of monoCorpus()) {
    const pe = parsePe(fs.readFileSync(file), file);
    if (!pe.isManaged || !(pe.cliHeader!.flags & 1)) continue;
    const v = checkIlOnlyInvariants(pe);
    if (v.length > 0) broken.push(`${file}: ${v.map((x) => x.message).join('; ')}`);
  }
  expect(broken).toEqual([]);
});
