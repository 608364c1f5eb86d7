/**
 * Minidumps of crashed guest processes, read back by an independent parser: lldb (Debian package
 * `lldb`), which opens Windows minidumps with `--core`. For each crash — the native null write
 * (samples/native/crash.exe), a write to a wild address from an image with a CodeView record
 * (buildid.exe), and a read fault inside a native DLL (usefaultdll.exe → faultdll.dll) — the test
 * compares what lldb reports with what clremu wrote: the exception code and address, the thread id,
 * every general-purpose register, RIP and RFLAGS, the module list (base and path), the CodeView
 * identity of the image that has one, and the stack bytes at RSP.
 *
 * A structural test also pins the file layout against the sizes and offsets of minidumpapiset.h
 * (header, directory, CONTEXT size and flags, exception parameters of an access violation).
 *
 * Inputs come from test/trace/trace-inputs/build.json and samples/native (`npm test` builds them).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BufferedHostIo, runImage, type CrashContext } from '../../loader';
import { minidumpFromCrash, writeMinidump, type MinidumpInput } from '../../src/trace/minidump';

const root = path.resolve(__dirname, '..', '..');
const inputs = path.join(root, 'build', 'test', 'trace', 'trace-inputs');
const samples = path.join(root, 'build', 'samples', 'native');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-minidump-'));

interface Crashed {
  dumpPath: string;
  input: MinidumpInput;
  modules: { name: string; path: string; base: bigint }[];
  stackBytes: Uint8Array;
}

async function crashAndDump(image: string): Promise<Crashed> {
  if (!fs.existsSync(image)) throw new Error(`${path.relative(root, image)} is missing: run \`npm run build && npm run setup\``);
  let captured: Crashed | undefined;
  const result = await runImage({
    imagePath: image,
    io: new BufferedHostIo(),
    maxInstructions: 50_000_000,
    onCrash: (crash: CrashContext) => {
      const input = minidumpFromCrash(crash);
      const dumpPath = path.join(tmp, `${path.basename(image)}.dmp`);
      fs.writeFileSync(dumpPath, writeMinidump(input));
      captured = {
        dumpPath, input,
        modules: crash.modules.map((m) => ({ name: m.name, path: m.path, base: m.base })),
        stackBytes: crash.memory.read(crash.context.rsp, 32),
      };
    },
  });
  expect(result.kind).toBe('crashed');
  if (!captured) throw new Error('onCrash was not called');
  return captured;
}

/** Runs lldb on a dump; lldb's Python warnings on stderr are irrelevant here. */
function lldb(dump: string, commands: string[]): string {
  const r = spawnSync('lldb', ['--batch', '--no-lldbinit', '--core', dump, ...commands.flatMap((c) => ['-o', c])], { encoding: 'utf8', timeout: 60_000 });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new Error('lldb is not installed: the minidump tests read dumps back with it (Debian package `lldb`)');
  }
  return r.stdout;
}

const hex = (v: bigint | number) => `0x${v.toString(16).padStart(16, '0')}`;

