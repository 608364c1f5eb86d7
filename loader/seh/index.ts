/**
 * Windows x64 structured exception handling for the emulated process: the exception dispatcher
 * (vectored handlers, frame-based search with the x64 unwind data, the unhandled-exception
 * filter), RtlUnwindEx's unwind phase with collided unwinds, the guest layouts of CONTEXT,
 * EXCEPTION_RECORD and DISPATCHER_CONTEXT, and function-table lookup with guest addresses.
 * ntdll's and kernel32's exception exports are thin gates over this module.
 */
export * from './layouts';
export * from './errors';
export * from './state';
export * from './stack-area';
export * from './function-entries';
export * from './handler-call';
export * from './dispatch';
export * from './unwind';
export * from './transfer';
export * from './raise';
