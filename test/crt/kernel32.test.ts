/**
 * kernel32 system services called directly (no guest program): argument validation, Win32 error
 * codes, and the single-threaded rules for waits and locks.
 */
import { createTestProcess, type TestProcess } from './fake-os';
import { stringapiset } from '../../loader/dlls/kernel32/stringapiset';
import { memoryapi, protFromPage, pageFromProt } from '../../loader/dlls/kernel32/memoryapi';
import { synchapi, DeadlockError } from '../../loader/dlls/kernel32/synchapi';
import { consoleapi } from '../../loader/dlls/kernel32/consoleapi';
import { heapapi } from '../../loader/dlls/kernel32/heapapi';
import { sysinfoapi } from '../../loader/dlls/kernel32/sysinfoapi';
import { winnls } from '../../loader/dlls/kernel32/winnls';
import { HeapMisuseError } from '../../loader/heap';

let p: TestProcess;
beforeEach(() => {
  p = createTestProcess('\x82t\n');
});
afterEach(() => p.close());

const err = () => p.os.thread.lastError;

describe('stringapiset', () => {
  test('InvalidUtf8_WithErrInvalidChars_Fails1113', () => {
    p.os.memory.write(p.scratch, Uint8Array.of(0x61, 0xff, 0x62, 0));
    expect(p.call(stringapiset, 'MultiByteToWideChar', 65001, 8, p.scratch, -1, p.scratch + 0x100n, 16)).toBe(0);
    expect(err()).toBe(1113);
    expect(p.call(stringapiset, 'MultiByteToWideChar', 65001, 0, p.scratch, -1, p.scratch + 0x100n, 16)).toBe(4);
    expect(p.os.memory.u16(p.scratch + 0x102n)).toBe(0xfffd);
  });

  test('UnmappableChar_UsedDefaultSet', () => {
    p.os.memory.writeWString(p.scratch, 'a\u4e00');
    const used = p.scratch + 0x200n;
    expect(p.call(stringapiset, 'WideCharToMultiByte', 1252, 0, p.scratch, -1, p.scratch + 0x100n, 16, 0n, used)).toBe(3);
    expect(p.os.memory.cString(p.scratch + 0x100n)).toBe('a?');
    expect(p.os.memory.u32(used)).toBe(1);
  });

  test('Utf8WithDefaultChar_InvalidParameter', () => {
    p.os.memory.writeWString(p.scratch, 'a');
    expect(p.call(stringapiset, 'WideCharToMultiByte', 65001, 0, p.scratch, -1, 0n, 0, 0n, p.scratch + 0x200n)).toBe(0);
    expect(err()).toBe(87);
  });

  test('UnknownCodePage_InvalidParameter', () => {
    p.os.memory.writeCString(p.scratch, 'a');
    expect(p.call(stringapiset, 'MultiByteToWideChar', 932, 0, p.scratch, -1, 0n, 0)).toBe(0);
    expect(err()).toBe(87);
  });
});

