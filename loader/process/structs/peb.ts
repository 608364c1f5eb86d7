/**
 * PEB (Process Environment Block), x64 layout, as far as user-mode code and the C runtimes read
 * it. Offsets follow the public Windows 10 symbols.
 */
export const PEB64 = {
  InheritedAddressSpace: 0x00,
  ReadImageFileExecOptions: 0x01,
  BeingDebugged: 0x02,
  BitField: 0x03,
  Mutant: 0x08,
  /** Base address of the main executable. */
  ImageBaseAddress: 0x10,
  /** PEB_LDR_DATA: the three module lists. */
  Ldr: 0x18,
  ProcessParameters: 0x20,
  SubSystemData: 0x28,
  /** The default process heap (GetProcessHeap). */
  ProcessHeap: 0x30,
  FastPebLock: 0x38,
  TlsExpansionCounter: 0x70,
  /** RTL_BITMAP of the 64 TlsSlots in use. */
  TlsBitmap: 0x78,
  TlsBitmapBits: 0x80,
  NumberOfProcessors: 0xb8,
  NtGlobalFlag: 0xbc,
  NumberOfHeaps: 0xe8,
  MaximumNumberOfHeaps: 0xec,
  ProcessHeaps: 0xf0,
  OSMajorVersion: 0x118,
  OSMinorVersion: 0x11c,
  OSBuildNumber: 0x120,
  OSCSDVersion: 0x122,
  OSPlatformId: 0x124,
  ImageSubsystem: 0x128,
  ImageSubsystemMajorVersion: 0x12c,
  ImageSubsystemMinorVersion: 0x130,
  SessionId: 0x2c0,
  SIZE: 0x7c8,
} as const;

/** What the guest is told it runs on: Windows 10 (10.0.19045), Win32 NT platform. */
export const OS_MAJOR_VERSION = 10;
export const OS_MINOR_VERSION = 0;
export const OS_BUILD_NUMBER = 19045;
/** VER_PLATFORM_WIN32_NT. */
export const OS_PLATFORM_ID = 2;
