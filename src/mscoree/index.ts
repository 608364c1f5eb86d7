/**
 * The mscoree shim's public surface: the emulated DLL (dll.ts) and its pieces — image validation
 * and the PE32→PE32+ transform (validate.ts, pe64-transform.ts) and `_CorExeMain` (exe-main.ts).
 */
export { createMscoreeDll, registerMscoree, type ManagedHostOptions } from './dll';
export { corExeMain, bootThunkBytes, CLR_UNHANDLED_EXCEPTION_CODE, MscoreeError } from './exe-main';
export { corValidateImage, formatValidateTrace, ValidateAction, type ValidateImageResult } from './validate';
export { CorValidateImageError, CorStatus } from './status';
