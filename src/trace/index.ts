/**
 * Traces and diagnostics: symbolization (`module!symbol+0xoff`), crash reports for native faults,
 * exception-code names and memory dumps.
 */
export * from './symbols';
export * from './coff-symbols';
export * from './crash-report';
export * from './ntstatus';
export * from './hexdump';
