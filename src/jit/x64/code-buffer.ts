/**
 * The code buffer: a sequence of encoded instructions, labels, data and alignment, turned into
 * bytes plus relocations by `finish()`.
 *
 * Labels are ids owned by the buffer (`newLabel()`, `bind()`), bound at most once. Jumps to
 * labels (jmp, jcc) are relaxed: every such branch starts in its short rel8 form, and `finish()`
 * repeatedly lays out the code and widens to rel32 each branch whose displacement does not fit a
 * signed byte, until nothing changes. Branches only ever grow, so this terminates (at most one
 * pass per branch) and gives the short form to every branch that can have it under the final
 * layout, forward or backward — the same result as LLVM's assembler for code without alignment.
 * Calls to labels and RIP-relative references to labels always use 32-bit fields.
 *
 * The VM places the finished code at an address known only then, so anything that depends on
 * that address leaves the buffer as a `Relocation`; everything internal is resolved here.
 */
import { EncodingError, LabelError } from './errors';
import { Encoded, Fixup, encodeInstruction } from './encoder';
import { nopBytes } from './nops';
import { ExternalSymbol, Label, Operand } from './operands';

/** Kinds of relocation the VM applies when it places the code at its final address. */
export const enum RelocKind {
  /** 32-bit PC-relative: field = S + A − P (P = address of the field); calls, jumps, RIP-relative data. */
  Rel32 = 1,
  /** 64-bit absolute address of an external symbol: field = S + A (`mov r64, imm64` of an address). */
  Abs64 = 2,
  /** 64-bit absolute address inside this code: field = CodeBase + A (jump tables, return addresses). */
  CodeAbs64 = 3,
}

/** A field of the finished code that depends on where the code (or a symbol) lands. */
export interface Relocation {
  /** Offset of the field from the start of the code. */
  readonly offset: number;
  readonly kind: RelocKind;
  /** The symbol S; null for `CodeAbs64`. */
  readonly symbol: ExternalSymbol | null;
  /** The addend A (see `RelocKind`). */
  readonly addend: number;
}

/** What `finish()` returns. */
export interface FinishedCode {
  readonly bytes: Uint8Array;
  readonly relocations: readonly Relocation[];
  /** Final offset of a bound label from the start of the code (for unwind, GC and EH tables). */
  labelOffset(label: Label): number;
}

/** Position of a label: item index and offset inside that (bytes) item. */
interface LabelPos {
  readonly item: number;
  readonly offset: number;
}

type Item =
  | { kind: 'bytes'; bytes: number[]; fixups: { at: number; fixup: Fixup }[] }
  | { kind: 'branch'; short: Encoded; long: Encoded; label: Label; useLong: boolean }
  | { kind: 'align'; alignment: number; fill: 'nop' | 'zero' };

export class CodeBuffer {
  private readonly items: Item[] = [];
  private readonly labels: (LabelPos | null)[] = [];

  /** A new, unbound label. */
  newLabel(): Label {
    this.labels.push(null);
    return new Label(this.labels.length - 1, this);
  }

  /** Binds `label` to the current position. */
  bind(label: Label): void {
    this.checkLabel(label);
    if (this.labels[label.id]) throw new LabelError(label.id, 'bound twice');
    const item = this.currentBytes();
    this.labels[label.id] = { item: this.items.length - 1, offset: item.bytes.length };
  }

  /**
   * Emits one instruction from the form table (`emit('add', rcx, rdx)`). A jmp/jcc whose target
   * is a label is relaxed at `finish()`; every other instruction is encoded now.
   */
  emit(mnemonic: string, ...ops: Operand[]): void {
    const target = ops.length === 1 ? ops[0] : undefined;
    if (target instanceof Label && /^j[a-z]+$/.test(mnemonic)) {
      this.checkLabel(target);
      const short = encodeInstruction(mnemonic, ops, 8);
      const long = encodeInstruction(mnemonic, ops, 32);
      this.items.push({ kind: 'branch', short, long, label: target, useLong: false });
      return;
    }
    for (const op of ops) if (op instanceof Label) this.checkLabel(op);
    const enc = encodeInstruction(mnemonic, ops, 32);
    this.appendEncoded(enc);
  }

