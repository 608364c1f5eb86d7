/**
 * Determinism and `--seed` (loader/clock.ts):
 *  - the virtual clock: seed 0 keeps the fixed instants (2024-01-01T00:00Z, one hour of uptime);
 *    another seed moves them within a day; the entropy stream depends only on the seed;
 *  - a managed program that reads Environment.TickCount, `new Random().Next()` (seeded from
 *    System.Native's random bytes) and DateTime.UtcNow, traced instruction by instruction: two runs
 *    with the same seed give byte-identical traces (SHA-256) and output; a different seed gives
 *    different values; no seed is seed 0 (same output);
 *  - a bad `--seed` is one line naming it, before the guest runs.
 * `npm test` builds dist/ and the inputs first.
 */
import { spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { FILETIME_UNIX_EPOCH, FIXED_START_UNIX_MS, parseSeed, SeedError, UPTIME_AT_START_MS, VirtualClock } from '../../loader/clock';

const root = path.resolve(__dirname, '..', '..');
const bin = path.join(root, 'bin', 'clremu');
const seedExe = path.join(root, 'build', 'test', 'trace', 'trace-inputs', 'Seed.exe');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-seed-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('Clock_SeedZero_FixedInstants_OtherSeedsWithinADay', () => {
  const zero = new VirtualClock();
  expect(zero.tickCount()).toBe(UPTIME_AT_START_MS);
  const start = FILETIME_UNIX_EPOCH + BigInt(FIXED_START_UNIX_MS) * 10_000n;
  expect(new VirtualClock(0n).systemTime()).toBe(start + 1000n);
  const seeded = new VirtualClock(42n);
  const first = seeded.systemTime();
  const t = first - start;
  expect(t).toBeGreaterThan(1000n);
  expect(t).toBeLessThan(86_400_000n * 10_000n + 2000n);
  expect(seeded.tickCount()).toBeGreaterThan(UPTIME_AT_START_MS);
  expect(new VirtualClock(42n).systemTime()).toBe(first);
});

test('Entropy_SameSeedSameBytes_DifferentSeedDifferentBytes_IndependentOfClockReads', () => {
  const a = new VirtualClock(7n);
  const b = new VirtualClock(7n);
  b.systemTime();
  b.tickCount();
  const bytes = a.randomBytes(13);
  expect(Buffer.from(b.randomBytes(13))).toEqual(Buffer.from(bytes));
  expect(Buffer.from(new VirtualClock(8n).randomBytes(13))).not.toEqual(Buffer.from(bytes));
  expect(new Set(bytes).size).toBeGreaterThan(5);
});

test.each(['-1', '1.5', 'abc', '0x1_0000_0000_0000_0000', String(1n << 64n)])('ParseSeed_%s_SeedError', (text) => {
  expect(() => parseSeed(text)).toThrow(SeedError);
});

test('ParseSeed_DecimalAndHex', () => {
  expect(parseSeed('12')).toBe(12n);
  expect(parseSeed('0xff')).toBe(255n);
  expect(parseSeed(String((1n << 64n) - 1n))).toBe((1n << 64n) - 1n);
});

/**
 * Runs Seed.exe with a full instruction trace (about 2 GB of text for this program), hashed as it
 * streams out of the child through a named pipe, so nothing that size lands on disk or in memory.
 */
let fifos = 0;
function traced(...seedArgs: string[]): Promise<{ stdout: string; hash: string }> {
  if (!fs.existsSync(seedExe)) throw new Error('build/test/trace/trace-inputs/Seed.exe is missing: run `npm run build && npm run setup`');
  const fifo = path.join(tmp, `trace-${fifos++}.fifo`);
  const made = spawnSync('mkfifo', [fifo]);
  if (made.status !== 0) throw new Error(`mkfifo failed: ${made.stderr}`);
  return new Promise((resolve, reject) => {
    const child = spawn('node', [bin, 'run', ...seedArgs, '--trace', fifo, seedExe], { stdio: ['ignore', 'pipe', 'pipe'] });
    const trace = fs.createReadStream(fifo);
    let traceDone = false;
    let exited: number | null | undefined;
    const hash = createHash('sha256');
    let stdout = '';
    let stderr = '';
    let bytes = 0;
    const settle = (): void => {
      if (!traceDone || exited === undefined) return;
      if (exited !== 0) reject(new Error(`Seed.exe failed (${exited}): ${stderr}`));
      else if (bytes < 1_000_000) reject(new Error(`the trace is only ${bytes} bytes`));
      else resolve({ stdout, hash: hash.digest('hex') });
    };
    trace.on('data', (d: Buffer | string) => { hash.update(d); bytes += d.length; });
    trace.on('end', () => { traceDone = true; settle(); });
    trace.on('error', reject);
    child.stdout!.on('data', (d: Buffer) => { stdout += d.toString('utf8'); });
    child.stderr!.on('data', (d: Buffer) => { stderr += d.toString('utf8'); });
    child.on('error', reject);
    child.on('close', (status) => {
      exited = status;
      // A child that failed before opening the pipe never ends the reader: stop waiting for it.
      if (status !== 0) { traceDone = true; trace.destroy(); }
      settle();
    });
  });
}

test('ManagedTrace_SameSeedIdenticalHashes_DifferentSeedDifferentValues', async () => {
  const [a, b] = [await traced('--seed', '5'), await traced('--seed', '5')];
  // Reaches System.Environment::get_TickCount, System.DateTime::GetSystemTimeAsFileTime and
  // System.Native.dll!SystemNative_GetNonCryptographicallySecureRandomBytes.
  expect(a.stdout).toMatch(/^tick \d+\r\nrandom \d+\r\nutc \d+\r\n$/);
  expect(b).toEqual(a);
  const other = await traced('--seed', '6');
  const lines = (s: string) => s.split('\r\n');
  // Each source moves with the seed.
  for (let i = 0; i < 3; i++) expect(lines(other.stdout)[i]).not.toBe(lines(a.stdout)[i]);
  expect(other.hash).not.toBe(a.hash);
  // No --seed is seed 0: the fixed clock (one hour of uptime, 2024-01-01).
  const plain = (...args: string[]) => spawnSync('node', [bin, 'run', ...args, seedExe], { encoding: 'utf8', timeout: 60_000 }).stdout;
  const none = plain();
  expect(plain('--seed', '0')).toBe(none);
  expect(none).toMatch(/^tick 36000\d\d\r\n/);
}, 600_000);

test('BadSeed_OneLineBeforeTheGuestRuns', () => {
  const r = spawnSync('node', [bin, 'run', '--seed', 'soon', seedExe], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe('clremu: SeedError: --seed "soon": expected a whole number from 0 to 2^64-1 (decimal or 0x hex)\n');
});
