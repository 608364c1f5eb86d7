/**
 * Public surface of the ECMA-335 metadata reader. Consumers (type loader, JIT, verifier, CLI)
 * import from here only.
 */
export * from './errors';
export * from './bytes';
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
export * from './custom-attributes';
export * from './constants';
export * from './marshal';
export * from './il/opcodes';
export * from './il/decoder';
export { TypeResolver } from './format/resolver';
export type { AssemblyLocator, ResolvedType } from './format/resolver';
export { MemberResolver } from './format/member-resolver';
export type { ResolvedMethod } from './format/member-resolver';
export { ResolvingCaProvider } from './format/ca-provider';
export { MonoAssemblyLocator } from './format/mono-locator';
export { MonodisNames, UnresolvedTypeError } from './format/monodis-types';
export type { GenericScope } from './format/monodis-types';
export { MonodisListings } from './format/monodis-listings';
export { MonodisIL } from './format/monodis-il';
export { escapeName } from './format/ilasm-names';
