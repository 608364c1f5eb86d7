/**
 * `clremu inspect` end to end (the built CLI, as a user runs it): JSON and text views, `--loaded`
 * after `_CorValidateImage`, and clean failures (exit status 2, one line naming field and offset,
 * no host stack trace) on bad input.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describePe, parsePe, toJson } from '../../loader/pe';
import { REPO_ROOT } from './corpus';
import { parseObjdump, runObjdump } from './objdump';

const bin = path.join(REPO_ROOT, 'bin', 'clremu');
const peInput = (n: string): string => path.join(REPO_ROOT, 'build', 'test', 'pe', 'inputs', n);
const managedInput = (n: string): string => path.join(REPO_ROOT, 'build', 'test', 'mscoree', 'inputs', n);

function clremu(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync('node', [bin, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('Json_NativeExe_SameAsParserAndObjdump', async () => {
  const file = peInput('peimports.exe');
  const r = clremu('inspect', '--json', file);
  expect(r.status).toBe(0);
  const json = JSON.parse(r.stdout);
  expect(json).toEqual(toJson(describePe(parsePe(fs.readFileSync(file), file))));
  expect(json.format).toBe('PE32+');
  expect(json.managed).toBe(false);
  expect(json.optionalHeader.imageBase).toBe('0x140000000');
  const od = parseObjdump(await runObjdump(file));
  expect(json.sections.map((s: { name: string }) => s.name)).toEqual(od.sections.map((s) => s.name));
  expect(json.dataDirectories.slice(0, od.directories.length).map((d: { rva: number; size: number }) => [BigInt(d.rva), BigInt(d.size)]))
    .toEqual(od.directories.map((d) => [d.rva, d.size]));
  expect(json.imports.map((d: { name: string }) => d.name)).toEqual(od.imports.map((d) => d.dll));
  const lib = json.imports.find((d: { name: string }) => d.name === 'peexports.dll');
  expect(lib.entries.map((e: { name?: string; ordinal?: number }) => e.name ?? e.ordinal).sort()).toEqual([7, 'pe_add'].sort());
});

test('Text_Dll_ListsExportsWithForwarder', () => {
  const r = clremu('inspect', peInput('peexports.dll'));
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/Managed\s+no/);
  expect(r.stdout).toMatch(/^\s+4 pe_tick\s+-> KERNEL32\.GetTickCount$/m);
  expect(r.stdout).toMatch(/^\s+7 \(no name\)\s+rva 0x[0-9a-f]+$/m);
  expect(r.stdout).toMatch(/^Base relocations \(\d+ blocks, \d+ entries\)$/m);
});

test('Text_ManagedPe32_SaysManaged', () => {
  const r = clremu('inspect', managedInput('anycpu.exe'));
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/Format\s+PE32\n/);
  expect(r.stdout).toMatch(/Managed\s+yes/);
  expect(r.stdout).toMatch(/mscoree\.dll/);
  expect(r.stdout).toMatch(/flags 0x00000001/);
});

test('Loaded_ManagedPe32_ShowsPe32PlusAndTransform', () => {
  const r = clremu('inspect', '--loaded', managedInput('anycpu.exe'));
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/Format\s+PE32\+ \(mapped layout\)/);
  expect(r.stdout).toMatch(/AddressOfEntryPoint\s+0x00000000/);
  expect(r.stdout).toContain('IMAGE_OPTIONAL_HEADER.Magic @0x98: 0x10b → 0x20b');
  expect(r.stdout).not.toMatch(/^\s+1 Import/m);
  const json = JSON.parse(clremu('inspect', '--loaded', '--json', managedInput('anycpu.exe')).stdout);
  expect(json.format).toBe('PE32+');
  expect(json.layout).toBe('mapped');
  expect(json.corValidateImage.action).toBe('converted-to-pe32plus');
  expect(json.corValidateImage.entry).toBe('_CorExeMain');
});

test('Loaded_X86_Invalid_StatusInvalidImageFormat', () => {
  const r = clremu('inspect', '--loaded', managedInput('x86.exe'));
  expect(r.status).toBe(2);
  expect(r.stdout).toMatch(/FAIL cli\.flags\.32bitRequired/);
  expect(r.stderr).toMatch(/^clremu: CorValidateImageError: .*STATUS_INVALID_IMAGE_FORMAT \(0xc000007b\)/);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});

describe('bad input', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-inspect-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('Truncated_Invalid_BadImageFormat_ExitCode2', () => {
    const f = path.join(dir, 'truncated.exe');
    fs.writeFileSync(f, fs.readFileSync(peInput('peimports.exe')).subarray(0, 0x90));
    const r = clremu('inspect', f);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^clremu: BadImageFormatError: .*truncated\.exe: IMAGE_\w+\.\w+ at offset 0x[0-9a-f]+: /);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('BrokenRelocations_Invalid_HeadersShownThenExitCode2', () => {
    const b = new Uint8Array(fs.readFileSync(peInput('peimports.exe')));
    const pe = parsePe(b);
    new DataView(b.buffer).setUint32(pe.rvaToOffset(pe.dataDirectories[5].rva)! + 4, 0, true);
    const f = path.join(dir, 'relocs.exe');
    fs.writeFileSync(f, b);
    const r = clremu('inspect', f);
    expect(r.status).toBe(2);
    expect(r.stdout).toMatch(/^Imports$/m);
    expect(r.stdout).toMatch(/^Base relocations: error: .*SizeOfBlock/m);
    expect(r.stderr).toMatch(/BadImageFormatError: .*IMAGE_BASE_RELOCATION\[0\]\.SizeOfBlock/);
  });

  test('MissingFile_Invalid_UsageError', () => {
    const r = clremu('inspect', path.join(dir, 'nope.exe'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*nope\.exe.*ENOENT/);
  });
});

test('MetadataFlags_DelegateToMetadataView', () => {
  const expectDelegated = (r: ReturnType<typeof clremu>): void => {
    if (fs.existsSync(path.join(REPO_ROOT, 'src', 'cli', 'commands', 'inspect-metadata.ts'))) {
      // The metadata view answers instead of the PE header view.
      expect(r.stdout).not.toMatch(/^Optional header$/m);
      expect(r.stderr).not.toMatch(/Unknown argument/);
    } else {
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/--metadata and --il are not available yet/);
    }
  };
  expectDelegated(clremu('inspect', '--metadata', managedInput('anycpu.exe')));
  expectDelegated(clremu('inspect', '--metadata', '--view', 'typedefs', managedInput('anycpu.exe')));
  expectDelegated(clremu('inspect', '--il', 'Hello::Main', managedInput('anycpu.exe')));
  const bare = clremu('inspect', managedInput('anycpu.exe'), '--il');
  expect(bare.status).toBe(2);
  expect(bare.stderr).toMatch(/--il needs a method/);
});
