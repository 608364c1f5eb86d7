/**
 * Managed exceptions: the two-pass dispatcher (dispatcher.ts), exception objects as Mono's class
 * library lays them out (exception-object.ts), .NET-style stack trace lines (stack-trace.ts) and
 * the signals that carry a raise or a resume across host frames (errors.ts).
 */
export * from './errors';
export * from './exception-object';
export * from './stack-trace';
export { ExceptionDispatcher } from './dispatcher';
export { installManagedFaultHandler, isForeignSoftwareException, managedExceptionForFault } from './faults';
export { registerCodeHeapWithSeh } from './seh-tables';
export { divisorOfDivide, isDivideOverflow } from './divide-fault';
