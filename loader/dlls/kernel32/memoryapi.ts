/**
 * kernel32 exports declared in the Windows SDK's memoryapi.h: VirtualAlloc, VirtualFree,
 * VirtualProtect, VirtualQuery over the machine's address space (emu's Memory, which already
 * follows the reserve → commit → protect → decommit → release model).
 *
 * Windows semantics kept: reservations are 64 KiB-aligned, commits page-aligned; MEM_COMMIT with
 * no address reserves too; committing committed pages keeps their contents; MEM_RELEASE needs the
 * allocation base and a zero size; failures set ERROR_INVALID_ADDRESS / ERROR_INVALID_PARAMETER
 * as the documentation lists. Image sections cannot be freed with VirtualFree.
 * PAGE_* and MEM_* values: winnt.h; MEMORY_BASIC_INFORMATION (x64, 48 bytes): BaseAddress +0,
 * AllocationBase +8, AllocationProtect +16, PartitionId +20, RegionSize +24, State +32,
 * Protect +36, Type +40.
 */
import { fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import type { Prot } from '../../../emu';
import { failWith, Win32Error } from '../../handles/win32-error';

/** Page protection constants, winnt.h. */
export const enum PageProtect {
  /** PAGE_NOACCESS. */
  NoAccess = 0x01,
  /** PAGE_READONLY. */
  ReadOnly = 0x02,
  /** PAGE_READWRITE. */
  ReadWrite = 0x04,
  /** PAGE_WRITECOPY (private pages: same as read-write). */
  WriteCopy = 0x08,
  /** PAGE_EXECUTE. */
  Execute = 0x10,
  /** PAGE_EXECUTE_READ. */
  ExecuteRead = 0x20,
  /** PAGE_EXECUTE_READWRITE. */
  ExecuteReadWrite = 0x40,
  /** PAGE_EXECUTE_WRITECOPY. */
  ExecuteWriteCopy = 0x80,
  /** PAGE_GUARD modifier. */
  Guard = 0x100,
  /** PAGE_NOCACHE modifier (no effect in an emulator). */
  NoCache = 0x200,
  /** PAGE_WRITECOMBINE modifier (no effect in an emulator). */
  WriteCombine = 0x400,
}

/** Allocation types and region states, winnt.h. */
const enum MemFlag {
  /** MEM_COMMIT. */
  Commit = 0x1000,
  /** MEM_RESERVE. */
  Reserve = 0x2000,
  /** MEM_DECOMMIT. */
  Decommit = 0x4000,
  /** MEM_RELEASE. */
  Release = 0x8000,
  /** MEM_FREE (a state). */
  Free = 0x10000,
  /** MEM_PRIVATE (a type). */
  Private = 0x20000,
  /** MEM_RESET: contents no longer needed (kept here: always allowed to). */
  Reset = 0x80000,
  /** MEM_TOP_DOWN: a placement hint. */
  TopDown = 0x100000,
  /** MEM_IMAGE (a type). */
  Image = 0x1000000,
}

// emu's Prot flags, spelt numerically so this file needs emu/ only for types.
const P_READ = 1;
const P_WRITE = 2;
const P_EXECUTE = 4;
const P_GUARD = 8;

/** PAGE_* → Prot, or undefined for an invalid combination. */
export function protFromPage(page: number): Prot | undefined {
  const base = page & 0xff;
  const modifiers = page & ~0xff;
  if (modifiers & ~(PageProtect.Guard | PageProtect.NoCache | PageProtect.WriteCombine)) return undefined;
  let prot: number;
  switch (base) {
    case PageProtect.NoAccess:
      if (modifiers) return undefined;
      prot = 0;
      break;
    case PageProtect.ReadOnly:
      prot = P_READ;
      break;
    case PageProtect.ReadWrite:
    case PageProtect.WriteCopy:
      prot = P_READ | P_WRITE;
      break;
    case PageProtect.Execute:
      prot = P_EXECUTE;
      break;
    case PageProtect.ExecuteRead:
      prot = P_EXECUTE | P_READ;
      break;
    case PageProtect.ExecuteReadWrite:
    case PageProtect.ExecuteWriteCopy:
      prot = P_EXECUTE | P_READ | P_WRITE;
      break;
    default:
      return undefined;
  }
  if (modifiers & PageProtect.Guard) prot |= P_GUARD;
  return prot as Prot;
}

/** Prot → PAGE_*. */
export function pageFromProt(prot: Prot): number {
  const p = prot as number;
  const x = (p & P_EXECUTE) !== 0;
  const w = (p & P_WRITE) !== 0;
  const r = (p & P_READ) !== 0;
  let page: number;
  if (x) page = w ? PageProtect.ExecuteReadWrite : r ? PageProtect.ExecuteRead : PageProtect.Execute;
  else if (w) page = PageProtect.ReadWrite;
  else if (r) page = PageProtect.ReadOnly;
  else page = PageProtect.NoAccess;
  return p & P_GUARD ? page | PageProtect.Guard : page;
}

const PAGE = 0x1000n;
const MAX_USER_ADDRESS = 0x7ffffffeffffn;

function virtualAlloc(os: Os, addr: bigint, size: bigint, type: number, protect: number): bigint {
  const prot = protFromPage(protect);
  if (prot === undefined || size === 0n || size > MAX_USER_ADDRESS) return failWith(os, Win32Error.InvalidParameter, 0n);
  if (!(type & (MemFlag.Commit | MemFlag.Reserve | MemFlag.Reset))) return failWith(os, Win32Error.InvalidParameter, 0n);
  if (type & MemFlag.Reset) {
    // The contents may be discarded; keeping them is a valid implementation.
    return os.memory.query(addr).state === 'committed' ? addr : failWith(os, Win32Error.InvalidAddress, 0n);
  }
  try {
    if (type & MemFlag.Reserve || addr === 0n) {
      const base = addr === 0n ? os.memory.reserve(size) : os.memory.reserve(size + (addr & 0xffffn), { at: addr & ~0xffffn });
      if (type & MemFlag.Commit) os.memory.commit(addr === 0n ? base : addr & ~(PAGE - 1n), alignUp(size + (addr & (PAGE - 1n)), PAGE), prot);
      return addr === 0n ? base : type & MemFlag.Commit ? addr & ~(PAGE - 1n) : base;
    }
    // Commit inside an existing reservation.
    const first = addr & ~(PAGE - 1n);
    const end = alignUp(addr + size, PAGE);
    const info = os.memory.query(first);
    if (info.state === 'free') return failWith(os, Win32Error.InvalidAddress, 0n);
    os.memory.commit(first, end - first, prot);
    return first;
  } catch (err) {
    if (isMemoryError(err)) return failWith(os, Win32Error.InvalidAddress, 0n);
    throw err;
  }
}

function virtualFree(os: Os, addr: bigint, size: bigint, type: number): number {
  if (addr === 0n || (type !== MemFlag.Release && type !== MemFlag.Decommit)) return failWith(os, Win32Error.InvalidParameter, 0);
  if (os.modules.byAddress(addr)) return failWith(os, Win32Error.InvalidParameter, 0);
  const info = os.memory.query(addr);
  if (info.state === 'free') return failWith(os, Win32Error.InvalidAddress, 0);
  try {
    if (type === MemFlag.Release) {
      if (size !== 0n || addr !== info.allocationBase) return failWith(os, Win32Error.InvalidParameter, 0);
      os.memory.release(addr);
      return 1;
    }
    if (size === 0n) {
      if (addr !== info.allocationBase) return failWith(os, Win32Error.InvalidParameter, 0);
      // The whole reservation: walk its regions to find its end.
      let end = addr;
      for (let q = os.memory.query(end); q.state !== 'free' && q.allocationBase === addr; q = os.memory.query(end)) end = q.base + q.size;
      os.memory.decommit(addr, end - addr);
      return 1;
    }
    const first = addr & ~(PAGE - 1n);
    os.memory.decommit(first, alignUp(addr + size, PAGE) - first);
    return 1;
  } catch (err) {
    if (isMemoryError(err)) return failWith(os, Win32Error.InvalidAddress, 0);
    throw err;
  }
}

function virtualProtect(os: Os, addr: bigint, size: bigint, protect: number, lpOld: bigint): number {
  const prot = protFromPage(protect);
  if (prot === undefined || size === 0n) return failWith(os, Win32Error.InvalidParameter, 0);
  if (lpOld === 0n) return failWith(os, Win32Error.NoAccess, 0);
  const first = addr & ~(PAGE - 1n);
  const end = alignUp(addr + size, PAGE);
  try {
    // All pages must be committed and in one reservation, else nothing changes.
    const base = os.memory.query(first).allocationBase;
    for (let p = first; p < end; ) {
      const q = os.memory.query(p);
      if (q.state !== 'committed' || q.allocationBase !== base) return failWith(os, Win32Error.InvalidAddress, 0);
      p = q.base + q.size;
    }
    const old = os.memory.protect(first, end - first, prot);
    os.memory.setU32(lpOld, pageFromProt(old));
    return 1;
  } catch (err) {
    if (isMemoryError(err)) return failWith(os, Win32Error.InvalidAddress, 0);
    throw err;
  }
}

function virtualQuery(os: Os, addr: bigint, mbi: bigint, length: bigint): bigint {
  if (length < 48n) return failWith(os, Win32Error.InvalidParameter, 0n);
  if (addr > MAX_USER_ADDRESS) return failWith(os, Win32Error.InvalidParameter, 0n);
  const q = os.memory.query(addr);
  const b = new Uint8Array(48);
  const dv = new DataView(b.buffer);
  dv.setBigUint64(0, q.base, true);
  if (q.state === 'free') {
    dv.setBigUint64(24, q.size, true);
    dv.setUint32(32, MemFlag.Free, true);
    dv.setUint32(36, PageProtect.NoAccess, true);
  } else {
    dv.setBigUint64(8, q.allocationBase, true);
    dv.setUint32(16, pageFromProt(q.allocationProt), true);
    dv.setBigUint64(24, q.size, true);
    dv.setUint32(32, q.state === 'committed' ? MemFlag.Commit : MemFlag.Reserve, true);
    dv.setUint32(36, q.state === 'committed' ? pageFromProt(q.prot) : 0, true);
    dv.setUint32(40, os.modules.byAddress(addr) ? MemFlag.Image : MemFlag.Private, true);
  }
  os.memory.write(mbi, b);
  return 48n;
}

function alignUp(v: bigint, to: bigint): bigint {
  return (v + to - 1n) & ~(to - 1n);
}

function isMemoryError(err: unknown): boolean {
  return err instanceof Error && err.name === 'MemoryError';
}

export const memoryapi: ApiTable = {
  VirtualAlloc: fn('LPVOID VirtualAlloc(LPVOID lpAddress, SIZE_T dwSize, DWORD flAllocationType, DWORD flProtect)', ['ptr', 'u64', 'u32', 'u32'], 'ptr', ({ os }, addr, size, type, protect) =>
    virtualAlloc(os, addr, size, type, protect),
  ),
  VirtualFree: fn('BOOL VirtualFree(LPVOID lpAddress, SIZE_T dwSize, DWORD dwFreeType)', ['ptr', 'u64', 'u32'], 'i32', ({ os }, addr, size, type) => virtualFree(os, addr, size, type)),
  VirtualProtect: fn(
    'BOOL VirtualProtect(LPVOID lpAddress, SIZE_T dwSize, DWORD flNewProtect, PDWORD lpflOldProtect)',
    ['ptr', 'u64', 'u32', 'ptr'],
    'i32',
    ({ os }, addr, size, protect, lpOld) => virtualProtect(os, addr, size, protect, lpOld),
  ),
  VirtualQuery: fn('SIZE_T VirtualQuery(LPCVOID lpAddress, PMEMORY_BASIC_INFORMATION lpBuffer, SIZE_T dwLength)', ['ptr', 'ptr', 'u64'], 'u64', ({ os }, addr, mbi, length) =>
    virtualQuery(os, addr, mbi, length),
  ),
};
