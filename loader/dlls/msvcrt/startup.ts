/**
 * msvcrt's process start-up and shutdown exports, as mingw-w64's crt0 (crtexe.c) uses them:
 * `__getmainargs`/`__wgetmainargs`, `_initterm(_e)`, the command-line and environment variables
 * (`_acmdln`, `__initenv`, `__argc` …), `_onexit`/`atexit`/`__dllonexit`, `exit`/`_exit`/`_cexit`,
 * `abort`, `signal`/`raise`, `_amsg_exit`, errno access and the CRT's lock stubs.
 *
 * Exit order (C89 §7.10.4.3 and msvcrt's doexit): handlers registered with atexit/_onexit run
 * once, most recent first, through `os.callGuest`; then streams are flushed (ours write through)
 * and the process ends with the code. A handler that calls exit() does not rerun the table.
 */
import { data, fn, type ApiTable } from '../api';
import type { Os } from '../../os';
import { crt, getErrno, setErrno, staticString } from './state';
import { CrtInvalidParameterError, Errno, errnoMessage } from './errors';
import { ansiArgs, wideArgs } from './process-args';
import { writeRuntimeMessage } from './streams';

/** Signal numbers msvcrt knows (signal.h). */
const enum Signal {
  /** Ctrl+C. */
  SIGINT = 2,
  /** Illegal instruction. */
  SIGILL = 4,
  /** Floating-point error. */
  SIGFPE = 8,
  /** Segment violation. */
  SIGSEGV = 11,
  /** Termination request. */
  SIGTERM = 15,
  /** Ctrl+Break. */
  SIGBREAK = 21,
  /** abort(). */
  SIGABRT = 22,
}

const SIG_DFL = 0n;
const SIG_IGN = 1n;
const SIG_ERR = 0xffffffffffffffffn;
const VALID_SIGNALS = new Set<number>([Signal.SIGINT, Signal.SIGILL, Signal.SIGFPE, Signal.SIGSEGV, Signal.SIGTERM, Signal.SIGBREAK, Signal.SIGABRT]);

/** What abort() prints on a console application (msvcrt's _RT_ABORT message). */
const ABORT_MESSAGE = "\r\nThis application has requested the Runtime to terminate it in an unusual way.\nPlease contact the application's support team for more information.\r\n";
/** abort()'s exit code. */
const ABORT_EXIT_CODE = 3;

/** Runs the exit-handler table once, most recent first. */
export function runExitHandlers(os: Os): void {
  const state = crt(os);
  if (state.exiting) return;
  state.exiting = true;
  while (state.exitHandlers.length > 0) {
    const handler = state.exitHandlers.pop()!;
    os.callGuest(handler, []);
  }
}

function exitProcess(os: Os, code: number): never {
  runExitHandlers(os);
  return os.exit(code);
}

function dataAddress(os: Os, name: string): bigint {
  const addr = crt(os).blocks.get(`data:${name}`);
  if (addr === undefined) throw new CrtInvalidParameterError(name, 'the data export was never initialised by the loader');
  return addr;
}

/** A data export whose address later functions need (`__p___argc` …). */
function remembered(name: string, size: number, init?: (os: Os, addr: bigint) => void) {
  return data(size, (os, addr) => {
    crt(os).blocks.set(`data:${name}`, addr);
    init?.(os, addr);
  });
}

function raise(os: Os, sig: number): number {
  if (!VALID_SIGNALS.has(sig)) {
    setErrno(os, Errno.EINVAL);
    return -1;
  }
  const state = crt(os);
  const handler = state.signals.get(sig) ?? SIG_DFL;
  if (handler === SIG_IGN) return 0;
  // The default action of every signal ends the process with code 3 (msvcrt's raise).
  if (handler === SIG_DFL) return os.exit(ABORT_EXIT_CODE);
  // The handler is reset to the default before it runs, as msvcrt does (except for SIGFPE's code).
  state.signals.set(sig, SIG_DFL);
  os.callGuest(handler, [BigInt(sig)]);
  return 0;
}

function initterm(os: Os, begin: bigint, end: bigint, stopOnError: boolean): number {
  if (end < begin || (end - begin) / 8n > 1_000_000n) throw new CrtInvalidParameterError('_initterm', 'the table bounds are reversed or absurd');
  for (let p = begin; p < end; p += 8n) {
    const f = os.memory.u64(p);
    if (f === 0n) continue;
    const r = os.callGuest(f, []);
    if (stopOnError && (r & 0xffffffffn) !== 0n) return Number(BigInt.asIntN(32, r));
  }
  return 0;
}