  /** Raw bytes (constant pool entries, hand-assembled sequences). */
  data(bytes: ArrayLike<number>): void {
    const item = this.currentBytes();
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (!Number.isInteger(b) || b < 0 || b > 255) throw new EncodingError('data', [String(b)], `byte ${i} is not 0..255`);
      item.bytes.push(b);
    }
  }

  /** An 8-byte absolute address of `label` (a jump-table entry), relocated as `CodeAbs64`. */
  labelAddress(label: Label): void {
    this.checkLabel(label);
    const item = this.currentBytes();
    item.fixups.push({ at: item.bytes.length, fixup: { offset: 0, width: 8, kind: 'abs', target: label, addend: 0, pcBias: 0 } });
    item.bytes.push(0, 0, 0, 0, 0, 0, 0, 0);
  }

  /** Pads to a multiple of `alignment` (a power of two ≤ 4096) with NOPs (`code`) or zeros (`data`). */
  align(alignment: number, fill: 'code' | 'data' = 'code'): void {
    if (!Number.isInteger(alignment) || alignment < 1 || alignment > 4096 || (alignment & (alignment - 1)) !== 0) {
      throw new EncodingError('align', [String(alignment)], 'alignment must be a power of two from 1 to 4096');
    }
    this.items.push({ kind: 'align', alignment, fill: fill === 'code' ? 'nop' : 'zero' });
  }

  /** Lays out the code (relaxing branches), resolves internal references, lists the relocations. */
  finish(): FinishedCode {
    this.labels.forEach((pos, id) => {
      if (!pos && this.isReferenced(id)) throw new LabelError(id, 'used but never bound');
    });
    let starts: number[] = [];
    let total = 0;
    for (let changed = true; changed; ) {
      changed = false;
      ({ starts, total } = this.layout());
      this.items.forEach((it, i) => {
        if (it.kind !== 'branch' || it.useLong) return;
        const disp = this.labelAt(it.label, starts) - (starts[i]! + it.short.bytes.length);
        if (disp < -128 || disp > 127) {
          it.useLong = true;
          changed = true;
        }
      });
    }

    const out = new Uint8Array(total);
    const relocations: Relocation[] = [];
    const apply = (fieldPos: number, f: Fixup): void => {
      if (f.target instanceof Label) {
        const t = this.labelAt(f.target, starts);
        if (f.kind === 'abs') {
          relocations.push({ offset: fieldPos, kind: RelocKind.CodeAbs64, symbol: null, addend: t + f.addend });
          return;
        }
        const v = t + f.addend - (fieldPos + f.pcBias);
        const lim = f.width === 1 ? 0x80 : 0x8000_0000;
        if (v < -lim || v >= lim) throw new LabelError(f.target.id, `displacement ${v} does not fit ${f.width * 8} bits`);
        writeLE(out, fieldPos, BigInt(v), f.width);
      } else if (f.kind === 'abs') {
        relocations.push({ offset: fieldPos, kind: RelocKind.Abs64, symbol: f.target, addend: f.addend });
      } else {
        relocations.push({ offset: fieldPos, kind: RelocKind.Rel32, symbol: f.target, addend: f.addend - f.pcBias });
      }
    };
    this.items.forEach((it, i) => {
      const s = starts[i]!;
      if (it.kind === 'bytes') {
        out.set(it.bytes, s);
        for (const { at, fixup } of it.fixups) apply(s + at + fixup.offset, fixup);
      } else if (it.kind === 'branch') {
        const enc = it.useLong ? it.long : it.short;
        out.set(enc.bytes, s);
        apply(s + enc.fixup!.offset, enc.fixup!);
      } else {
        const pad = padding(s, it.alignment);
        if (it.fill === 'nop') out.set(nopBytes(pad), s);
      }
    });
    const labelStarts = starts;
    return {
      bytes: out,
      relocations,
      labelOffset: (label: Label): number => {
        this.checkLabel(label);
        if (!this.labels[label.id]) throw new LabelError(label.id, 'never bound');
        return this.labelAt(label, labelStarts);
      },
    };
  }

  private appendEncoded(enc: Encoded): void {
    const item = this.currentBytes();
    if (enc.fixup) item.fixups.push({ at: item.bytes.length, fixup: enc.fixup });
    item.bytes.push(...enc.bytes);
  }

  private currentBytes(): Extract<Item, { kind: 'bytes' }> {
    const last = this.items[this.items.length - 1];
    if (last && last.kind === 'bytes') return last;
    const item: Extract<Item, { kind: 'bytes' }> = { kind: 'bytes', bytes: [], fixups: [] };
    this.items.push(item);
    return item;
  }

  private checkLabel(label: Label): void {
    if (label.owner !== this || label.id >= this.labels.length) throw new LabelError(label.id, 'belongs to another code buffer');
  }

  private isReferenced(id: number): boolean {
    return this.items.some(
      (it) =>
        (it.kind === 'branch' && it.label.id === id) ||
        (it.kind === 'bytes' && it.fixups.some((f) => f.fixup.target instanceof Label && f.fixup.target.id === id)),
    );
  }

  private layout(): { starts: number[]; total: number } {
    const starts: number[] = [];
    let pc = 0;
    for (const it of this.items) {
      starts.push(pc);
      if (it.kind === 'bytes') pc += it.bytes.length;
      else if (it.kind === 'branch') pc += (it.useLong ? it.long : it.short).bytes.length;
      else pc += padding(pc, it.alignment);
    }
    return { starts, total: pc };
  }

  private labelAt(label: Label, starts: readonly number[]): number {
    const pos = this.labels[label.id];
    if (!pos) throw new LabelError(label.id, 'used but never bound');
    return starts[pos.item]! + pos.offset;
  }
}

function padding(pc: number, alignment: number): number {
  return (alignment - (pc % alignment)) % alignment;
}

function writeLE(out: Uint8Array, at: number, value: bigint, bytes: number): void {
  let v = BigInt.asUintN(bytes * 8, value);
  for (let i = 0; i < bytes; i++) {
    out[at + i] = Number(v & 0xffn);
    v >>= 8n;
  }
}
