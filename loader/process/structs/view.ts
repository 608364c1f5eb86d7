/**
 * A typed window onto one OS structure in guest memory.
 *
 * Layouts are declared as offset tables (`TEB64`, `PEB64` …, one per file, with the field names of
 * the Windows SDK / public symbols) and read or written through a `StructView<Layout>`, so a field
 * name that does not exist is a compile error and every access goes through one bounds-checked
 * Memory call. All structures here are the 64-bit (x64) variants.
 */
import type { Memory } from '../../../emu';

/** An offset table: field name → byte offset, plus the structure's total size. */
export type Layout = { readonly SIZE: number } & { readonly [field: string]: number };

export class StructView<L extends Layout> {
  constructor(
    readonly memory: Memory,
    readonly address: bigint,
    readonly layout: L,
  ) {}

  /** Guest address of a field. */
  at(field: keyof L & string): bigint {
    return this.address + BigInt(this.layout[field]);
  }
  ptr(field: keyof L & string): bigint {
    return this.memory.u64(this.at(field));
  }
  setPtr(field: keyof L & string, value: bigint): void {
    this.memory.setU64(this.at(field), value);
  }
  u32(field: keyof L & string): number {
    return this.memory.u32(this.at(field));
  }
  setU32(field: keyof L & string, value: number): void {
    this.memory.setU32(this.at(field), value >>> 0);
  }
  u16(field: keyof L & string): number {
    return this.memory.u16(this.at(field));
  }
  setU16(field: keyof L & string, value: number): void {
    this.memory.setU16(this.at(field), value & 0xffff);
  }
  u8(field: keyof L & string): number {
    return this.memory.u8(this.at(field));
  }
  setU8(field: keyof L & string, value: number): void {
    this.memory.setU8(this.at(field), value & 0xff);
  }
}