export const startup: ApiTable = {
  __getmainargs: fn(
    'int __getmainargs(int *argc, char ***argv, char ***env, int doWildCard, _startupinfo *startInfo)',
    ['ptr', 'ptr', 'ptr', 'i32', 'ptr'],
    'i32',
    ({ os }, pArgc, pArgv, pEnv) => {
      const a = ansiArgs(os);
      if (pArgc !== 0n) os.memory.setU32(pArgc, a.argc);
      if (pArgv !== 0n) os.memory.setU64(pArgv, a.argv);
      if (pEnv !== 0n) os.memory.setU64(pEnv, a.envp);
      return 0;
    },
  ),
  __wgetmainargs: fn(
    'int __wgetmainargs(int *argc, wchar_t ***argv, wchar_t ***env, int doWildCard, _startupinfo *startInfo)',
    ['ptr', 'ptr', 'ptr', 'i32', 'ptr'],
    'i32',
    ({ os }, pArgc, pArgv, pEnv) => {
      const a = wideArgs(os);
      if (pArgc !== 0n) os.memory.setU32(pArgc, a.argc);
      if (pArgv !== 0n) os.memory.setU64(pArgv, a.argv);
      if (pEnv !== 0n) os.memory.setU64(pEnv, a.envp);
      return 0;
    },
  ),
  __set_app_type: fn('void __set_app_type(int at)', ['i32'], 'void', () => undefined),
  __setusermatherr: fn('void __setusermatherr(int (*pf)(struct _exception *))', ['ptr'], 'void', () => undefined),
  _initterm: fn('void _initterm(_PVFV *begin, _PVFV *end)', ['ptr', 'ptr'], 'void', ({ os }, b, e) => void initterm(os, b, e, false)),
  _initterm_e: fn('int _initterm_e(_PIFV *begin, _PIFV *end)', ['ptr', 'ptr'], 'i32', ({ os }, b, e) => initterm(os, b, e, true)),

  _acmdln: remembered('_acmdln', 8, (os, addr) => os.memory.setU64(addr, os.process.commandLineA)),
  _wcmdln: remembered('_wcmdln', 8, (os, addr) => os.memory.setU64(addr, os.process.commandLineW)),
  __initenv: remembered('__initenv', 8, (os, addr) => os.memory.setU64(addr, ansiArgs(os).envp)),
  __winitenv: remembered('__winitenv', 8, (os, addr) => os.memory.setU64(addr, wideArgs(os).envp)),
  _environ: remembered('_environ', 8, (os, addr) => os.memory.setU64(addr, ansiArgs(os).envp)),
  _wenviron: remembered('_wenviron', 8, (os, addr) => os.memory.setU64(addr, wideArgs(os).envp)),
  __argc: remembered('__argc', 4, (os, addr) => os.memory.setU32(addr, ansiArgs(os).argc)),
  __argv: remembered('__argv', 8, (os, addr) => os.memory.setU64(addr, ansiArgs(os).argv)),
  __wargv: remembered('__wargv', 8, (os, addr) => os.memory.setU64(addr, wideArgs(os).argv)),
  _fmode: remembered('_fmode', 4),
  _commode: remembered('_commode', 4),
  __p___argc: fn('int *__p___argc(void)', [], 'ptr', ({ os }) => dataAddress(os, '__argc')),
  __p___argv: fn('char ***__p___argv(void)', [], 'ptr', ({ os }) => dataAddress(os, '__argv')),
  __p___wargv: fn('wchar_t ***__p___wargv(void)', [], 'ptr', ({ os }) => dataAddress(os, '__wargv')),
  __p__environ: fn('char ***__p__environ(void)', [], 'ptr', ({ os }) => dataAddress(os, '_environ')),
  __p__wenviron: fn('wchar_t ***__p__wenviron(void)', [], 'ptr', ({ os }) => dataAddress(os, '_wenviron')),
  __p__fmode: fn('int *__p__fmode(void)', [], 'ptr', ({ os }) => dataAddress(os, '_fmode')),
  __p__commode: fn('int *__p__commode(void)', [], 'ptr', ({ os }) => dataAddress(os, '_commode')),
  __p__acmdln: fn('char **__p__acmdln(void)', [], 'ptr', ({ os }) => dataAddress(os, '_acmdln')),
  __p__wcmdln: fn('wchar_t **__p__wcmdln(void)', [], 'ptr', ({ os }) => dataAddress(os, '_wcmdln')),

  _onexit: fn('_onexit_t _onexit(_onexit_t function)', ['ptr'], 'ptr', ({ os }, f) => {
    if (f === 0n) return 0n;
    crt(os).exitHandlers.push(f);
    return f;
  }),
  atexit: fn('int atexit(void (*func)(void))', ['ptr'], 'i32', ({ os }, f) => {
    if (f === 0n) return -1;
    crt(os).exitHandlers.push(f);
    return 0;
  }),
  __dllonexit: fn('_onexit_t __dllonexit(_onexit_t func, _PVFV **pbegin, _PVFV **pend)', ['ptr', 'ptr', 'ptr'], 'ptr', ({ os }, f, pBegin, pEnd) => {
    // Appends to a DLL's own table (mingw's DLL crt allocates it with malloc, i.e. on our heap).
    const heap = crt(os).heap;
    const begin = os.memory.u64(pBegin);
    const end = os.memory.u64(pEnd);
    const count = begin === 0n ? 0 : Number((end - begin) / 8n);
    let table: bigint;
    if (begin !== 0n && heap.sizeOf(begin) >= 0) {
      table = heap.sizeOf(begin) >= (count + 1) * 8 ? begin : heap.realloc(begin, (count + 8) * 8, false);
    } else {
      table = heap.alloc((count + 8) * 8, false);
      if (table !== 0n && count > 0) os.memory.write(table, os.memory.read(begin, count * 8));
    }
    if (table === 0n) return 0n;
    os.memory.setU64(table + BigInt(count * 8), f);
    os.memory.setU64(pBegin, table);
    os.memory.setU64(pEnd, table + BigInt((count + 1) * 8));
    return f;
  }),

  exit: fn('void exit(int status)', ['i32'], 'void', ({ os }, code) => exitProcess(os, code)),
  _exit: fn('void _exit(int status)', ['i32'], 'void', ({ os }, code) => os.exit(code)),
  _c_exit: fn('void _c_exit(void)', [], 'void', () => undefined),
  _cexit: fn('void _cexit(void)', [], 'void', ({ os }) => runExitHandlers(os)),
  abort: fn('void abort(void)', [], 'void', ({ os }) => {
    // msvcrt.dll's order: the message, then SIGABRT (a handler may run), then _exit(3).
    writeRuntimeMessage(os, Buffer.from(ABORT_MESSAGE, 'latin1'));
    raise(os, Signal.SIGABRT);
    // A SIGABRT handler that returns does not stop abort: the process still ends with code 3.
    os.exit(ABORT_EXIT_CODE);
  }),
  _amsg_exit: fn('void _amsg_exit(int rterrnum)', ['i32'], 'void', ({ os }, n) => {
    writeRuntimeMessage(os, Buffer.from(`\r\nruntime error R60${String(n).padStart(2, '0')}\r\n`, 'latin1'));
    os.exit(255);
  }),
  signal: fn('void (*signal(int sig, void (*func)(int)))(int)', ['i32', 'ptr'], 'ptr', ({ os }, sig, handler) => {
    if (!VALID_SIGNALS.has(sig)) {
      setErrno(os, Errno.EINVAL);
      return SIG_ERR;
    }
    const signals = crt(os).signals;
    const old = signals.get(sig) ?? SIG_DFL;
    signals.set(sig, handler);
    return old;
  }),
  raise: fn('int raise(int sig)', ['i32'], 'i32', ({ os }, sig) => raise(os, sig)),

  _lock: fn('void _lock(int locknum)', ['i32'], 'void', () => undefined),
  _unlock: fn('void _unlock(int locknum)', ['i32'], 'void', () => undefined),

  _errno: fn('int *_errno(void)', [], 'ptr', ({ os }) => crt(os).errnoAddr),
  __doserrno: fn('unsigned long *__doserrno(void)', [], 'ptr', ({ os }) => crt(os).doserrnoAddr),
  strerror: fn('char *strerror(int errnum)', ['i32'], 'ptr', ({ os }, n) => staticString(os, errnoMessage(n))),
  _strerror: fn('char *_strerror(const char *strErrMsg)', ['ptr'], 'ptr', ({ os }, msg) => {
    const text = errnoMessage(getErrno(os));
    return staticString(os, msg === 0n ? `${text}\n` : `${os.memory.cString(msg, 94)}: ${text}\n`);
  }),
};
