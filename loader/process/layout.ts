/**
 * The guest process's address-space layout: where each kind of thing lives.
 *
 * Windows x64 gives user mode 0x10000–0x7FFF_FFFE_FFFF. We follow its habits so that addresses in
 * traces and crash reports look familiar, and so that nothing the guest computes collides:
 *
 * | range                                   | what                                                   |
 * |-----------------------------------------|--------------------------------------------------------|
 * | 0x0000_0000 – 0x0000_FFFF                | never mapped: null-pointer accesses fault              |
 * | 0x0001_0000 – 0x00FF_FFFF                | PE32 images keep their 0x400000 base (managed EXEs)     |
 * | 0x0010_0000 …                            | the main thread's stack (SizeOfStackReserve), by search from STACK_SEARCH_MIN; then the heaps, which loader/heap places at the lowest free range once the EXE is mapped |
 * | 0x1_4000_0000 …                          | mingw/MSVC PE32+ EXEs at their ImageBase (DLLs too: mingw DLLs prefer 0x3_xxxx_0000) |
 * | 0x2_0000_0000 – 0x3_FFFF_FFFF            | HEAP_SEARCH_*: a window offered to heaps that want one away from images |
 * | 0x5_0000_0000 – 0x5_FFFF_FFFF            | images rebased because their base was taken (or --rebase) |
 * | 0x7FF_FFFD_0000                          | PEB, process parameters, loader data, TEB              |
 * | 0x7FF8_0000_0000 …                       | emulated system DLLs, 16 MiB apart, in registry order   |
 *
 * Invariants: the OS-structure block is one reservation at a fixed address; the TEB is always at
 * a fixed offset inside it so GS base is predictable; every range is 64 KiB aligned
 * (ALLOCATION_GRANULARITY) as Windows' VirtualAlloc requires. The host gates live wherever the
 * machine (emu/) placed them; nothing here overlaps the range it documents (see emu/gates.ts).
 */

/** Lowest address any reservation may use (Windows' MmLowestUserAddress rounded up). */
export const LOWEST_USER_ADDRESS = 0x1_0000n;

/** Where a search for a free range for a stack begins. */
export const STACK_SEARCH_MIN = 0x10_0000n;
export const STACK_SEARCH_MAX = 0x1_0000_0000n;

/** Heaps are placed by search in this window. */
export const HEAP_SEARCH_MIN = 0x2_0000_0000n;
export const HEAP_SEARCH_MAX = 0x4_0000_0000n;

/** Images that cannot sit at their preferred base (taken, or `--rebase`) go here, by search. */
export const REBASE_SEARCH_MIN = 0x5_0000_0000n;
export const REBASE_SEARCH_MAX = 0x6_0000_0000n;

/** The block that holds PEB, process parameters, the loader's lists, and the main TEB. */
export const OS_BLOCK_BASE = 0x7ff_fffd_0000n;
export const OS_BLOCK_SIZE = 0x2_0000;
/** Offsets inside the OS block (each structure gets a page or more, so they never overlap). */
export const PEB_OFFSET = 0x0000n;
/** PEB_LDR_DATA and the LDR_DATA_TABLE_ENTRY records with their name strings. */
export const LDR_OFFSET = 0x1000n;
export const LDR_SIZE = 0x7000;
/** RTL_USER_PROCESS_PARAMETERS and its strings (paths, command line, environment block). */
export const PARAMS_OFFSET = 0x8000n;
export const PARAMS_SIZE = 0x8000;
/** The main thread's TEB (its TLS expansion slots follow it inside the same pages). */
export const TEB_OFFSET = 0x1_0000n;
export const TEB_SIZE = 0x2000;
/** The per-image TLS pointer array (ThreadLocalStoragePointer) for the main thread. */
export const TLS_ARRAY_OFFSET = 0x1_2000n;
export const TLS_ARRAY_SIZE = 0x1000;

export const PEB_ADDRESS = OS_BLOCK_BASE + PEB_OFFSET;
export const TEB_ADDRESS = OS_BLOCK_BASE + TEB_OFFSET;

/** Emulated system DLLs: fixed high bases like Windows' 0x7FF8… system images. */
export const SYSTEM_DLL_BASE = 0x7ff8_0000_0000n;
export const SYSTEM_DLL_STRIDE = 0x100_0000n;

/** The main thread's stack when the header asks for nothing sensible (Windows' default 1 MiB). */
export const DEFAULT_STACK_RESERVE = 0x10_0000n;
export const DEFAULT_STACK_COMMIT = 0x1000n;
/** Upper bound on a stack reservation we honour from a header (larger requests are clamped). */
export const MAX_STACK_RESERVE = 0x1000_0000n;
