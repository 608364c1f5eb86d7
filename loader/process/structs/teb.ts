/**
 * TEB (Thread Environment Block), x64 layout. GS base points at it, so guest code reads
 * gs:[0x30] (NtTib.Self), gs:[0x60] (PEB), gs:[0x58] (ThreadLocalStoragePointer) and the
 * stack bounds gs:[0x08]/gs:[0x10]. Offsets follow the public Windows 10 symbols (ntdll.pdb).
 */
export const TEB64 = {
  /** NT_TIB.ExceptionList: unused on x64 (table-based unwinding). */
  ExceptionList: 0x00,
  /** NT_TIB.StackBase: the top (highest address) of the stack. */
  StackBase: 0x08,
  /** NT_TIB.StackLimit: the lowest committed stack address. */
  StackLimit: 0x10,
  SubSystemTib: 0x18,
  FiberData: 0x20,
  ArbitraryUserPointer: 0x28,
  /** NT_TIB.Self: the TEB's own linear address (what `mov rax, gs:[0x30]` reads). */
  Self: 0x30,
  EnvironmentPointer: 0x38,
  /** CLIENT_ID.UniqueProcess. */
  ClientIdUniqueProcess: 0x40,
  /** CLIENT_ID.UniqueThread. */
  ClientIdUniqueThread: 0x48,
  ActiveRpcHandle: 0x50,
  /** Array of per-image TLS blocks, indexed by each image's TLS index. */
  ThreadLocalStoragePointer: 0x58,
  ProcessEnvironmentBlock: 0x60,
  LastErrorValue: 0x68,
  CountOfOwnedCriticalSections: 0x6c,
  /** The reservation base of the stack (used by stack-growth and SetThreadStackGuarantee). */
  DeallocationStack: 0x1478,
  /** 64 TlsAlloc slots. */
  TlsSlots: 0x1480,
  TlsLinks: 0x1680,
  /** Pointer to 1024 more slots, allocated on first use. */
  TlsExpansionSlots: 0x1780,
  SIZE: 0x1838,
} as const;

/** TlsAlloc slot counts (TLS_MINIMUM_AVAILABLE and TLS_EXPANSION_SLOTS). */
export const TLS_MINIMUM_AVAILABLE = 64;
export const TLS_EXPANSION_SLOTS = 1024;
