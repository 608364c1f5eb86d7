/**
 * The emulated msvcrt.dll: the C runtime that mingw-w64 programs (msvcrt flavour) import. One
 * table per C header, gathered into one DLL; a name exported twice is caught at start-up.
 */
import { defineDll, type DllDefinition } from '../api';
import { ctype } from './ctype';
import { lowio } from './lowio';
import { math } from './math';
import { seh } from './seh';
import { setjmpApi } from './setjmp';
import { startup } from './startup';
import { stdio } from './stdio';
import { stdlib } from './stdlib';
import { string } from './string';
import { time } from './time';
import { wstdio } from './wstdio';

export const msvcrt: DllDefinition = defineDll('msvcrt.dll', [startup, stdio, wstdio, lowio, stdlib, string, ctype, time, math, setjmpApi, seh]);

export { runExitHandlers } from './startup';
export { CrtInvalidParameterError } from './errors';
