/**
 * The emulated kernel32.dll: one ApiTable per SDK header, gathered into one DLL. A name declared
 * by two headers is caught by defineDll at start-up.
 */
import { defineDll, type DllDefinition } from '../api';
import { consoleapi } from './consoleapi';
import { debugapi } from './debugapi';
import { errhandlingapi } from './errhandlingapi';
import { fileapi } from './fileapi';
import { fileapiFind } from './fileapi-find';
import { fileapiPaths } from './fileapi-paths';
import { handleapi } from './handleapi';
import { heapapi } from './heapapi';
import { libloaderapi } from './libloaderapi';
import { memoryapi } from './memoryapi';
import { processenv } from './processenv';
import { processthreadsapi } from './processthreadsapi';
import { profileapi } from './profileapi';
import { stringapiset } from './stringapiset';
import { synchapi } from './synchapi';
import { sysinfoapi } from './sysinfoapi';
import { winnls } from './winnls';

export const kernel32: DllDefinition = defineDll('kernel32.dll', [
  libloaderapi,
  processthreadsapi,
  processenv,
  errhandlingapi,
  debugapi,
  fileapi,
  fileapiPaths,
  fileapiFind,
  consoleapi,
  heapapi,
  synchapi,
  stringapiset,
  sysinfoapi,
  profileapi,
  memoryapi,
  winnls,
  handleapi,
]);
