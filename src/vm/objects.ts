/**
 * Object allocation in the managed heap with the layouts Mono's class library expects
 * (shared/mono-bcl-contract.md §1.1–1.3): a 16-byte header (MethodTable @0, sync word @8);
 * String = length @16, UTF-16 chars @20 and a NUL after them; a one-dimensional array = bounds
 * (null) @16, length @24 (uint32, upper half zero), elements @32. Memory comes zeroed from the
 * collector (src/vm/gc), which writes the header; fresh objects need only their length written.
 * Any allocation may collect: a caller holding other references across one keeps them in
 * `GarbageCollector.protect`.
 *
 * String literals (`ldstr`) are interned per text: each gets a slot in the loader heap that
 * holds the string reference (the handle the JIT loads from); the slot is a registered root.
 */
import type { Memory } from '../../emu';
import { HeapExhaustedError, VmError } from './errors';
import type { GarbageCollector } from './gc/collector';
import { alignObjectSize } from './gc/size-classes';
import type { RuntimeHeaps } from './heaps';
import { ARRAY_DATA_OFFSET, ARRAY_LENGTH_OFFSET, OBJECT_HEADER_SIZE, STRING_DATA_OFFSET, STRING_LENGTH_OFFSET, TypeDesc, TypeKind } from './type-desc';

/** Largest element count an array may have (the CLR's limit for one dimension). */
export const MAX_ARRAY_LENGTH = 0x7fff_ffc7;

export class ObjectAllocator {
  private readonly literals = new Map<string, bigint>();

  constructor(
    private readonly memory: Memory,
    private readonly heaps: RuntimeHeaps,
    private readonly gc: GarbageCollector,
    /** The loaded System.String type, asked for on first use. */
    private readonly stringType: () => TypeDesc,
  ) {}

  /** A new String object holding `text` (UTF-16 code units as they are). */
  allocString(text: string): bigint {
    const mt = this.stringType().methodTable;
    const obj = this.gc.allocate(mt, alignObjectSize(STRING_DATA_OFFSET + 2 * (text.length + 1)));
    this.memory.setU32(obj + BigInt(STRING_LENGTH_OFFSET), text.length);
    const bytes = new Uint8Array(2 * text.length);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      bytes[2 * i] = c & 0xff;
      bytes[2 * i + 1] = c >> 8;
    }
    if (bytes.length) this.memory.write(obj + BigInt(STRING_DATA_OFFSET), bytes);
    return obj;
  }

  /** Reads a String object back (for tests, traces and icalls). */
  readString(obj: bigint): string {
    const len = this.memory.u32(obj + BigInt(STRING_LENGTH_OFFSET));
    const b = this.memory.read(obj + BigInt(STRING_DATA_OFFSET), 2 * len);
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(b[2 * i]! | (b[2 * i + 1]! << 8));
    return s;
  }

  /** A new zeroed one-dimensional array of the (loaded) array type `arrayType`. */
  allocArray(arrayType: TypeDesc, length: number): bigint {
    if (arrayType.kind !== TypeKind.SzArray || arrayType.methodTable === 0n) throw new VmError(`allocArray needs a loaded array type, got ${arrayType.fullName}`);
    if (length < 0 || length > MAX_ARRAY_LENGTH) throw new HeapExhaustedError('managed heap', length);
    const size = alignObjectSize(ARRAY_DATA_OFFSET + length * arrayType.element!.valueSize);
    const obj = this.gc.allocate(arrayType.methodTable, size);
    this.memory.setU32(obj + BigInt(ARRAY_LENGTH_OFFSET), length);
    return obj;
  }

  /** A new zeroed instance of the (loaded) class `type`, or a zeroed box of value type `type` (value @16). */
  allocObject(type: TypeDesc): bigint {
    if (type.methodTable === 0n) throw new VmError(`allocObject needs a loaded type, got ${type.fullName}`);
    if (type.kind === TypeKind.ValueType) return this.gc.allocate(type.methodTable, alignObjectSize(OBJECT_HEADER_SIZE + type.instanceSize));
    if (type.kind !== TypeKind.Class) throw new VmError(`allocObject needs a class or a value type, got ${type.fullName}`);
    return this.gc.allocate(type.methodTable, alignObjectSize(Math.max(type.instanceSize, OBJECT_HEADER_SIZE)));
  }

  /** The slot holding the interned String for literal `text`. */
  literalSlot(text: string): bigint {
    let slot = this.literals.get(text);
    if (slot === undefined) {
      const str = this.allocString(text);
      slot = this.heaps.loader.alloc(8, 8);
      this.memory.setU64(slot, str);
      this.gc.addRootSlot(slot);
      this.literals.set(text, slot);
    }
    return slot;
  }
}
