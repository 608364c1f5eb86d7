/**
 * The code heap's contents: precode stubs, installed method bodies, class-constructor trigger
 * stubs and small boot thunks, plus the map from code addresses back to methods.
 *
 * Installing a method: link the JIT's bytes at their final address (src/jit/codegen/link.ts),
 * write them, `flushCode` the range (Unicorn does not see host writes to translated code,
 * design.md), then backpatch:
 *  - the precode's first bytes become `jmp rel32 <code>` (anyone still holding the precode
 *    address pays one direct jump);
 *  - vtable slots of loaded types that hold the precode get the code address (callvirt);
 *  - every call site recorded as still pointing at the precode (`movabs rax, <precode>; call rax`
 *    emitted by an earlier compile) gets the code address in its immediate, so compiled callers
 *    call compiled callees directly. Callers compiled after the callee get the code address from
 *    the JIT host in the first place.
 *
 * Each installed method's UNWIND_INFO is written next to its code and served by `lookup`, a
 * function table over the code heap (a loader/unwind `FunctionLookup`), so exception dispatch,
 * crash reports and the GC walk JIT frames with the same unwinder as native frames. Installs are
 * bump-allocated, so ranges arrive in address order and lookups binary-search. The same entries
 * are kept as a RUNTIME_FUNCTION array in guest memory (`functionTable`, regrown by doubling), for
 * the emulated OS's structured exception dispatch and RtlLookupFunctionEntry (as
 * RtlAddFunctionTable would register them); `onFunctionTable` hears of each new version.
 */
import { type Machine } from '../../emu';
import type { FunctionEntry, FunctionLookup } from '../../loader/unwind';
import type { CompiledMethod } from '../jit/codegen/compile';
import { linkCode } from '../jit/codegen/link';
import type { RuntimeHeaps } from './heaps';
import { MethodTableOffset, type TypeDesc } from './type-desc';
import { directJumpBytes, MethodDesc, MethodDescOffset, PRECODE_SIZE, precodeBytes } from './method-desc';

/** One installed method body: its range, its method and what the JIT produced for it. */
export interface CodeRange {
  readonly start: bigint;
  readonly end: bigint;
  readonly method: MethodDesc;
  readonly compiled: CompiledMethod;
  /** Code-heap address of the method's UNWIND_INFO. */
  readonly unwindInfo: bigint;
}

/** A RUNTIME_FUNCTION array in guest memory: `count` 12-byte entries at `address`, RVAs from `imageBase`. */
export interface GuestFunctionTable {
  readonly address: bigint;
  readonly count: number;
  readonly imageBase: bigint;
}

const RUNTIME_FUNCTION_SIZE = 12;

/** What a stub in the code heap is: its kind (`native entry`, `boot thunk` …) and its method or type. */
export interface StubName {
  readonly kind: string;
  readonly owner?: string;
}

export class CodeManager {
  private readonly byAddress = new Map<bigint, MethodDesc>();
  /** Named stubs, in address order (traces and crash reports name them). */
  private readonly stubs: { start: bigint; end: bigint; name: StubName }[] = [];
  /** Methods by precode address (traces and crash reports name precode instructions). */
  private readonly byPrecode = new Map<bigint, MethodDesc>();
  private readonly ranges: CodeRange[] = [];
  private tableAddress = 0n;
  private tableCapacity = 0;
  /** Called with the guest RUNTIME_FUNCTION table each time a method is added to it. */
  onFunctionTable?: (table: GuestFunctionTable) => void;

  constructor(
    private readonly machine: Machine,
    private readonly heaps: RuntimeHeaps,
    /** The shared prestub gate every fresh precode jumps to. */
    private readonly prestub: () => bigint,
    /** Loaded types with vtables, for slot backpatching. */
    private readonly vtableOwners: () => readonly TypeDesc[],
  ) {}

  /** Gives `md` a precode (once) and records its MethodDesc address for the prestub. */
  ensurePrecode(md: MethodDesc): bigint {
    if (md.precode !== 0n) return md.precode;
    const at = this.heaps.code.alloc(PRECODE_SIZE, 16);
    this.machine.memory.write(at, precodeBytes(md.address, this.prestub()));
    this.machine.flushCode(at, PRECODE_SIZE);
    md.precode = at;
    this.machine.memory.setU64(md.address + BigInt(MethodDescOffset.Precode), at);
    this.byAddress.set(md.address, md);
    this.byPrecode.set(at, md);
    return at;
  }

  /** The method whose precode contains `addr`. */
  methodByPrecode(addr: bigint): MethodDesc | undefined {
    for (let k = 0n; k < BigInt(PRECODE_SIZE); k++) {
      const md = this.byPrecode.get(addr - k);
      if (md) return md;
    }
    return undefined;
  }

  /** Every installed method body, in address order. */
  get installed(): readonly CodeRange[] {
    return this.ranges;
  }

  /** The method whose MethodDesc struct is at `addr` (what a precode puts in R10). */
  methodByDescAddress(addr: bigint): MethodDesc | undefined {
    return this.byAddress.get(addr);
  }

