/**
 * The Windows OS side of clremu: run a PE image (`runImage`), the module manager, the process's
 * OS structures, and the registry of emulated system DLLs that later layers extend
 * (`DllRegistry.registerEmulatedDll`, e.g. mscoree.dll for managed images).
 */
export { runImage, CLREMU_FAILURE_EXIT, ImageFileError, type RunOptions, type RunResult, type CrashContext, type ReportedFault } from './run';
export { DllRegistry, createKnownDlls, normalizeDllName } from './dlls/registry';
export { Modules, DllReason, type ModuleRecord, type ModuleHost } from './modules';
export { ProcessSpace, PROCESS_ID, MAIN_THREAD_ID, type ProcessSetup } from './process/process';
export { GuestOs, ProcessHostIo, BufferedHostIo, type TraceSink, type TraceChannel } from './process/guest-os';
export * from './process/errors';
export * as layout from './process/layout';
export * from './process/structs';
export { buildCommandLine, splitCommandLine, quoteArgument } from './process/command-line';
export { mapImage, protectImage, sectionProt, type MappedImage } from './image/map';
export { findExport, type ExportTarget } from './image/exports';
export type * from './os';
