/**
 * Differential tests of programs that use the guest's view of the host: files under a mounted
 * directory, standard input, the environment, time and randomness (test/programs/files, built by
 * mcs). Each runs under `mono` in one scratch host folder and under `clremu run --mount
 * scratch:C:\data` in another, with the folder passed as an argument (its host path to mono,
 * C:\data to clremu); standard output (CRLF read as LF), the exit code and the files left in the
 * folder must be the same. Programs print names, not paths, so the platforms' path syntax stays
 * out of what is compared.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const BUILT = path.join(ROOT, 'build/test/programs/files');
const CLREMU = path.join(ROOT, 'bin/clremu');
const GUEST_DIR = 'C:\\data';

const STORY = 'The quick brown fox jumps over the lazy dog.\nThe dog sleeps; the fox runs, and the quick fox wins.\n\nNothing else here\n';
const CSV = 'category,item,quantity,price\nfruit,apple,3,0.50\nfruit,pear,2,0.75\ntools,hammer,1,12.99\nbad,line\ntools,nails,100,0.02\n';

interface Case {
  name: string;
  exe: string;
  /** Arguments; `DIR` is replaced by the scratch folder as each side sees it. */
  args: string[];
  stdin?: string;
  /** Files put in the scratch folder before the run. */
  files?: Record<string, string>;
  /** Environment variables given to both (mono's environment is otherwise only PATH and HOME). */
  env?: Record<string, string>;
  /** Variables for mono only (what the guest gets by default, e.g. its UTC zone). */
  monoEnv?: Record<string, string>;
  /** Extra `--mount` options for clremu (read-only host folders the program reads by absolute path under mono). */
  mounts?: string[];
}

const CASES: Case[] = [
  { name: 'WordCount_StdinToEnd_SameAsMono', exe: 'WordCount.exe', args: [], stdin: STORY },
  { name: 'WordCount_EmptyStdin_ExitCode1_SameAsMono', exe: 'WordCount.exe', args: [], stdin: '' },
  { name: 'LineFilter_ReadLineUntilNull_StderrCount_ExitCodeMatches_SameAsMono', exe: 'LineFilter.exe', args: ['fox'], stdin: STORY },
  { name: 'LineFilter_CrLfInput_SameAsMono', exe: 'LineFilter.exe', args: ['dog'], stdin: STORY.replace(/\n/g, '\r\n') },
  { name: 'CharStats_ConsoleReadToMinusOne_NoFinalNewline_SameAsMono', exe: 'CharStats.exe', args: [], stdin: 'Route 66, exit 12b\nlast line' },
  { name: 'FileTool_CreateAppendCopyMoveListDelete_SameAsMono', exe: 'FileTool.exe', args: ['DIR'], files: { 'data.csv': CSV } },
  { name: 'CsvTotals_StreamReaderWriter_ReportFile_SameAsMono', exe: 'CsvTotals.exe', args: ['DIR/data.csv', 'DIR/report.txt'], files: { 'data.csv': CSV } },
  { name: 'MissingFiles_FileAndDirectoryNotFoundMessages_SameAsMono', exe: 'MissingFiles.exe', args: ['DIR'] },
  { name: 'BinaryLog_SeekSetLengthAppend_SameAsMono', exe: 'BinaryLog.exe', args: ['DIR'] },
  { name: 'EnvDump_GivenVariables_ExpandAndSet_SameAsMono', exe: 'EnvDump.exe', args: ['GREETING', 'CLREMU_NOT_SET', 'COLOR'], env: { GREETING: 'hello world', COLOR: 'blue=green' } },
  { name: 'TimeAndChance_ClockStopwatchGuidRandomRng_SameAsMono', exe: 'TimeAndChance.exe', args: [] },
  { name: 'TimeZones_DefaultGuestZone_UtcAsMonoWithTzUtc', exe: 'TimeZones.exe', args: [], monoEnv: { TZ: 'UTC' } },
  {
    name: 'TimeZones_TzAndMountedZoneinfo_EuropeParis_SameAsMono', exe: 'TimeZones.exe', args: [], env: { TZ: 'Europe/Paris' },
    mounts: ['/usr/share/zoneinfo:C:\\usr\\share\\zoneinfo:ro'],
  },
];