describe('memoryapi', () => {
  test('ProtectionMapping_RoundTrips', () => {
    for (const page of [0x01, 0x02, 0x04, 0x10, 0x20, 0x40, 0x104, 0x120]) expect(pageFromProt(protFromPage(page)!)).toBe(page);
    expect(pageFromProt(protFromPage(0x08)!)).toBe(0x04); // WRITECOPY is read-write for private pages
    expect(protFromPage(0x03)).toBeUndefined();
    expect(protFromPage(0x101)).toBeUndefined(); // NOACCESS | GUARD
  });

  test('ReserveAtAddress_CommitInside_DecommitThenQuery', () => {
    const at = 0x50000000n;
    expect(p.call(memoryapi, 'VirtualAlloc', at, 0x30000n, 0x2000, 0x01)).toBe(at);
    expect(p.call(memoryapi, 'VirtualAlloc', at + 0x10010n, 0x10n, 0x1000, 0x04)).toBe(at + 0x10000n);
    const mbi = p.scratch;
    expect(p.call(memoryapi, 'VirtualQuery', at + 0x10000n, mbi, 48n)).toBe(48n);
    expect([p.os.memory.u64(mbi + 8n), p.os.memory.u64(mbi + 24n), p.os.memory.u32(mbi + 32n), p.os.memory.u32(mbi + 36n), p.os.memory.u32(mbi + 40n)]).toEqual([at, 0x1000n, 0x1000, 0x04, 0x20000]);
    expect(p.call(memoryapi, 'VirtualFree', at + 0x10000n, 0x1000n, 0x4000)).toBe(1);
    p.call(memoryapi, 'VirtualQuery', at + 0x10000n, mbi, 48n);
    expect(p.os.memory.u32(mbi + 32n)).toBe(0x2000);
    // A second reservation over the first fails with ERROR_INVALID_ADDRESS.
    expect(p.call(memoryapi, 'VirtualAlloc', at, 0x1000n, 0x2000, 0x04)).toBe(0n);
    expect(err()).toBe(487);
    expect(p.call(memoryapi, 'VirtualFree', at + 0x10000n, 0n, 0x8000)).toBe(0);
    expect(err()).toBe(87);
    expect(p.call(memoryapi, 'VirtualFree', at, 0n, 0x8000)).toBe(1);
    p.call(memoryapi, 'VirtualQuery', at, mbi, 48n);
    expect(p.os.memory.u32(mbi + 32n)).toBe(0x10000);
  });

  test('BadArguments_InvalidParameter', () => {
    expect(p.call(memoryapi, 'VirtualAlloc', 0n, 0x1000n, 0x1000, 0x03)).toBe(0n);
    expect(err()).toBe(87);
    expect(p.call(memoryapi, 'VirtualAlloc', 0n, 0n, 0x3000, 0x04)).toBe(0n);
    expect(p.call(memoryapi, 'VirtualQuery', 0n, p.scratch, 8n)).toBe(0n);
    const mem = p.call(memoryapi, 'VirtualAlloc', 0n, 0x1000n, 0x3000, 0x04) as bigint;
    expect(p.call(memoryapi, 'VirtualProtect', mem, 0x1000n, 0x02, 0n)).toBe(0);
    expect(err()).toBe(998);
  });
});

describe('synchapi', () => {
  test('Sleep_AdvancesVirtualClock', () => {
    const before = p.os.clock.tickCount();
    p.call(synchapi, 'Sleep', 5000);
    expect(p.os.clock.tickCount() - before >= 5000n).toBe(true);
  });

  test('InfiniteWaitOnUnsignalledEvent_DeadlockError', () => {
    const ev = p.call(synchapi, 'CreateEventW', 0n, 1, 0, 0n) as bigint;
    expect(() => p.call(synchapi, 'WaitForSingleObject', ev, 0xffffffff)).toThrow(DeadlockError);
    expect(p.call(synchapi, 'WaitForSingleObject', 0x7777n, 0)).toBe(0xffffffff);
    expect(err()).toBe(6);
  });

  test('SrwLock_ExclusiveTwice_Deadlock_TryFails', () => {
    const lock = p.scratch;
    p.call(synchapi, 'InitializeSRWLock', lock);
    p.call(synchapi, 'AcquireSRWLockShared', lock);
    p.call(synchapi, 'AcquireSRWLockShared', lock);
    expect(p.call(synchapi, 'TryAcquireSRWLockExclusive', lock)).toBe(0);
    p.call(synchapi, 'ReleaseSRWLockShared', lock);
    p.call(synchapi, 'ReleaseSRWLockShared', lock);
    p.call(synchapi, 'AcquireSRWLockExclusive', lock);
    expect(() => p.call(synchapi, 'AcquireSRWLockExclusive', lock)).toThrow(DeadlockError);
  });

  test('InitOnce_BeginCompleteThenDone', () => {
    const once = p.scratch;
    const pending = p.scratch + 0x10n;
    const ctx = p.scratch + 0x20n;
    p.call(synchapi, 'InitOnceInitialize', once);
    expect(p.call(synchapi, 'InitOnceBeginInitialize', once, 0, pending, ctx)).toBe(1);
    expect(p.os.memory.u32(pending)).toBe(1);
    expect(p.call(synchapi, 'InitOnceComplete', once, 0, 0x1230n)).toBe(1);
    expect(p.call(synchapi, 'InitOnceBeginInitialize', once, 0, pending, ctx)).toBe(1);
    expect(p.os.memory.u32(pending)).toBe(0);
    expect(p.os.memory.u64(ctx)).toBe(0x1230n);
  });

  test('CriticalSection_LayoutFields', () => {
    const cs = p.scratch;
    p.call(synchapi, 'InitializeCriticalSection', cs);
    expect(p.os.memory.i32(cs + 8n)).toBe(-1);
    p.call(synchapi, 'EnterCriticalSection', cs);
    expect(p.os.memory.u64(cs + 16n)).toBe(4n);
    expect(p.os.memory.i32(cs + 12n)).toBe(1);
    p.call(synchapi, 'LeaveCriticalSection', cs);
    expect(p.os.memory.u64(cs + 16n)).toBe(0n);
    expect(p.os.memory.i32(cs + 8n)).toBe(-1);
  });
});

