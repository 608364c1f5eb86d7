/**
 * PEB_LDR_DATA and LDR_DATA_TABLE_ENTRY, x64 layouts, plus LIST_ENTRY.
 *
 * The loader keeps three circular doubly-linked lists whose heads live in PEB_LDR_DATA: load
 * order, memory order and initialization order. Each list links the matching LIST_ENTRY inside
 * every LDR_DATA_TABLE_ENTRY, so a guest walking `InMemoryOrderLinks` lands 0x10 bytes into an
 * entry (the CONTAINING_RECORD idiom), exactly as on Windows.
 */
export const LIST_ENTRY64 = {
  Flink: 0x00,
  Blink: 0x08,
  SIZE: 0x10,
} as const;

export const PEB_LDR_DATA64 = {
  Length: 0x00,
  Initialized: 0x04,
  SsHandle: 0x08,
  InLoadOrderModuleList: 0x10,
  InMemoryOrderModuleList: 0x20,
  InInitializationOrderModuleList: 0x30,
  EntryInProgress: 0x40,
  ShutdownInProgress: 0x48,
  ShutdownThreadId: 0x50,
  SIZE: 0x58,
} as const;

export const LDR_DATA_TABLE_ENTRY64 = {
  InLoadOrderLinks: 0x00,
  InMemoryOrderLinks: 0x10,
  InInitializationOrderLinks: 0x20,
  DllBase: 0x30,
  EntryPoint: 0x38,
  SizeOfImage: 0x40,
  /** UNICODE_STRING with the full path. */
  FullDllName: 0x48,
  /** UNICODE_STRING with the file name only. */
  BaseDllName: 0x58,
  Flags: 0x68,
  ObsoleteLoadCount: 0x6c,
  TlsIndex: 0x6e,
  HashLinks: 0x70,
  TimeDateStamp: 0x80,
  SIZE: 0x120,
} as const;

/** LDR_DATA_TABLE_ENTRY.Flags bits we set. */
export const enum LdrFlags {
  /** LDRP_IMAGE_DLL: the module is a DLL. */
  ImageDll = 0x4,
  /** LDRP_ENTRY_PROCESSED: DllMain has run for PROCESS_ATTACH. */
  EntryProcessed = 0x4000,
  /** LDRP_PROCESS_ATTACH_CALLED. */
  ProcessAttachCalled = 0x80000,
}