/** The files of a folder, relative names with '/' and contents with CRLF read as LF. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string): void => {
    for (const name of fs.readdirSync(d).sort()) {
      const full = path.join(d, name);
      const r = rel ? `${rel}/${name}` : name;
      if (fs.statSync(full).isDirectory()) {
        out[`${r}/`] = '';
        walk(full, r);
      } else {
        out[r] = fs.readFileSync(full, 'latin1').replace(/\r\n/g, '\n');
      }
    }
  };
  walk(dir, '');
  return out;
}

function scratch(c: Case): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-files-'));
  for (const [name, text] of Object.entries(c.files ?? {})) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const hostArgs = (c: Case, dir: string): string[] => c.args.map((a) => a.replace('DIR/', `${dir}/`).replace(/^DIR$/, dir));
const guestArgs = (c: Case): string[] => c.args.map((a) => a.replace('DIR/', `${GUEST_DIR}\\`).replace(/^DIR$/, GUEST_DIR));

describe.each(CASES)('$name', (c) => {
  test('stdout, exit code and files as under mono', () => {
    const monoDir = scratch(c);
    const guestDir = scratch(c);
    try {
      const mono = spawnSync('mono', [path.join(BUILT, c.exe), ...hostArgs(c, monoDir)], {
        input: c.stdin ?? '', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: monoDir, ...c.monoEnv, ...c.env }, encoding: 'latin1', timeout: 60_000,
      });
      const envOptions = Object.entries(c.env ?? {}).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
      const mountOptions = (c.mounts ?? []).flatMap((m) => ['--mount', m]);
      const run = spawnSync('node', [CLREMU, 'run', '--mount', `${guestDir}:${GUEST_DIR}`, ...mountOptions, ...envOptions, path.join(BUILT, c.exe), ...guestArgs(c)], {
        input: c.stdin ?? '', encoding: 'latin1', timeout: 120_000,
      });
      expect({ stdout: run.stdout.replace(/\r\n/g, '\n'), status: run.status, stderrEmpty: !/clremu:|Unhandled/.test(run.stderr) })
        .toEqual({ stdout: mono.stdout, status: mono.status, stderrEmpty: true });
      expect(snapshot(guestDir)).toEqual(snapshot(monoDir));
    } finally {
      fs.rmSync(monoDir, { recursive: true, force: true });
      fs.rmSync(guestDir, { recursive: true, force: true });
    }
  }, 180_000);
});

test('LineFilter_ConsoleError_GoesToStderr', () => {
  const run = spawnSync('node', [CLREMU, 'run', path.join(BUILT, 'LineFilter.exe'), 'fox'], { input: STORY, encoding: 'latin1', timeout: 120_000 });
  expect({ stderr: run.stderr.replace(/\r\n/g, '\n'), status: run.status }).toEqual({ stderr: '2 of 4 lines match\n', status: 2 });
}, 180_000);

test('FileTool_NoMount_HostInvisible_DirectoryNotFound', () => {
  const run = spawnSync('node', [CLREMU, 'run', path.join(BUILT, 'FileTool.exe'), GUEST_DIR], { encoding: 'latin1', timeout: 120_000 });
  expect(run.stderr).toContain('System.IO.DirectoryNotFoundException: Could not find a part of the path "C:\\data\\notes.txt"');
}, 180_000);

test('FileTool_ReadOnlyMount_UnauthorizedAccess_HostUnchanged', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-files-'));
  try {
    const run = spawnSync('node', [CLREMU, 'run', '--mount', `${dir}:${GUEST_DIR}:ro`, path.join(BUILT, 'FileTool.exe'), GUEST_DIR], { encoding: 'latin1', timeout: 120_000 });
    expect(run.stderr).toContain('System.UnauthorizedAccessException');
    expect(fs.readdirSync(dir)).toEqual([]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

test('Mount_MissingHostDirectory_UsageErrorBeforeTheGuestRuns', () => {
  const run = spawnSync('node', [CLREMU, 'run', '--mount', '/no/such/clremu/dir:C:\\x', path.join(BUILT, 'EnvDump.exe')], { encoding: 'latin1', timeout: 60_000 });
  expect({ status: run.status, stdout: run.stdout, stderr: run.stderr }).toEqual({ status: 2, stdout: '', stderr: 'clremu: CliUsageError: --mount /no/such/clremu/dir:C:\\x: the host directory /no/such/clremu/dir does not exist\n' });
}, 60_000);

test('Env_WithoutName_UsageError', () => {
  const run = spawnSync('node', [CLREMU, 'run', '--env', '=x', path.join(BUILT, 'EnvDump.exe')], { encoding: 'latin1', timeout: 60_000 });
  expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 2, stderr: 'clremu: CliUsageError: --env =x: expected NAME=VALUE with a non-empty name\n' });
}, 60_000);

test('EnvDump_DefaultEnvironment_NothingFromTheHost', () => {
  const run = spawnSync('node', [CLREMU, 'run', path.join(BUILT, 'EnvDump.exe'), 'USERNAME', 'COMPUTERNAME', 'HOME', 'PATH', 'TEMP'], {
    encoding: 'latin1', timeout: 60_000, env: { ...process.env, CLREMU_HOST_ONLY: 'x', HOME: '/home/someone' },
  });
  expect(run.stdout.replace(/\r\n/g, '\n').split('\n').slice(0, 5)).toEqual(['USERNAME=user', 'COMPUTERNAME=CLREMU', 'HOME=<unset>', 'PATH=C:\\Windows\\system32;C:\\Windows', 'TEMP=C:\\Windows\\Temp']);
  expect(run.status).toBe(1);
}, 60_000);

test('WindowsFacts_EnvironmentAndPathAnswers_AsWindowsWithTheGuestEnvironment', () => {
  const run = spawnSync('node', [CLREMU, 'run', '--env', 'USERNAME=alice', '--env', 'COMPUTERNAME=BUILD01', path.join(BUILT, 'WindowsFacts.exe')], { encoding: 'latin1', timeout: 60_000 });
  expect(run.stdout.split('\r\n')).toEqual([
    'BUILD01', 'alice', 'BUILD01', 'Microsoft Windows NT 10.0.19041.0', '1', 'C:\\app', 'C:\\Windows\\system32', '2',
    'C:\\Users\\user\\AppData\\Roaming', 'C:\\Users\\user', 'C:\\Windows', 'True', 'C:\\Windows\\Temp\\', 'C:\\app\\y.txt', 'C:\\', 'C:\\', '',
  ]);
  expect(run.status).toBe(0);
}, 60_000);

test('NativeFiles_Kernel32FileApiOnAMount_WindowsAnswers', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-files-'));
  try {
    const run = spawnSync('node', [CLREMU, 'run', '--mount', `${dir}:${GUEST_DIR}`, path.join(BUILT, 'nativefiles.exe'), GUEST_DIR], { encoding: 'latin1', timeout: 60_000 });
    expect(run.stdout.replace(/\r\n/g, '\n').split('\n')).toEqual([
      'wrote 16',
      'create again: failed 80',
      'size 16, read 6 from 10: abcdef',
      'at end: 0',
      'mkdir again: 0 183',
      'move: 1',
      'copy: 1',
      'sub is a directory: 1',
      'missing: ffffffff 2',
      'missing dir: ffffffff 3',
      '  .\\ 0',
      '  ..\\ 0',
      '  copy.txt 16',
      '  sub\\ 0',
      'end of list: 18',
      'rmdir non-empty: 0 145',
      'rmdir: 1',
      'full path C:\\y\\z.txt, file part z.txt',
      'outside: failed 3',
      '',
    ]);
    expect({ status: run.status, files: snapshot(dir) }).toEqual({ status: 0, files: { 'copy.txt': '0123456789abcdef' } });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);

test('Repeatable_GuidRandomClockStopwatch_TwoRunsPrintTheSame', () => {
  const once = (): string => spawnSync('node', [CLREMU, 'run', path.join(BUILT, 'Repeatable.exe')], { encoding: 'latin1', timeout: 60_000 }).stdout;
  const first = once();
  expect(first.split('\r\n')).toHaveLength(6);
  expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\r\n/);
  expect(first).toContain('\r\n2024-01-01T00:00:00.');
  expect(once()).toBe(first);
}, 120_000);
