/**
 * The loader's module lists in guest memory: PEB_LDR_DATA with three circular doubly-linked
 * lists (load order, memory order, initialization order) threading through one
 * LDR_DATA_TABLE_ENTRY per module. Guest code can walk them (GetModuleHandle replacements,
 * shellcode-style export resolution, CRT helpers), so the links are real pointers and every
 * insertion keeps both directions consistent.
 */
import type { Memory } from '../../emu';
import type { GuestArena } from './arena';
import { LDR_DATA_TABLE_ENTRY64 as E, LIST_ENTRY64, LdrFlags, PEB_LDR_DATA64 as L, UNICODE_STRING64 as U, StructView } from './structs';

/** What the loader records about one module in its entry. */
export interface LdrModuleInfo {
  base: bigint;
  entryPoint: bigint;
  sizeOfImage: number;
  fullName: string;
  baseName: string;
  isDll: boolean;
  timeDateStamp: number;
}

export class LoaderLists {
  readonly address: bigint;

  constructor(
    private readonly memory: Memory,
    private readonly arena: GuestArena,
  ) {
    this.address = arena.alloc(L.SIZE, 16);
    const v = new StructView(memory, this.address, L);
    v.setU32('Length', L.SIZE);
    v.setU8('Initialized', 1);
    for (const head of ['InLoadOrderModuleList', 'InMemoryOrderModuleList', 'InInitializationOrderModuleList'] as const) {
      const h = v.at(head);
      memory.setU64(h + BigInt(LIST_ENTRY64.Flink), h);
      memory.setU64(h + BigInt(LIST_ENTRY64.Blink), h);
    }
  }

  /** Writes a new entry and appends it to the load-order and memory-order lists. */
  add(info: LdrModuleInfo): bigint {
    const entry = this.arena.alloc(E.SIZE, 16);
    const v = new StructView(this.memory, entry, E);
    v.setPtr('DllBase', info.base);
    v.setPtr('EntryPoint', info.entryPoint);
    v.setU32('SizeOfImage', info.sizeOfImage);
    this.writeUnicodeString(v.at('FullDllName'), info.fullName);
    this.writeUnicodeString(v.at('BaseDllName'), info.baseName);
    v.setU32('Flags', info.isDll ? LdrFlags.ImageDll : 0);
    v.setU16('ObsoleteLoadCount', 1);
    v.setU32('TimeDateStamp', info.timeDateStamp);
    // HashLinks point to themselves: we keep no hash table in guest memory.
    const hash = v.at('HashLinks');
    this.memory.setU64(hash, hash);
    this.memory.setU64(hash + 8n, hash);
    this.append(this.head('InLoadOrderModuleList'), entry + BigInt(E.InLoadOrderLinks));
    this.append(this.head('InMemoryOrderModuleList'), entry + BigInt(E.InMemoryOrderLinks));
    const init = entry + BigInt(E.InInitializationOrderLinks);
    this.memory.setU64(init, init);
    this.memory.setU64(init + 8n, init);
    return entry;
  }

  /** Appends an entry to the initialization-order list (when its DllMain is about to run). */
  markInitialized(entry: bigint): void {
    const v = new StructView(this.memory, entry, E);
    v.setU32('Flags', v.u32('Flags') | LdrFlags.EntryProcessed | LdrFlags.ProcessAttachCalled);
    this.append(this.head('InInitializationOrderModuleList'), entry + BigInt(E.InInitializationOrderLinks));
  }

  /** Unlinks an entry from all three lists (FreeLibrary of the last reference). */
  remove(entry: bigint): void {
    for (const off of [E.InLoadOrderLinks, E.InMemoryOrderLinks, E.InInitializationOrderLinks]) {
      const link = entry + BigInt(off);
      const flink = this.memory.u64(link);
      const blink = this.memory.u64(link + 8n);
      this.memory.setU64(blink, flink);
      this.memory.setU64(flink + 8n, blink);
      this.memory.setU64(link, link);
      this.memory.setU64(link + 8n, link);
    }
  }

  /** Entry addresses in the order a list holds them (for tests and diagnostics). */
  walk(list: 'InLoadOrderModuleList' | 'InMemoryOrderModuleList' | 'InInitializationOrderModuleList'): bigint[] {
    const linkOffset = BigInt(
      list === 'InLoadOrderModuleList' ? E.InLoadOrderLinks : list === 'InMemoryOrderModuleList' ? E.InMemoryOrderLinks : E.InInitializationOrderLinks,
    );
    const head = this.head(list);
    const out: bigint[] = [];
    for (let p = this.memory.u64(head); p !== head && out.length < 10_000; p = this.memory.u64(p)) out.push(p - linkOffset);
    return out;
  }

  private head(list: keyof typeof L & string): bigint {
    return this.address + BigInt(L[list]);
  }

  private append(head: bigint, link: bigint): void {
    const last = this.memory.u64(head + 8n);
    this.memory.setU64(link, head);
    this.memory.setU64(link + 8n, last);
    this.memory.setU64(last, link);
    this.memory.setU64(head + 8n, link);
  }

  private writeUnicodeString(at: bigint, s: string): void {
    const buffer = this.arena.wString(s);
    this.memory.setU16(at + BigInt(U.Length), Math.min(s.length * 2, 0xfffc));
    this.memory.setU16(at + BigInt(U.MaximumLength), Math.min(s.length * 2 + 2, 0xfffe));
    this.memory.setU64(at + BigInt(U.Buffer), buffer);
  }
}