describe('consoleapi', () => {
  test('GetStdHandle_BadId_InvalidHandleValue', () => {
    expect(p.call(consoleapi, 'GetStdHandle', 0xfffffff5)).toBe(p.os.handles.std('output'));
    expect(p.call(consoleapi, 'GetStdHandle', 5)).toBe(0xffffffffffffffffn);
    expect(err()).toBe(6);
  });

  test('CodePages_DefaultOem_UnsupportedRefused', () => {
    expect(p.call(consoleapi, 'GetConsoleOutputCP')).toBe(437);
    expect(p.call(consoleapi, 'SetConsoleOutputCP', 932)).toBe(0);
    expect(err()).toBe(87);
    expect(p.call(consoleapi, 'SetConsoleOutputCP', 20127)).toBe(1);
    expect(p.call(consoleapi, 'GetConsoleOutputCP')).toBe(20127);
  });

  test('ReadConsoleW_DecodesInputCodePage', () => {
    const buf = p.scratch;
    const read = p.scratch + 0x100n;
    expect(p.call(consoleapi, 'ReadConsoleW', p.os.handles.std('input'), buf, 10, read, 0n)).toBe(1);
    expect(p.os.memory.u32(read)).toBe(3);
    expect(p.os.memory.wString(buf, 3)).toBe('\u00e9t\n');
  });

  test('WriteConsoleA_OnInputHandle_InvalidHandle', () => {
    expect(p.call(consoleapi, 'WriteConsoleA', p.os.handles.std('input'), p.scratch, 1, 0n, 0n)).toBe(0);
    expect(err()).toBe(6);
  });
});

describe('heapapi', () => {
  test('DoubleHeapFree_HeapMisuseError', () => {
    const heap = p.call(heapapi, 'GetProcessHeap') as bigint;
    const a = p.call(heapapi, 'HeapAlloc', heap, 0, 24n) as bigint;
    expect(p.call(heapapi, 'HeapFree', heap, 0, a)).toBe(1);
    expect(() => p.call(heapapi, 'HeapFree', heap, 0, a)).toThrow(HeapMisuseError);
    expect(p.call(heapapi, 'HeapFree', heap, 0, 0n)).toBe(1);
  });

  test('ReallocInPlaceOnly_GrowFails_ShrinkWorks', () => {
    const heap = p.call(heapapi, 'HeapCreate', 0, 0n, 0n) as bigint;
    const a = p.call(heapapi, 'HeapAlloc', heap, 0, 100n) as bigint;
    expect(p.call(heapapi, 'HeapReAlloc', heap, 0x10, a, 5000n)).toBe(0n);
    expect(err()).toBe(8);
    expect(p.call(heapapi, 'HeapReAlloc', heap, 0x10, a, 10n)).toBe(a);
    expect(p.call(heapapi, 'HeapSize', heap, 0, a)).toBe(10n);
    expect(p.call(heapapi, 'HeapSize', heap, 0, a + 16n)).toBe(0xffffffffffffffffn);
    expect(p.call(heapapi, 'HeapDestroy', p.call(heapapi, 'GetProcessHeap'))).toBe(0);
  });

  test('HeapAlloc_BadHandle_InvalidHandle', () => {
    expect(p.call(heapapi, 'HeapAlloc', 0x1234n, 0, 8n)).toBe(0n);
    expect(err()).toBe(6);
  });
});

