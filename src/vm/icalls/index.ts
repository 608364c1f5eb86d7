/**
 * Mono's internal calls implemented in TypeScript: the registry (registry.ts), signature decoding
 * (signature.ts), binding a method to its gate (binder.ts, entry.ts), per-runtime state
 * (state.ts) and one file per icall-def.h class group. README.md lists every icall and its test.
 */
export { bindInternalCall, readArgument, writeResult } from './binder';
export { installNativeEntry, trampolineBytes } from './entry';
export { IcallArgumentError, IcallDependencyMissingError, IcallProcessRequiredError, IcallSignatureMismatchError } from './errors';
export type { FinalizationControl } from './gc';
export { DuplicateIcallError, icall, IcallContext, IcallRegistry, type IcallDefinition, type IcallTable } from './registry';
export { icallSignature, kindOf, monoTypeName, type IcallKind, type IcallRetKind, type IcallSignature } from './signature';
export { IcallRuntime } from './state';
export { defaultIcallTables } from './tables';
