/**
 * Public surface of the JIT (design.md "The JIT's shape"): the runtime hands `compileMethod` a
 * `JitMethodInfo` and a `JitHost`, and places the `CompiledMethod` it gets back (bytes,
 * relocations, unwind info, GC info, EH table). Everything else here is for tools and tests:
 * the IR and its printer (`--trace-jit`), the importer alone, host recording and replay.
 */
export { calleeRelocations, compileMethod, generateCode } from './codegen/compile';
export type { BaselineGcInfo, CompiledMethod, CompileOptions, NativeEhClause } from './codegen/compile';
export { linkCode, resolveCalleeEntry } from './codegen/link';
export { abiLayout, passedByReference, returnsViaBuffer } from './abi';
export type { AbiLayout } from './abi';
export { buildUnwindInfo, parseUnwindInfo, UnwindOp } from './codegen/unwind';
export type { DecodedUnwindCode, PrologueEvent } from './codegen/unwind';
export { importMethod } from './cil/importer';
export { buildCilMethod, walkBlocks } from './cil/walker';
export type { CilBlock, CilMethod } from './cil/walker';
export * from './errors';
export * from './host';
export * from './host-replay';
export { formatFunction } from './ir/printer';
export { validateFunction } from './ir/validate';
export { IrType, isStruct, passedInRegister } from './ir/types';
export type { JitType, StructLayout } from './ir/types';
export { Block, CondKind, IrFunction, Op, VReg, VRegKind } from './ir/ir';
export type { Inst, IrEhClause, Terminator } from './ir/ir';