describe('sysinfoapi and winnls', () => {
  test('GetVersionEx_WrongSize_InsufficientBuffer', () => {
    p.os.memory.setU32(p.scratch, 100);
    expect(p.call(sysinfoapi, 'GetVersionExW', p.scratch)).toBe(0);
    expect(err()).toBe(122);
    p.os.memory.setU32(p.scratch, 284);
    expect(p.call(sysinfoapi, 'GetVersionExW', p.scratch)).toBe(1);
    expect(p.os.memory.u32(p.scratch + 12n)).toBe(19041);
    expect(p.os.memory.u8(p.scratch + 282n)).toBe(1); // VER_NT_WORKSTATION
  });

  test('GetCPInfo_Utf8AndAnsi', () => {
    expect(p.call(winnls, 'GetCPInfo', 65001, p.scratch)).toBe(1);
    expect(p.os.memory.u32(p.scratch)).toBe(4);
    expect(p.call(winnls, 'GetCPInfo', 0, p.scratch)).toBe(1);
    expect([p.os.memory.u32(p.scratch), p.os.memory.u8(p.scratch + 4n)]).toEqual([1, 0x3f]);
    expect(p.call(winnls, 'GetCPInfo', 936, p.scratch)).toBe(0);
  });
});

describe('fileapi', () => {
  test('NulDevice_DiscardsWrites_ReadsEof_CharType', async () => {
    const { fileapi } = await import('../../loader/dlls/kernel32/fileapi');
    p.os.memory.writeCString(p.scratch, 'NUL');
    const h = p.call(fileapi, 'CreateFileA', p.scratch, 0x40000000, 0, 0n, 3, 0, 0n) as bigint;
    expect(h).not.toBe(0xffffffffffffffffn);
    const count = p.scratch + 0x100n;
    expect(p.call(fileapi, 'WriteFile', h, p.scratch, 3, count, 0n)).toBe(1);
    expect(p.os.memory.u32(count)).toBe(3);
    expect(p.call(fileapi, 'ReadFile', h, p.scratch, 3, count, 0n)).toBe(1);
    expect(p.os.memory.u32(count)).toBe(0);
    expect(p.call(fileapi, 'GetFileType', h)).toBe(2);
    expect(p.stdout.length).toBe(0);
  });

  test('CreateFile_MissingAndCreate_FileNotFoundAndAccessDenied', async () => {
    const { fileapi } = await import('../../loader/dlls/kernel32/fileapi');
    p.os.memory.writeWString(p.scratch, 'C:\\x.txt');
    expect(p.call(fileapi, 'CreateFileW', p.scratch, 0x80000000, 0, 0n, 3, 0, 0n)).toBe(0xffffffffffffffffn);
    expect(err()).toBe(2);
    expect(p.call(fileapi, 'CreateFileW', p.scratch, 0x40000000, 0, 0n, 2, 0, 0n)).toBe(0xffffffffffffffffn);
    expect(err()).toBe(5);
    expect(p.call(fileapi, 'CreateFileW', p.scratch, 0x40000000, 0, 0n, 9, 0, 0n)).toBe(0xffffffffffffffffn);
    expect(err()).toBe(87);
  });
});