  /**
   * Places `compiled` in the code heap for `md` and returns its address. `callees` are the
   * methods whose precode address the JIT embedded; their call sites are recorded for patching.
   */
  install(md: MethodDesc, compiled: CompiledMethod, callees: ReadonlyMap<bigint, MethodDesc>): bigint {
    const size = compiled.code.length;
    const at = this.heaps.code.alloc(size, 16);
    const bytes = linkCode(compiled.code, compiled.relocations, at);
    this.machine.memory.write(at, bytes);
    this.machine.flushCode(at, size);
    const unwindInfo = this.heaps.code.alloc(compiled.unwindInfo.length, 4);
    this.machine.memory.write(unwindInfo, compiled.unwindInfo);
    this.ranges.push({ start: at, end: at + BigInt(size), method: md, compiled, unwindInfo });
    this.appendFunctionEntry(at, size, unwindInfo);
    md.code = at;
    md.codeSize = size;
    this.machine.memory.setU64(md.address + BigInt(MethodDescOffset.Code), at);
    this.machine.memory.setU16(md.address + BigInt(MethodDescOffset.Flags), md.guestFlags());
    if (callees.size > 0) this.recordCallSites(at, bytes, callees);
    return at;
  }

  /** The guest RUNTIME_FUNCTION table of every installed method (address 0 before the first). */
  get functionTable(): GuestFunctionTable {
    return { address: this.tableAddress, count: this.ranges.length, imageBase: this.heaps.code.base };
  }

  /** Writes the newest method's RUNTIME_FUNCTION, moving the array to a larger one when full. */
  private appendFunctionEntry(start: bigint, size: number, unwindInfo: bigint): void {
    const mem = this.machine.memory;
    const index = this.ranges.length - 1;
    if (index >= this.tableCapacity) {
      const capacity = Math.max(16, this.tableCapacity * 2);
      const moved = this.heaps.code.alloc(capacity * RUNTIME_FUNCTION_SIZE, 4);
      if (index > 0) mem.write(moved, mem.read(this.tableAddress, index * RUNTIME_FUNCTION_SIZE));
      this.tableAddress = moved;
      this.tableCapacity = capacity;
    }
    const base = this.heaps.code.base;
    const at = this.tableAddress + BigInt(index * RUNTIME_FUNCTION_SIZE);
    mem.setU32(at, Number(start - base));
    mem.setU32(at + 4n, Number(start - base) + size);
    mem.setU32(at + 8n, Number(unwindInfo - base));
    this.onFunctionTable?.(this.functionTable);
  }

  /** Finds `48 B8 <precode> FF D0` (movabs rax, imm64; call rax) for each still-uncompiled callee. */
  private recordCallSites(base: bigint, bytes: Uint8Array, callees: ReadonlyMap<bigint, MethodDesc>): void {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i + 12 <= bytes.length; i++) {
      if (bytes[i] !== 0x48 || bytes[i + 1] !== 0xb8 || bytes[i + 10] !== 0xff || bytes[i + 11] !== 0xd0) continue;
      const target = dv.getBigUint64(i + 2, true);
      const callee = callees.get(target);
      if (callee && callee.code === 0n) callee.pendingCallSites.push(base + BigInt(i + 2));
    }
  }

  /** Points `md`'s precode and recorded call sites at its code; returns the number of call sites patched. */
  backpatch(md: MethodDesc): number {
    const mem = this.machine.memory;
    if (md.precode !== 0n) {
      mem.write(md.precode, directJumpBytes(md.precode, md.code));
      this.machine.flushCode(md.precode, PRECODE_SIZE);
    }
    // Vtable slots holding the precode now hold the code (callvirt then calls it directly).
    if (md.slot >= 0) {
      const old = md.precode;
      for (const t of this.vtableOwners()) {
        const slotAddr = t.methodTable + BigInt(MethodTableOffset.Vtable + 8 * md.slot);
        if (md.slot < t.vtable.length && t.vtable[md.slot] === md && mem.u64(slotAddr) === old) mem.setU64(slotAddr, md.code);
      }
    }
    const sites = md.pendingCallSites.splice(0);
    for (const site of sites) {
      mem.setU64(site, md.code);
      this.machine.flushCode(site - 2n, 12);
    }
    return sites.length;
  }

  /** The compiled method containing `addr`. */
  methodAt(addr: bigint): MethodDesc | undefined {
    return this.rangeAt(addr)?.method;
  }

  /** The installed method body containing `addr` (binary search: ranges are in address order). */
  rangeAt(addr: bigint): CodeRange | undefined {
    let lo = 0;
    let hi = this.ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.ranges[mid]!;
      if (addr < r.start) hi = mid - 1;
      else if (addr >= r.end) lo = mid + 1;
      else return r;
    }
    return undefined;
  }

  /** The code heap as a function table: RUNTIME_FUNCTION-style entries relative to its base. */
  readonly lookup: FunctionLookup = (rip): FunctionEntry | undefined => {
    const r = this.rangeAt(rip);
    if (!r) return undefined;
    const base = this.heaps.code.base;
    return { imageBase: base, begin: Number(r.start - base), end: Number(r.end - base), unwindInfo: Number(r.unwindInfo - base) };
  };

  /**
   * Writes a small code sequence (boot thunk, trigger stub) into the code heap. `name` says what it
   * is for traces and crash reports: its kind, and the method it serves if any.
   */
  writeStub(bytes: Uint8Array, name?: StubName): bigint {
    const at = this.heaps.code.alloc(bytes.length, 16);
    this.machine.memory.write(at, bytes);
    this.machine.flushCode(at, bytes.length);
    if (name) this.stubs.push({ start: at, end: at + BigInt(bytes.length), name });
    return at;
  }

  /** The named stub containing `addr` (binary search: stubs are bump-allocated in address order). */
  stubAt(addr: bigint): { readonly start: bigint; readonly name: StubName } | undefined {
    let lo = 0;
    let hi = this.stubs.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = this.stubs[mid]!;
      if (addr < s.start) hi = mid - 1;
      else if (addr >= s.end) lo = mid + 1;
      else return s;
    }
    return undefined;
  }
}
