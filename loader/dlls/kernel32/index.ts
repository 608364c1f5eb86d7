/**
 * The emulated kernel32.dll: one ApiTable per SDK header, gathered into one DLL. A name declared
 * by two headers is caught by defineDll at start-up.
 */
import { defineDll, type DllDefinition } from '../api';
import { consoleapi } from './consoleapi';
import { debugapi } from './debugapi';
import { errhandlingapi } from './errhandlingapi';
import { handleapi } from './handleapi';
import { libloaderapi } from './libloaderapi';
import { processenv } from './processenv';
import { processthreadsapi } from './processthreadsapi';

export const kernel32: DllDefinition = defineDll('kernel32.dll', [
  libloaderapi,
  processthreadsapi,
  processenv,
  errhandlingapi,
  debugapi,
  consoleapi,
  handleapi,
]);
