/**
 * How an emulated system DLL declares its exports.
 *
 * Each SDK header gets one file (`kernel32/fileapi.ts`, `msvcrt/stdio.ts` …) exporting an
 * `ApiTable`: functions declared with a C prototype, typed argument kinds and an implementation
 * that receives the decoded Windows x64 arguments. Data exports (`_iob`, `__initenv`, `_fmode` …)
 * reserve guest memory inside the DLL's image. `defineDll` gathers tables into a DLL the loader maps:
 * a real export directory in guest memory whose function entries are host gates, so imports bind
 * and `GetProcAddress` works from guest code like on Windows.
 *
 * Argument decoding follows the Windows x64 convention: the first four arguments in
 * RCX/RDX/R8/R9 (XMM0–3 for floating point), the rest on the caller's stack above 32 bytes of
 * shadow space; a variadic tail is read slot by slot (a double in one of the first four slots is
 * also in the integer register, as the convention requires of variadic callers).
 */
import type { GateCall } from '../../emu';
import type { Os } from '../os';

/** The kind of one argument as the C prototype has it. */
export type ArgKind =
  | 'i32' // int, LONG, BOOL: sign-extended from the low 32 bits
  | 'u32' // DWORD, UINT: the low 32 bits
  | 'i64' // LONGLONG, intptr_t
  | 'u64' // ULONGLONG, size_t, SIZE_T
  | 'ptr' // any pointer or HANDLE
  | 'f64' // double
  | 'f32' // float
  | '...'; // the variadic tail: the implementation receives a VarArgs reader

/** What a function returns: into RAX, or XMM0 for floating point. */
export type RetKind = 'i32' | 'u32' | 'i64' | 'u64' | 'ptr' | 'f64' | 'f32' | 'void';

type ArgValue<K extends ArgKind> = K extends 'i32' | 'u32' | 'f64' | 'f32'
  ? number
  : K extends '...'
    ? VarArgs
    : bigint;

export type ArgValues<A extends readonly ArgKind[]> = { [I in keyof A]: A[I] extends ArgKind ? ArgValue<A[I]> : never };

type RetValue<R extends RetKind> = R extends 'void' ? void : R extends 'i32' | 'u32' | 'f64' | 'f32' ? number : bigint;

/** Reads successive 8-byte argument slots: a variadic tail, or a `va_list` in guest memory. */
export interface VarArgs {
  /** The next slot as a 64-bit integer (pointers, integers of any size; the callee truncates). */
  next(): bigint;
  /** The next slot reinterpreted as a double (variadic floats are promoted to double). */
  nextF64(): number;
}

/** What an implementation receives besides its arguments. */
export interface ApiContext {
  /** The emulated operating system of this process. */
  readonly os: Os;
  /** The raw gate call: return address, `jump` for functions that do not return normally. */
  readonly call: GateCall;
}

export interface ApiFunction {
  readonly kind: 'function';
  /** The C prototype, shown in traces and errors. */
  readonly prototype: string;
  readonly args: readonly ArgKind[];
  readonly ret: RetKind;
  readonly impl: (ctx: ApiContext, ...args: never[]) => unknown;
}

export interface DataExport {
  readonly kind: 'data';
  /** Size in bytes reserved in the DLL image. */
  readonly size: number;
  /** Fills the storage once the DLL is mapped (`addr` is the export's address). */
  readonly init?: (os: Os, addr: bigint) => void;
}

export type ApiTable = Record<string, ApiFunction | DataExport>;

/** Declares an exported function. The prototype documents it; `args` drive the decoding. */
export function fn<const A extends readonly ArgKind[], R extends RetKind>(
  prototype: string,
  args: A,
  ret: R,
  impl: (ctx: ApiContext, ...args: ArgValues<A>) => RetValue<R>,
): ApiFunction {
  return { kind: 'function', prototype, args, ret, impl: impl as unknown as ApiFunction['impl'] };
}

/** Declares an exported variable of `size` bytes. */
export function data(size: number, init?: (os: Os, addr: bigint) => void): DataExport {
  return { kind: 'data', size, init };
}

export interface DllDefinition {
  /** Lower-case file name, e.g. `kernel32.dll`. */
  readonly name: string;
  readonly exports: ApiTable;
  /** Exports that Windows forwards to another DLL: name → `dll.Name`. */
  readonly forwarders: Record<string, string>;
}

/** Gathers one DLL's tables; a name exported twice is a programming error caught at start-up. */
export function defineDll(name: string, tables: ApiTable[], forwarders: Record<string, string> = {}): DllDefinition {
  const exports: ApiTable = {};
  for (const table of tables) {
    for (const [symbol, entry] of Object.entries(table)) {
      if (symbol in exports) throw new DuplicateExportError(name, symbol);
      exports[symbol] = entry;
    }
  }
  return { name: name.toLowerCase(), exports, forwarders };
}

export class DuplicateExportError extends Error {
  override name = 'DuplicateExportError';
  constructor(dll: string, symbol: string) {
    super(`${dll} declares the export '${symbol}' twice`);
  }
}

/** Raised when guest code calls an import that no emulated DLL implements. */
export class UnimplementedApiError extends Error {
  override name = 'UnimplementedApiError';
  constructor(
    readonly dll: string,
    readonly symbol: string,
  ) {
    super(`${dll}!${symbol} is not implemented by clremu's emulated ${dll}`);
  }
}
