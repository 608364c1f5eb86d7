/**
 * The PE/COFF parser (PE/COFF spec rev. 11+): bytes in, typed views out. Pure: it imports nothing
 * else of ours. Entry points: parsePe (file or mapped layout), parsePeMapped (read through an
 * ImageReader), layoutImage (file → mapped host buffer). Every failure is a BadImageFormatError.
 */
export * from './errors';
export * from './headers';
export * from './sections';
export * from './image';
export * from './imports';
export * from './delay-imports';
export * from './exports';
export * from './relocations';
export * from './tls';
export * from './load-config';
export * from './exception-table';
export * from './resources';
export * from './debug';
export * from './cli-header';
export { ImageView, Struct } from './view';
export { ByteReader } from './reader';
export * from './describe';
