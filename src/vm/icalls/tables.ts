/**
 * Every icall group the runtime registers by default, in icall-def.h's order of classes.
 * A new group file adds its table here.
 */
import { bufferIcalls } from './buffer';
import { cultureIcalls } from './culture';
import { encodingIcalls } from './encoding';
import { environmentIcalls } from './environment';
import { gcIcalls } from './gc';
import { interlockedIcalls } from './interlocked';
import { marshalIcalls } from './marshal';
import { mathIcalls } from './math';
import { monoIoIcalls } from './monoio';
import { objectIcalls } from './objects';
import type { IcallTable } from './registry';

export function defaultIcallTables(): IcallTable[] {
  return [bufferIcalls, cultureIcalls, encodingIcalls, environmentIcalls, gcIcalls, interlockedIcalls, marshalIcalls, mathIcalls, monoIoIcalls, objectIcalls];
}
