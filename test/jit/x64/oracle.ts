/**
 * Test oracles for the encoder: keystone (assembler) and capstone (disassembler), both from npm
 * wasm builds. They are run in one child `node` process per call, because their loaders use a
 * dynamic `import()` that Jest's module sandbox refuses without --experimental-vm-modules; a
 * child process needs no flag and keeps the oracle out of the code under test.
 *
 * Calls are batched: keystone assembles a whole chunk of statements at once and capstone splits
 * the result back into instructions (one statement is one instruction here); a chunk that fails
 * or splits differently is redone one statement at a time, so one bad line is pinpointed instead
 * of poisoning its chunk. Inputs are chunked well under the wasm builds' ~64 KB limit.
 */
import { execFileSync } from 'child_process';
import * as path from 'path';

/** One decoded instruction, as capstone prints it. */
export interface Decoded {
  readonly size: number;
  readonly text: string;
}

export interface OracleResult {
  /** Per statement: keystone's bytes as hex, or its error message prefixed with `error:`. */
  readonly assembled: string[];
  /** Per input byte string: capstone's decoding (normally exactly one instruction). */
  readonly decoded: Decoded[][];
}

const WORKER = String.raw`
const ks = require('keystone-wasm');
const cs = require('capstone-wasm');
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
(async () => {
  await ks.loadKeystone();
  await cs.loadCapstone();
  const k = new ks.Keystone(ks.Const.KS_ARCH_X86, ks.Const.KS_MODE_64);
  const c = new cs.Capstone(cs.Const.CS_ARCH_X86, cs.Const.CS_MODE_64);
  const hex = (b) => Buffer.from(b).toString('hex');
  const text = (i) => (i.mnemonic + ' ' + i.opStr).trim();
  const asmOne = (s) => { try { return hex(k.asm(s)); } catch (e) { return 'error: ' + e.message; } };
  const assembled = [];
  const CHUNK = 400;
  for (let i = 0; i < input.asm.length; i += CHUNK) {
    const part = input.asm.slice(i, i + CHUNK);
    let split = null;
    try {
      const bytes = k.asm(part.join('\n'));
      const insns = c.disasm(bytes);
      if (insns.length === part.length && insns.reduce((n, x) => n + x.size, 0) === bytes.length) split = insns.map((x) => hex(x.bytes));
    } catch (e) { split = null; }
    assembled.push(...(split || part.map(asmOne)));
  }
  const decoded = [];
  for (let i = 0; i < input.dis.length; i += CHUNK) {
    const part = input.dis.slice(i, i + CHUNK);
    const bytes = Buffer.from(part.join(''), 'hex');
    let insns = [];
    try { insns = c.disasm(bytes); } catch (e) { insns = []; }
    let ok = insns.length === part.length && insns.every((x, j) => x.size * 2 === part[j].length);
    if (ok) decoded.push(...insns.map((x) => [{ size: x.size, text: text(x) }]));
    else for (const h of part) {
      let one = [];
      try { one = c.disasm(Buffer.from(h, 'hex')).map((x) => ({ size: x.size, text: text(x) })); } catch (e) { one = []; }
      decoded.push(one);
    }
  }
  process.stdout.write(JSON.stringify({ assembled, decoded }));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Assembles `statements` with keystone and disassembles each of `encodings` with capstone. */
export function runOracle(statements: readonly string[], encodings: readonly (ArrayLike<number>)[]): OracleResult {
  const dis = encodings.map((b) => Buffer.from(Array.from(b)).toString('hex'));
  const out = execFileSync(process.execPath, ['-e', WORKER], {
    cwd: REPO_ROOT,
    input: JSON.stringify({ asm: statements, dis }),
    maxBuffer: 256 * 1024 * 1024,
    timeout: 120_000, // an oracle that hangs fails the test instead of stalling the suite
    encoding: 'utf8',
  });
  return JSON.parse(out) as OracleResult;
}

export const toHex = (b: ArrayLike<number>): string => Buffer.from(Array.from(b)).toString('hex').toUpperCase().replace(/(..)(?!$)/g, '$1 ');
