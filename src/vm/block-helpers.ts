/**
 * The `cpblk` and `initblk` helpers (ECMA-335 §III.3.30, §III.3.36): MemoryCopy(destination,
 * source, count) copies like memmove (the areas may overlap; the spec leaves overlap undefined,
 * so the safe reading is taken) and MemorySet(destination, byte, count) fills like memset. The
 * count is an unsigned int32. Leaf gates: neither re-enters the guest; a bad address is a guest
 * memory fault raised by the memory layer, as the instruction itself would fault.
 */
import type { Machine } from '../../emu';

/** Bytes moved per host read/write, so a huge count does not allocate one huge buffer. */
const CHUNK = 64 * 1024;

export class BlockHelpers {
  private copyGate = 0n;
  private setGate = 0n;

  constructor(private readonly machine: Machine) {}

  get memoryCopy(): bigint {
    if (this.copyGate === 0n) {
      this.copyGate = this.machine.gates.define('clr!MemoryCopy', (call) => {
        const dst = call.arg(0);
        const src = call.arg(1);
        const count = Number(call.arg(2) & 0xffff_ffffn);
        const mem = this.machine.memory;
        // Overlap with the destination after the source: copy from the end (memmove).
        const backwards = dst > src && dst < src + BigInt(count);
        for (let done = 0; done < count; done += CHUNK) {
          const n = Math.min(CHUNK, count - done);
          const off = BigInt(backwards ? count - done - n : done);
          mem.write(dst + off, mem.read(src + off, n));
        }
      }, { leaf: true });
    }
    return this.copyGate;
  }

  get memorySet(): bigint {
    if (this.setGate === 0n) {
      this.setGate = this.machine.gates.define('clr!MemorySet', (call) => {
        const dst = call.arg(0);
        const value = Number(call.arg(1) & 0xffn);
        const count = Number(call.arg(2) & 0xffff_ffffn);
        const chunk = new Uint8Array(Math.min(CHUNK, count)).fill(value);
        for (let done = 0; done < count; done += CHUNK) {
          const n = Math.min(CHUNK, count - done);
          this.machine.memory.write(dst + BigInt(done), n === chunk.length ? chunk : chunk.subarray(0, n));
        }
      }, { leaf: true });
    }
    return this.setGate;
  }
}
