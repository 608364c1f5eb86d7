/**
 * Where each argument travels under the Windows x64 calling convention ("x64 calling
 * convention", Microsoft docs; CoreCLR's clr-abi.md for the managed additions): every argument
 * takes one 8-byte position; positions 0–3 arrive in RCX/RDX/R8/R9, or XMM0–3 for floats, the
 * rest on the stack above the 32-byte shadow space. A value type of 1, 2, 4 or 8 bytes travels
 * like an integer; any other is passed as a pointer to a copy. A method returning such a larger
 * value type takes a hidden return-buffer pointer: position 0, or 1 after `this`.
 */
import { isStruct, JitType, passedInRegister } from './ir/types';

export interface AbiLayout {
  /** ABI position of each parameter, in signature order. */
  readonly positions: readonly number[];
  /** Position of the hidden return-buffer pointer, or null. */
  readonly returnBuffer: number | null;
  /** Number of positions in all. */
  readonly count: number;
}

/** Whether a value of type `t` is returned through a hidden buffer. */
export function returnsViaBuffer(t: JitType | null): boolean {
  return t !== null && isStruct(t) && !passedInRegister(t);
}

/** Whether a parameter of type `t` is passed as a pointer to a caller-owned copy. */
export function passedByReference(t: JitType): boolean {
  return isStruct(t) && !passedInRegister(t);
}

export function abiLayout(params: readonly JitType[], ret: JitType | null, hasThis: boolean): AbiLayout {
  const buffer = returnsViaBuffer(ret);
  const returnBuffer = buffer ? (hasThis && params.length > 0 ? 1 : 0) : null;
  const positions = params.map((_, i) => (returnBuffer !== null && i >= returnBuffer ? i + 1 : i));
  return { positions, returnBuffer, count: params.length + (buffer ? 1 : 0) };
}
