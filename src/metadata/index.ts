/**
 * Public surface of the ECMA-335 metadata reader. Consumers (type loader, JIT, verifier, CLI)
 * import from here only.
 */
export * from './errors';
export * from './handles';
export * from './schema';
export * from './heaps';
export * from './pe-image';
export * from './reader';
export * from './rows';
export * from './signatures';
export * from './sig-tree';
export * from './method-body';
export { TableStream, HeapSizeFlags } from './table-stream';
export type { TableLayout } from './table-stream';
