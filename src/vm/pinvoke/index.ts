/**
 * P/Invoke: reading ImplMap (import.ts), resolving the target through the process's module
 * manager (resolve.ts) and the per-method stub (stub.ts).
 */
export { DllNotFoundError, EntryPointNotFoundError, PInvokeMetadataError } from './errors';
export { entryPointCandidates, PInvokeAttr, readPInvokeImport, type CharSet, type PInvokeImport } from './import';
export { resolvePInvokeTarget, type ResolvedTarget } from './resolve';
export { bindPInvoke, PInvokeRuntime } from './stub';