/** Everything lldb says about a dump that the tests compare. */
function readBack(dump: string, rsp: bigint) {
  const out = lldb(dump, ['thread list', 'register read', 'image list', `memory read -c 32 ${hex(rsp)}`]);
  const thread = out.match(/thread #1: tid = (0x[0-9a-f]+), (0x[0-9a-f]+).*stop reason = Exception (0x[0-9a-f]+) encountered at address (0x[0-9a-f]+)/);
  if (!thread) throw new Error(`lldb did not report the crashed thread:\n${out}`);
  const registers = new Map<string, bigint>();
  for (const m of out.matchAll(/^\s+(\w+) = (0x[0-9a-f]+)/gm)) registers.set(m[1], BigInt(m[2]));
  const images = [...out.matchAll(/^\[\s*\d+\] (?:([0-9A-F-]+) )?\s*(0x[0-9a-f]+) (.+?)\s*$/gm)].map((m) => ({ uuid: m[1], base: BigInt(m[2]), path: m[3] }));
  const memory = [...out.matchAll(/^0x[0-9a-f]+: ((?:[0-9a-f]{2} ){16})/gm)].flatMap((m) => m[1].trim().split(' ').map((b) => parseInt(b, 16)));
  return { tid: Number(thread[1]), pc: BigInt(thread[2]), code: Number(thread[3]), address: BigInt(thread[4]), registers, images, memory };
}

const GPRS = ['rax', 'rbx', 'rcx', 'rdx', 'rsi', 'rdi', 'rbp', 'rsp', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15', 'rip', 'rflags'] as const;

function expectReadBackMatches(c: Crashed) {
  const ctx = c.input.thread.context.registers;
  const back = readBack(c.dumpPath, ctx.rsp);
  expect(back.code).toBe(c.input.exception.code);
  expect(back.address).toBe(c.input.exception.address);
  expect(back.pc).toBe(ctx.rip);
  expect(back.tid).toBe(c.input.thread.id);
  for (const r of GPRS) expect([r, back.registers.get(r)]).toEqual([r, ctx[r]]);
  expect(back.images.map((i) => [i.base, i.path.split(/[\\/]/).pop()!.toLowerCase()])).toEqual(
    c.modules.map((m) => [m.base, m.path.split('\\').pop()!.toLowerCase()]),
  );
  expect(back.memory).toEqual(Array.from(c.stackBytes));
  return back;
}

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('NullWrite_CrashExe_LldbReadsExceptionThreadContextModulesAndStack', async () => {
  const c = await crashAndDump(path.join(samples, 'crash.exe'));
  expect(c.input.exception.code).toBe(0xc0000005);
  expect(c.input.exception.parameters).toEqual([1n, 0n]); // write, at address 0
  expectReadBackMatches(c);
});

test('WildWrite_ImageWithCodeView_LldbShowsItsUuid', async () => {
  const c = await crashAndDump(path.join(inputs, 'buildid.exe'));
  expect(c.input.exception.parameters).toEqual([1n, 0x10n]);
  const main = c.input.modules.find((m) => m.path.toLowerCase().endsWith('buildid.exe'))!;
  expect(main.codeView).toBeDefined();
  const cv = Buffer.from(main.codeView!);
  expect(cv.subarray(0, 4).toString('latin1')).toBe('RSDS');
  const back = expectReadBackMatches(c);
  // lldb prints the RSDS GUID (Data1–3 little-endian) and the age as the module's UUID.
  const g = cv.subarray(4, 20);
  const guid = [g.readUInt32LE(0).toString(16).padStart(8, '0'), g.readUInt16LE(4).toString(16).padStart(4, '0'), g.readUInt16LE(6).toString(16).padStart(4, '0'),
    g.subarray(8, 10).toString('hex'), g.subarray(10, 16).toString('hex')].join('-').toUpperCase();
  const age = cv.readUInt32LE(20).toString(16).padStart(8, '0').toUpperCase();
  expect(back.images[0].uuid).toBe(`${guid}-${age}`);
});

test('ReadFaultInsideNativeDll_LldbPlacesRipInFaultdll', async () => {
  const c = await crashAndDump(path.join(inputs, 'usefaultdll.exe'));
  expect(c.input.exception.parameters).toEqual([0n, 0xdead0000n]); // read
  const back = expectReadBackMatches(c);
  const dll = c.modules.find((m) => m.name.toLowerCase() === 'faultdll.dll')!;
  const dllSize = c.input.modules.find((m) => m.base === dll.base)!.size;
  expect(back.pc >= dll.base && back.pc < dll.base + BigInt(dllSize)).toBe(true);
});

test('Layout_HeaderDirectoryContextAndExceptionMatchMinidumpApiSet', async () => {
  const c = await crashAndDump(path.join(samples, 'crash.exe'));
  const b = Buffer.from(fs.readFileSync(c.dumpPath));
  expect(b.readUInt32LE(0)).toBe(0x504d444d); // 'MDMP'
  expect(b.readUInt32LE(4) & 0xffff).toBe(0xa793);
  const count = b.readUInt32LE(8);
  const dir = b.readUInt32LE(12);
  const streams = new Map<number, { size: number; rva: number }>();
  for (let i = 0; i < count; i++) streams.set(b.readUInt32LE(dir + 12 * i), { size: b.readUInt32LE(dir + 12 * i + 4), rva: b.readUInt32LE(dir + 12 * i + 8) });
  expect([...streams.keys()].sort((x, y) => x - y)).toEqual([3, 4, 5, 6, 7, 15]);
  for (const s of streams.values()) expect(s.rva + s.size).toBeLessThanOrEqual(b.length);
  const sys = streams.get(7)!;
  expect([b.readUInt16LE(sys.rva), b.readUInt32LE(sys.rva + 8), b.readUInt32LE(sys.rva + 16), b.readUInt32LE(sys.rva + 20)]).toEqual([9, 10, 19041, 2]);
  const ex = streams.get(6)!;
  expect(ex.size).toBe(168);
  expect(b.readUInt32LE(ex.rva + 8)).toBe(0xc0000005);
  expect(b.readBigUInt64LE(ex.rva + 8 + 16)).toBe(c.input.exception.address);
  expect(b.readUInt32LE(ex.rva + 8 + 24)).toBe(2);
  const ctx = { size: b.readUInt32LE(ex.rva + 160), rva: b.readUInt32LE(ex.rva + 164) };
  expect(ctx.size).toBe(0x4d0);
  expect(b.readUInt32LE(ctx.rva + 0x30)).toBe(0x10000b); // CONTEXT_FULL
  expect(b.readBigUInt64LE(ctx.rva + 0xf8)).toBe(c.input.exception.address); // Rip
  expect(b.readBigUInt64LE(ctx.rva + 0x98)).toBe(c.input.thread.context.registers.rsp); // Rsp
  const threads = streams.get(3)!;
  expect(b.readUInt32LE(threads.rva)).toBe(1);
  expect(b.readBigUInt64LE(threads.rva + 4 + 16)).toBe(c.input.thread.teb);
  expect(b.readUInt32LE(threads.rva + 4 + 44)).toBe(ctx.rva); // the same CONTEXT as the exception's
});
