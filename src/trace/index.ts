/**
 * Traces and diagnostics: symbolization (`module!symbol+0xoff`), crash reports, instruction traces,
 * minidumps, exception-code names and memory dumps.
 */
export * from './symbols';
export * from './coff-symbols';
export * from './crash-report';
export * from './ntstatus';
export * from './hexdump';
export * from './instruction-trace';
export * from './trace-session';
export * from './trace-settings';
export * from './trace-filter';
export * from './trace-format';
export * from './trace-sink';
export * from './trace-errors';
export * from './minidump';
