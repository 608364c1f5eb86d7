/** Windows minidumps of crashed guest processes: layout, CONTEXT, writer, and capture from a crash. */
export * from './layout';
export * from './byte-writer';
export * from './context';
export * from './minidump';
export * from './from-crash';
