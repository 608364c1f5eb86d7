/**
 * Exact instruction counts. Unicorn 2.0.1 counts executed instructions for `uc_emu_start`'s
 * `count` argument (a code hook that increments `uc->emu_counter` before each instruction and stops
 * once it passes the count) but has no API to read the counter. A run that a gate or a fault ends
 * early therefore executed an unknown number of instructions — unless the counter is read directly.
 *
 * `counterOffset` finds the field once per process: it runs known numbers of NOPs on a scratch
 * engine and keeps the one 64-bit slot of `struct uc_struct` that matched every time. If the build
 * does not show exactly one such slot, counting is refused with a `UnicornError` rather than guessed.
 *
 * Reading: after a run that hit its count the counter reads count + 1 (the hook fires for the
 * instruction it then refuses to run); otherwise it reads the instructions that started.
 */
import { check, hostView, unicorn, UcArch, UcMode, UcProt, UnicornError } from './unicorn';

/** How much of `struct uc_struct` calibration searches. */
const SCAN_BYTES = 8192;
const CALIBRATION_BASE = 0x10000n;
const NOP = 0x90;

let cachedOffset: number | undefined;

/** Byte offset of `emu_counter` inside Unicorn's engine structure. */
export function counterOffset(): number {
  if (cachedOffset !== undefined) return cachedOffset;
  const { uc } = unicorn();
  const out: unknown[] = [null];
  check(uc.uc_open(UcArch.X86, UcMode.Mode64, out), 'uc_open(calibration)');
  const handle = out[0] as bigint;
  try {
    check(uc.uc_mem_map(handle, CALIBRATION_BASE, 0x1000, UcProt.Read | UcProt.Exec), 'uc_mem_map(calibration)');
    check(uc.uc_mem_write(handle, CALIBRATION_BASE, new Uint8Array(64).fill(NOP), 64), 'uc_mem_write(calibration)');
    const words = new BigUint64Array(hostView(handle, SCAN_BYTES));
    let candidates: number[] | undefined;
    for (const n of [5, 9, 13, 7, 21]) {
      check(uc.uc_emu_start(handle, CALIBRATION_BASE, CALIBRATION_BASE + BigInt(n), 0, 1000), 'uc_emu_start(calibration)');
      const hits: number[] = [];
      for (let i = 0; i < words.length; i++) if (words[i] === BigInt(n)) hits.push(i);
      candidates = candidates ? candidates.filter((c) => hits.includes(c)) : hits;
    }
    if (!candidates || candidates.length !== 1) {
      throw new UnicornError(`cannot locate Unicorn's instruction counter (${candidates?.length ?? 0} candidates); ` +
        'this Unicorn build differs from the 2.0.1 layout clremu expects, so instruction budgets are unavailable');
    }
    cachedOffset = candidates[0] * 8;
    return cachedOffset;
  } finally {
    uc.uc_close(handle);
  }
}

/** A live view of one engine's counter. */
export class InstructionCounter {
  private readonly word: BigUint64Array;

  constructor(handle: bigint) {
    this.word = new BigUint64Array(hostView(handle + BigInt(counterOffset()), 8));
  }

  /** Instructions the last `uc_emu_start` started (count + 1 when it hit its count). */
  read(): number {
    return Number(this.word[0]);
  }
}
