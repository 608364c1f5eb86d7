/**
 * The architectural registers the rest of clremu reads and writes, and their Unicorn ids.
 *
 * `Reg` numbers the 16 general-purpose registers in x86 encoding order (Intel SDM Vol. 2,
 * §2.1.5 "ModR/M and SIB bytes": RAX=0 … RDI=7, R8 … R15 = 8 … 15) so an encoder's register
 * number converts directly; RIP, RFLAGS and the FS/GS segment bases follow.
 *
 * Unicorn's own ids (x86.h `uc_x86_reg`) are a different, alphabetical numbering; `UC_REG_ID`
 * translates. XMM registers are addressed by index 0–15 through `Machine.xmm`.
 */

/** Registers addressable through `Machine.reg` / `Machine.setReg`. */
export const enum Reg {
  /** Accumulator; integer return value in the Windows x64 ABI. */
  RAX,
  /** First integer argument (Windows x64). */
  RCX,
  /** Second integer argument. */
  RDX,
  /** Callee-saved. */
  RBX,
  /** Stack pointer; 16-byte aligned at a call site. */
  RSP,
  /** Callee-saved; frame pointer by convention. */
  RBP,
  /** Callee-saved in the Windows x64 ABI. */
  RSI,
  /** Callee-saved in the Windows x64 ABI. */
  RDI,
  /** Third integer argument. */
  R8,
  /** Fourth integer argument. */
  R9,
  /** Volatile scratch. */
  R10,
  /** Volatile scratch. */
  R11,
  /** Callee-saved. */
  R12,
  /** Callee-saved. */
  R13,
  /** Callee-saved. */
  R14,
  /** Callee-saved. */
  R15,
  /** Instruction pointer. */
  RIP,
  /** Flags register (CF, ZF, SF, OF, DF, TF …). */
  RFLAGS,
  /** FS segment base (unused by Windows x64 user code, kept for completeness). */
  FS_BASE,
  /** GS segment base: the TEB on Windows x64. */
  GS_BASE,
}

/** Number of entries in `Reg`. */
export const REG_COUNT = 20;

/** Unicorn `uc_x86_reg` ids, indexed by `Reg`. */
export const UC_REG_ID: readonly number[] = [
  35, // UC_X86_REG_RAX
  38, // UC_X86_REG_RCX
  40, // UC_X86_REG_RDX
  37, // UC_X86_REG_RBX
  44, // UC_X86_REG_RSP
  36, // UC_X86_REG_RBP
  43, // UC_X86_REG_RSI
  39, // UC_X86_REG_RDI
  106, 107, 108, 109, 110, 111, 112, 113, // UC_X86_REG_R8 … R15
  41, // UC_X86_REG_RIP
  25, // UC_X86_REG_EFLAGS (read/written as 64 bits in long mode)
  250, // UC_X86_REG_FS_BASE
  251, // UC_X86_REG_GS_BASE
];

/** Unicorn id of XMM0; XMM1–15 follow consecutively. */
export const UC_REG_XMM0 = 122;

/** Human-readable names, indexed by `Reg`, for fault reports and traces. */
export const REG_NAMES: readonly string[] = [
  'rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi',
  'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15',
  'rip', 'rflags', 'fs_base', 'gs_base',
];

/** RFLAGS bits the emulator itself inspects. */
export const enum Flag {
  /** Trap flag: single-step after each instruction. */
  TF = 1 << 8,
  /** Direction flag: must be clear at calls (Windows x64 ABI). */
  DF = 1 << 10,
}
