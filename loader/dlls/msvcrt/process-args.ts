/**
 * The C runtime's view of the command line and environment: argv and envp arrays built once in
 * CRT-owned guest memory (ANSI and wide), which `__getmainargs`, `__wgetmainargs`, `__argc`/
 * `__argv`, `_environ` and `getenv` all share, so pointers handed to the program stay valid.
 */
import type { Os } from '../../os';
import { crt } from './state';
import { CrtStartupError } from './state';

export interface ArgBlock {
  argc: number;
  /** char*[argc + 1] (NULL-terminated). */
  argv: bigint;
  /** char*[n + 1]: "NAME=VALUE" strings, NULL-terminated. */
  envp: bigint;
}

function latin1Bytes(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x100 ? code : 0x3f;
  });
}

function utf16Bytes(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, 'utf16le'));
}

function stringArray(os: Os, list: readonly string[], wide: boolean): bigint {
  const state = crt(os);
  const encode = wide ? utf16Bytes : latin1Bytes;
  const nul = wide ? 2 : 1;
  const alloc = (n: number) => {
    const p = state.heap.alloc(n, true);
    if (p === 0n) throw new CrtStartupError('out of guest memory while building argv/envp');
    return p;
  };
  const table = alloc((list.length + 1) * 8);
  list.forEach((s, i) => {
    const bytes = encode(s);
    const p = alloc(bytes.length + nul);
    if (bytes.length > 0) os.memory.write(p, bytes);
    os.memory.setU64(table + BigInt(i * 8), p);
  });
  return table;
}

function environmentStrings(os: Os): string[] {
  return [...os.process.environment.entries()].map(([k, v]) => `${k}=${v}`);
}

function buildBlock(os: Os, wide: boolean): ArgBlock {
  return { argc: os.process.argv.length, argv: stringArray(os, os.process.argv, wide), envp: stringArray(os, environmentStrings(os), wide) };
}

/**
 * _putenv: changes the process environment (the one GetEnvironmentVariable sees too) and gives
 * `_environ`/`_wenviron` fresh arrays; `__initenv` keeps the start-up block, as in msvcrt.
 * "NAME=" removes the variable. Returns false for a string without '=' or with an empty name.
 */
export function putEnv(os: Os, assignment: string): boolean {
  const eq = assignment.indexOf('=');
  if (eq <= 0) return false;
  const name = assignment.slice(0, eq);
  const value = assignment.slice(eq + 1);
  const env = os.process.environment;
  const existing = [...env.keys()].find((k) => k.toUpperCase() === name.toUpperCase());
  if (existing !== undefined) env.delete(existing);
  if (value !== '') env.set(existing ?? name, value);
  const state = crt(os);
  const strings = environmentStrings(os);
  for (const [block, wide, cell] of [[state.argv, false, 'data:_environ'], [state.wargv, true, 'data:_wenviron']] as const) {
    if (!block) continue;
    block.envp = stringArray(os, strings, wide);
    const addr = state.blocks.get(cell);
    if (addr !== undefined) os.memory.setU64(addr, block.envp);
  }
  return true;
}

export function ansiArgs(os: Os): ArgBlock {
  const state = crt(os);
  if (!state.argv) state.argv = buildBlock(os, false);
  return state.argv;
}

export function wideArgs(os: Os): ArgBlock {
  const state = crt(os);
  if (!state.wargv) state.wargv = buildBlock(os, true);
  return state.wargv;
}

/** getenv: the address of the value inside the envp string, or 0 when the name is absent. */
export function findEnv(os: Os, name: string, wide: boolean): bigint {
  if (name === '' || name.includes('=')) return 0n;
  const block = wide ? wideArgs(os) : ansiArgs(os);
  const entries = [...os.process.environment.keys()];
  const index = entries.findIndex((k) => k.toUpperCase() === name.toUpperCase());
  if (index < 0) return 0n;
  const entry = os.memory.u64(block.envp + BigInt(index * 8));
  return entry + BigInt((entries[index]!.length + 1) * (wide ? 2 : 1));
}
