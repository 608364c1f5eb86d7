/**
 * The OS structure layouts are pinned to the offsets of the public Windows 10 x64 symbols: guest
 * code (C runtimes, shellcode-style PEB walks, compilers' inline TEB reads) hard-codes them.
 */
import { LDR_DATA_TABLE_ENTRY64, LIST_ENTRY64, PEB64, PEB_LDR_DATA64, RTL_USER_PROCESS_PARAMETERS64, TEB64, UNICODE_STRING64 } from '../../loader/process/structs';
import { buildCommandLine, quoteArgument, splitCommandLine } from '../../loader/process/command-line';
import * as layout from '../../loader/process/layout';

test('Teb64_Offsets_MatchWindows', () => {
  expect(TEB64.ExceptionList).toBe(0x00);
  expect(TEB64.StackBase).toBe(0x08);
  expect(TEB64.StackLimit).toBe(0x10);
  expect(TEB64.Self).toBe(0x30);
  expect(TEB64.ClientIdUniqueProcess).toBe(0x40);
  expect(TEB64.ClientIdUniqueThread).toBe(0x48);
  expect(TEB64.ThreadLocalStoragePointer).toBe(0x58);
  expect(TEB64.ProcessEnvironmentBlock).toBe(0x60);
  expect(TEB64.LastErrorValue).toBe(0x68);
  expect(TEB64.DeallocationStack).toBe(0x1478);
  expect(TEB64.TlsSlots).toBe(0x1480);
  expect(TEB64.TlsExpansionSlots).toBe(0x1780);
});

test('Peb64_Offsets_MatchWindows', () => {
  expect(PEB64.BeingDebugged).toBe(0x02);
  expect(PEB64.ImageBaseAddress).toBe(0x10);
  expect(PEB64.Ldr).toBe(0x18);
  expect(PEB64.ProcessParameters).toBe(0x20);
  expect(PEB64.ProcessHeap).toBe(0x30);
  expect(PEB64.NumberOfProcessors).toBe(0xb8);
  expect(PEB64.OSMajorVersion).toBe(0x118);
  expect(PEB64.OSBuildNumber).toBe(0x120);
  expect(PEB64.OSPlatformId).toBe(0x124);
});

test('LdrStructures_Offsets_MatchWindows', () => {
  expect(LIST_ENTRY64.SIZE).toBe(0x10);
  expect(PEB_LDR_DATA64.InLoadOrderModuleList).toBe(0x10);
  expect(PEB_LDR_DATA64.InMemoryOrderModuleList).toBe(0x20);
  expect(PEB_LDR_DATA64.InInitializationOrderModuleList).toBe(0x30);
  expect(LDR_DATA_TABLE_ENTRY64.InMemoryOrderLinks).toBe(0x10);
  expect(LDR_DATA_TABLE_ENTRY64.DllBase).toBe(0x30);
  expect(LDR_DATA_TABLE_ENTRY64.EntryPoint).toBe(0x38);
  expect(LDR_DATA_TABLE_ENTRY64.SizeOfImage).toBe(0x40);
  expect(LDR_DATA_TABLE_ENTRY64.FullDllName).toBe(0x48);
  expect(LDR_DATA_TABLE_ENTRY64.BaseDllName).toBe(0x58);
  expect(UNICODE_STRING64.Buffer).toBe(0x08);
});

test('ProcessParameters_Offsets_MatchWindows', () => {
  expect(RTL_USER_PROCESS_PARAMETERS64.StandardOutput).toBe(0x28);
  expect(RTL_USER_PROCESS_PARAMETERS64.CurrentDirectoryPath).toBe(0x38);
  expect(RTL_USER_PROCESS_PARAMETERS64.ImagePathName).toBe(0x60);
  expect(RTL_USER_PROCESS_PARAMETERS64.CommandLine).toBe(0x70);
  expect(RTL_USER_PROCESS_PARAMETERS64.Environment).toBe(0x80);
});

test('Layout_RegionsAreGranularAndDisjoint', () => {
  const g = 0x1_0000n;
  for (const v of [layout.OS_BLOCK_BASE, layout.SYSTEM_DLL_BASE, layout.STACK_SEARCH_MIN, layout.HEAP_SEARCH_MIN, layout.REBASE_SEARCH_MIN]) {
    expect(v % g).toBe(0n);
  }
  expect(layout.TEB_ADDRESS - layout.PEB_ADDRESS).toBe(layout.TEB_OFFSET);
  expect(layout.OS_BLOCK_BASE + BigInt(layout.OS_BLOCK_SIZE)).toBeLessThanOrEqual(layout.SYSTEM_DLL_BASE);
  expect(layout.REBASE_SEARCH_MIN).toBeGreaterThanOrEqual(layout.HEAP_SEARCH_MAX);
});

test.each([
  [['a', 'b c'], 'C:\\app\\args.exe a "b c"'],
  [['say "hi"'], 'C:\\app\\args.exe "say \\"hi\\""'],
  [['trailing\\'], 'C:\\app\\args.exe trailing\\'],
  [['dir with space\\'], 'C:\\app\\args.exe "dir with space\\\\"'],
  [[''], 'C:\\app\\args.exe ""'],
])('CommandLine_%j_RoundTrips', (args, expected) => {
  const line = buildCommandLine('C:\\app\\args.exe', args);
  expect(line).toBe(expected);
  expect(splitCommandLine(line)).toEqual(['C:\\app\\args.exe', ...args]);
});

test('CommandLine_ProgramWithSpaces_Quoted', () => {
  expect(buildCommandLine('C:\\my app\\x.exe', ['1'])).toBe('"C:\\my app\\x.exe" 1');
  expect(splitCommandLine('"C:\\my app\\x.exe" 1')).toEqual(['C:\\my app\\x.exe', '1']);
});

test('SplitCommandLine_MsvcrtBackslashRules', () => {
  expect(splitCommandLine('p a\\\\\\"b c\\\\"d e" f')).toEqual(['p', 'a\\"b', 'c\\d e', 'f']);
  expect(quoteArgument('plain')).toBe('plain');
});
