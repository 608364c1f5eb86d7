/**
 * Benchmarks of the emulated machine (emu/):
 * - a tight arithmetic loop and a call-heavy recursive fib, the same C compiled twice: by mingw-w64
 *   for the guest (its .text extracted and run on the emulated CPU) and by the host gcc as the
 *   native reference; the results must agree before a time is reported;
 * - guest-to-host gate round trips per second, for default gates (which leave and re-enter the
 *   CPU loop so the handler may call back into the guest) and leaf gates (handled inside the hook).
 *
 * Native helpers are built at bench time into build/bench/.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Machine, Prot, Reg } from '../emu';
import type { BenchContext, BenchModule, BenchRow } from './run';

const KERNELS_C = `
#include <stdint.h>
__attribute__((noinline)) uint64_t tight_loop(uint64_t n) {
  uint64_t s = 0;
  for (uint64_t i = 0; i < n; i++) s = s * 31 + (i ^ (s >> 7));
  return s;
}
__attribute__((noinline)) uint64_t fib(uint64_t n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
#ifdef HOST_DRIVER
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
/* usage: kernels-host <tight_loop|fib> <n> <repeats>; prints "<result> <best ns>" */
int main(int argc, char **argv) {
  uint64_t (*fn)(uint64_t) = strcmp(argv[1], "fib") == 0 ? fib : tight_loop;
  uint64_t n = strtoull(argv[2], 0, 10), result = 0;
  double best = 1e300;
  for (int r = 0; r < atoi(argv[3]); r++) {
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    result = fn(n);
    clock_gettime(CLOCK_MONOTONIC, &b);
    double ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
    if (ns < best) best = ns;
  }
  printf("%llu %.0f\\n", (unsigned long long)result, best);
  return 0;
}
#endif
`;

const TIGHT_N = 20_000_000;
const FIB_N = 27;
const REPEATS = 3;
const GATE_CALLS = 200_000;

interface GuestKernels { text: Uint8Array; offsets: Map<string, number> }

function buildKernels(dir: string): { host: string; guest: GuestKernels } {
  fs.mkdirSync(dir, { recursive: true });
  const src = path.join(dir, 'kernels.c');
  fs.writeFileSync(src, KERNELS_C);
  const host = path.join(dir, 'kernels-host');
  execFileSync('gcc', ['-O2', '-DHOST_DRIVER', '-o', host, src]);
  const obj = path.join(dir, 'kernels-guest.obj');
  const raw = path.join(dir, 'kernels-guest.text');
  execFileSync('x86_64-w64-mingw32-gcc', ['-O2', '-c', '-fno-asynchronous-unwind-tables', '-o', obj, src]);
  const relocs = execFileSync('x86_64-w64-mingw32-objdump', ['-r', obj]).toString();
  if (/RELOCATION RECORDS/.test(relocs)) {
    throw new Error('bench: the guest kernels need relocations; extracting .text alone would be wrong');
  }
  execFileSync('x86_64-w64-mingw32-objcopy', ['-O', 'binary', '-j', '.text', obj, raw]);
  const offsets = new Map<string, number>();
  for (const line of execFileSync('x86_64-w64-mingw32-nm', [obj]).toString().split('\n')) {
    const m = /^([0-9a-f]+) T (\w+)$/.exec(line.trim());
    if (m) offsets.set(m[2], parseInt(m[1], 16));
  }
  return { host, guest: { text: new Uint8Array(fs.readFileSync(raw)), offsets } };
}

function hostRun(host: string, fn: string, n: number): { result: bigint; ms: number } {
  const [result, ns] = execFileSync(host, [fn, String(n), String(REPEATS)]).toString().trim().split(' ');
  return { result: BigInt(result), ms: Number(ns) / 1e6 };
}

const CODE = 0x1_4000_0000n;
const STACK = 0x3_0000_0000n;
const STACK_SIZE = 0x100_0000n;

function newMachine(): Machine {
  const m = Machine.create();
  m.memory.reserve(0x10_0000, { at: CODE });
  m.memory.commit(CODE, 0x10_0000, Prot.Read | Prot.Execute);
  m.memory.reserve(STACK_SIZE, { at: STACK });
  m.memory.commit(STACK, STACK_SIZE, Prot.Read | Prot.Write);
  m.setReg(Reg.RSP, STACK + STACK_SIZE - 0x100n);
  return m;
}

function guestRun(kernels: GuestKernels, fn: string, n: number): { result: bigint; ms: number } {
  const offset = kernels.offsets.get(fn);
  if (offset === undefined) throw new Error(`bench: symbol ${fn} not found in the guest kernels`);
  const m = newMachine();
  try {
    m.memory.write(CODE, kernels.text);
    let best = Number.POSITIVE_INFINITY;
    let result = 0n;
    for (let r = 0; r < REPEATS; r++) {
      const t0 = performance.now();
      result = m.callGuest(CODE + BigInt(offset), [BigInt(n)]);
      best = Math.min(best, performance.now() - t0);
    }
    return { result, ms: best };
  } finally {
    m.close();
  }
}

/** Guest loop: `GATE_CALLS` calls through the gate; returns round trips per second. */
function gateRate(leaf: boolean): number {
  const m = newMachine();
  try {
    let count = 0;
    const gate = m.gates.define('bench!tick', () => { count++; return count; }, { leaf });
    // mov ecx, N; sub rsp, 0x28; mov rbx, gate; l: push rcx; push rcx; call rbx; pop rcx; pop rcx;
    // dec ecx; jnz l; add rsp, 0x28; ret
    const code: number[] = [0xB9, ...u32(GATE_CALLS), 0x48, 0x83, 0xEC, 0x28, 0x48, 0xBB, ...u64(gate),
      0x51, 0x51, 0xFF, 0xD3, 0x59, 0x59, 0xFF, 0xC9, 0x75, 0xF6, 0x48, 0x83, 0xC4, 0x28, 0xC3];
    m.memory.write(CODE, Uint8Array.from(code));
    let best = Number.POSITIVE_INFINITY;
    for (let r = 0; r < REPEATS; r++) {
      count = 0;
      const t0 = performance.now();
      m.callGuest(CODE, []);
      best = Math.min(best, performance.now() - t0);
      if (count !== GATE_CALLS) throw new Error(`bench: gate ran ${count} times, expected ${GATE_CALLS}`);
    }
    return GATE_CALLS / (best / 1000);
  } finally {
    m.close();
  }
}

function u32(v: number): number[] { return [v & 0xFF, (v >>> 8) & 0xFF, (v >>> 16) & 0xFF, (v >>> 24) & 0xFF]; }
function u64(v: bigint): number[] { return [...u32(Number(v & 0xFFFF_FFFFn)), ...u32(Number(v >> 32n))]; }

export const bench: BenchModule = {
  title: 'emu: emulated CPU against native, gate round trips',
  run(ctx: BenchContext): BenchRow[] {
    const { host, guest } = buildKernels(ctx.buildDir);
    const rows: BenchRow[] = [];
    for (const [fn, n, label] of [['tight_loop', TIGHT_N, `tight loop (${TIGHT_N / 1e6}M iterations)`],
                                  ['fib', FIB_N, `call-heavy fib(${FIB_N})`]] as const) {
      const native = hostRun(host, fn, n);
      const emulated = guestRun(guest, fn, n);
      if (native.result !== emulated.result) {
        throw new Error(`bench: ${fn}(${n}) gave ${emulated.result} emulated but ${native.result} native`);
      }
      rows.push({ name: label, clremu: emulated.ms, reference: native.ms, unit: 'ms', better: 'lower' });
    }
    rows.push({ name: 'gate round trips (default)', clremu: gateRate(false), unit: 'calls/s', better: 'higher',
                note: 'leaves and re-enters uc_emu_start per call; the handler may call back into the guest' });
    rows.push({ name: 'gate round trips (leaf)', clremu: gateRate(true), unit: 'calls/s', better: 'higher',
                note: 'handler runs inside the syscall hook' });
    return rows;
  },
};
