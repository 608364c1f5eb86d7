/**
 * The main (and, for now, only) thread: its TEB in guest memory, its stack and the TlsAlloc
 * slots. LastErrorValue and the TLS slots live in the TEB itself, because guest code reads them
 * there directly (mingw's and MSVC's inline GetLastError, `gs:[0x1480+8*i]`): the TypeScript side
 * only ever reads and writes through the TEB, never a private copy.
 */
import type { Memory } from '../../emu';
import type { ThreadState } from '../os';
import type { GuestArena } from './arena';
import type { ThreadStack } from './stack';
import { StructView, TEB64, TLS_EXPANSION_SLOTS, TLS_MINIMUM_AVAILABLE } from './structs';

/** TLS_OUT_OF_INDEXES as TlsAlloc reports it. */
export const TLS_OUT_OF_INDEXES = 0xffffffff;

export class MainThread implements ThreadState {
  private readonly teb: StructView<typeof TEB64>;
  private readonly slotsInUse = new Set<number>();

  constructor(
    private readonly memory: Memory,
    private readonly arena: GuestArena,
    readonly id: number,
    processId: number,
    readonly tebAddress: bigint,
    readonly stack: ThreadStack,
    pebAddress: bigint,
    tlsArray: bigint,
  ) {
    this.teb = new StructView(memory, tebAddress, TEB64);
    this.teb.setPtr('Self', tebAddress);
    this.teb.setPtr('StackBase', stack.base);
    this.teb.setPtr('StackLimit', stack.limit);
    this.teb.setPtr('DeallocationStack', stack.reservationBase);
    this.teb.setPtr('ProcessEnvironmentBlock', pebAddress);
    this.teb.setPtr('ClientIdUniqueProcess', BigInt(processId));
    this.teb.setPtr('ClientIdUniqueThread', BigInt(id));
    this.teb.setPtr('ThreadLocalStoragePointer', tlsArray);
  }

  get stackBase(): bigint {
    return this.stack.base;
  }
  get stackLimit(): bigint {
    return this.teb.ptr('StackLimit');
  }

  /** Copies the stack's current limit into the TEB after it grew. */
  syncStackLimit(): void {
    this.teb.setPtr('StackLimit', this.stack.limit);
  }

  get lastError(): number {
    return this.teb.u32('LastErrorValue');
  }
  set lastError(value: number) {
    this.teb.setU32('LastErrorValue', value);
  }

  tlsAlloc(): number {
    for (let i = 0; i < TLS_MINIMUM_AVAILABLE + TLS_EXPANSION_SLOTS; i++) {
      if (this.slotsInUse.has(i)) continue;
      this.slotsInUse.add(i);
      this.memory.setU64(this.slotAddress(i, true), 0n);
      return i;
    }
    return TLS_OUT_OF_INDEXES;
  }

  tlsFree(index: number): boolean {
    if (!this.slotsInUse.delete(index)) return false;
    this.memory.setU64(this.slotAddress(index, true), 0n);
    return true;
  }

  tlsGet(index: number): bigint {
    if (!this.slotsInUse.has(index)) return 0n;
    return this.memory.u64(this.slotAddress(index, true));
  }

  tlsSet(index: number, value: bigint): boolean {
    if (!this.slotsInUse.has(index)) return false;
    this.memory.setU64(this.slotAddress(index, true), value);
    return true;
  }

  /** Slots 0–63 are inside the TEB; 64–1087 in the expansion array, allocated on first use. */
  private slotAddress(index: number, create: boolean): bigint {
    if (index < TLS_MINIMUM_AVAILABLE) return this.teb.at('TlsSlots') + BigInt(index * 8);
    let expansion = this.teb.ptr('TlsExpansionSlots');
    if (expansion === 0n && create) {
      expansion = this.arena.alloc(TLS_EXPANSION_SLOTS * 8, 16);
      this.teb.setPtr('TlsExpansionSlots', expansion);
    }
    return expansion + BigInt((index - TLS_MINIMUM_AVAILABLE) * 8);
  }
}
