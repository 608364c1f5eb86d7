/**
 * Every icall group the runtime registers by default, in icall-def.h's order of classes.
 * A new group file adds its table here.
 */
import { appDomainIcalls } from './appdomain';
import { argIteratorIcalls } from './arg-iterator';
import { arrayIcalls } from './array';
import { assemblyIcalls } from './assembly';
import { blockCopyIcalls, bufferIcalls } from './buffer';
import { compareInfoIcalls } from './compare-info';
import { cultureIcalls } from './culture';
import { delegateIcalls } from './delegate';
import { encodingIcalls } from './encoding';
import { environmentIcalls } from './environment';
import { gcIcalls } from './gc';
import { interlockedIcalls } from './interlocked';
import { marshalIcalls, marshalMemoryIcalls } from './marshal';
import { marshalCopyIcalls } from './marshal-copy';
import { mathIcalls } from './math';
import { monitorIcalls } from './monitor';
import { monoIoIcalls } from './monoio';
import { monoIoFileIcalls } from './monoio-files';
import { customAttributeIcalls } from './custom-attributes';
import { typeNameIcalls } from './type-names';
import { fieldIcalls } from './fields';
import { monoIoFindIcalls } from './monoio-find';
import { monoIoPathIcalls } from './monoio-paths';
import { enumIcalls } from './enum';
import { numberFormattingIcalls } from './number-formatting';
import { internIcalls, objectIcalls } from './objects';
import { propertyIcalls } from './properties';
import { reflectionIcalls } from './reflection';
import type { IcallTable } from './registry';
import { securityIcalls } from './security';
import { threadIcalls } from './thread';
import { threadObjectIcalls } from './thread-objects';
import { typeIcalls } from './type';
import { pathIcalls } from './path';
import { rngIcalls } from './rng';
import { timeIcalls } from './time';

export function defaultIcallTables(): IcallTable[] {
  return [
    arrayIcalls, bufferIcalls, blockCopyIcalls, cultureIcalls, encodingIcalls, environmentIcalls, gcIcalls, interlockedIcalls, marshalIcalls,
    marshalMemoryIcalls, mathIcalls, monitorIcalls, monoIoIcalls, monoIoFileIcalls, objectIcalls, internIcalls, threadIcalls,
    threadObjectIcalls, typeIcalls, reflectionIcalls, appDomainIcalls, assemblyIcalls, propertyIcalls, compareInfoIcalls, marshalCopyIcalls, securityIcalls,
    numberFormattingIcalls, enumIcalls, delegateIcalls, argIteratorIcalls,
    customAttributeIcalls, typeNameIcalls, fieldIcalls,
    monoIoPathIcalls, monoIoFindIcalls, pathIcalls, timeIcalls, rngIcalls,
  ];
}
