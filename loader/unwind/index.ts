/**
 * x64 unwinding from .pdata/.xdata (Microsoft x64 exception handling): decoding UNWIND_INFO
 * (versions 1 and 2, chained infos, handler data), RtlVirtualUnwind-style virtual unwinding with
 * the prolog and epilog rules, stack walks, function tables from mapped images, and a file-based
 * description for tools. Guest memory is read through a `ReadableMemory` (emu's Memory fits).
 */
export * from './context';
export * from './errors';
export * from './memory';
export * from './unwind-info';
export * from './epilog';
export * from './virtual-unwind';
export * from './stack-walk';
export * from './function-table';
export * from './describe';
export * from './machine-context';
export * from './stack-scan';
