/**
 * What CPUID tells the guest. Unicorn 2.0.1's default model advertises features its translator
 * does not implement (POPCNT, XSAVE/OSXSAVE, AVX), and real code (the CRT, Mono's class library)
 * picks code paths from CPUID, so the emulated CPU answers from this table instead: exactly the
 * features that execute correctly here, each probed by the tests in test/emu/cpuid.test.ts.
 * Measured departures from the usual "SSE–SSE4.2, CX16, BMI2, LZCNT" summary: MOVBE and PCLMULQDQ
 * raise #UD, and PDEP/PEXT compute with source and mask swapped, so BMI2 is not reported.
 *
 * Leaf layout follows the Intel SDM Vol. 2A, "CPUID—CPU Identification" (Table 3-8 onwards).
 */

export interface CpuidResult { eax: number; ebx: number; ecx: number; edx: number }

/** CPUID.1:ECX feature bits reported. */
export const enum Leaf1Ecx {
  /** SSE3. */
  SSE3 = 1 << 0,
  /** PCLMULQDQ (carry-less multiply): raises #UD in Unicorn 2.0.1, never reported. */
  PCLMULQDQ = 1 << 1,
  /** SSSE3. */
  SSSE3 = 1 << 9,
  /** CMPXCHG16B. */
  CX16 = 1 << 13,
  /** SSE4.1. */
  SSE41 = 1 << 19,
  /** SSE4.2 (PCMPxSTRx, CRC32). */
  SSE42 = 1 << 20,
  /** MOVBE: raises #UD in Unicorn 2.0.1, never reported. */
  MOVBE = 1 << 22,
  /** POPCNT: NOT implemented by Unicorn 2.0.1, never reported. */
  POPCNT = 1 << 23,
  /** AES-NI. */
  AES = 1 << 25,
  /** XSAVE: not implemented, never reported. */
  XSAVE = 1 << 26,
  /** OSXSAVE (XGETBV usable): not implemented, never reported. */
  OSXSAVE = 1 << 27,
  /** AVX: decodes in part but is unusable without XGETBV; never reported. */
  AVX = 1 << 28,
}

/** CPUID.1:EDX feature bits reported. */
export const enum Leaf1Edx {
  /** x87 FPU. */
  FPU = 1 << 0,
  /** Time-stamp counter (RDTSC). */
  TSC = 1 << 4,
  /** CMPXCHG8B. */
  CX8 = 1 << 8,
  /** CMOVcc. */
  CMOV = 1 << 15,
  /** CLFLUSH. */
  CLFSH = 1 << 19,
  /** MMX. */
  MMX = 1 << 23,
  /** FXSAVE/FXRSTOR. */
  FXSR = 1 << 24,
  /** SSE. */
  SSE = 1 << 25,
  /** SSE2. */
  SSE2 = 1 << 26,
}

/** CPUID.(EAX=7,ECX=0):EBX feature bits reported. */
export const enum Leaf7Ebx {
  /** BMI1 (ANDN, BLSR, BEXTR, TZCNT …). */
  BMI1 = 1 << 3,
  /** BMI2: never reported, Unicorn 2.0.1 swaps PDEP/PEXT's operands (SHLX, RORX, MULX do work). */
  BMI2 = 1 << 8,
}

/** CPUID.80000001h:ECX / EDX bits reported. */
export const enum ExtLeaf1 {
  /** ECX: LAHF/SAHF in 64-bit mode. */
  LAHF_LM = 1 << 0,
  /** ECX: LZCNT (AMD "ABM"). */
  LZCNT = 1 << 5,
  /** EDX: SYSCALL/SYSRET. */
  SYSCALL = 1 << 11,
  /** EDX: no-execute page protection. */
  NX = 1 << 20,
  /** EDX: RDTSCP. */
  RDTSCP = 1 << 27,
  /** EDX: long mode. */
  LM = 1 << 29,
}

export const CPU_BRAND = 'clremu virtual x86-64 CPU';

function ascii4(s: string, at: number): number {
  let v = 0;
  for (let i = 3; i >= 0; i--) v = (v << 8) | (s.charCodeAt(at + i) || 0);
  return v >>> 0;
}

const VENDOR = 'GenuineIntel';
const brand = CPU_BRAND.padEnd(48, '\0');

/** The answer for (leaf, subleaf); unknown leaves read as zeros, as on hardware past the max leaf. */
export function cpuid(leaf: number, subleaf: number): CpuidResult {
  switch (leaf >>> 0) {
    case 0:
      return { eax: 7, ebx: ascii4(VENDOR, 0), edx: ascii4(VENDOR, 4), ecx: ascii4(VENDOR, 8) };
    case 1:
      return {
        // Family 6, model 0x3A-style signature; stepping 9.
        eax: 0x000306A9,
        // CLFLUSH line size 8 (×8 = 64 bytes), one logical processor, APIC id 0.
        ebx: (8 << 8) | (1 << 16),
        ecx: (Leaf1Ecx.SSE3 | Leaf1Ecx.SSSE3 | Leaf1Ecx.CX16 | Leaf1Ecx.SSE41 | Leaf1Ecx.SSE42 |
              Leaf1Ecx.AES) >>> 0,
        edx: (Leaf1Edx.FPU | Leaf1Edx.TSC | Leaf1Edx.CX8 | Leaf1Edx.CMOV | Leaf1Edx.CLFSH | Leaf1Edx.MMX |
              Leaf1Edx.FXSR | Leaf1Edx.SSE | Leaf1Edx.SSE2) >>> 0,
      };
    case 7:
      return subleaf === 0
        ? { eax: 0, ebx: Leaf7Ebx.BMI1, ecx: 0, edx: 0 }
        : { eax: 0, ebx: 0, ecx: 0, edx: 0 };
    case 0x80000000:
      return { eax: 0x80000008, ebx: 0, ecx: 0, edx: 0 };
    case 0x80000001:
      return { eax: 0, ebx: 0, ecx: ExtLeaf1.LAHF_LM | ExtLeaf1.LZCNT,
               edx: (ExtLeaf1.SYSCALL | ExtLeaf1.NX | ExtLeaf1.RDTSCP | ExtLeaf1.LM) >>> 0 };
    case 0x80000002:
    case 0x80000003:
    case 0x80000004: {
      const at = (leaf - 0x80000002) * 16;
      return { eax: ascii4(brand, at), ebx: ascii4(brand, at + 4), ecx: ascii4(brand, at + 8), edx: ascii4(brand, at + 12) };
    }
    case 0x80000008:
      // 48-bit virtual and physical addresses.
      return { eax: 0x3030, ebx: 0, ecx: 0, edx: 0 };
    default:
      return { eax: 0, ebx: 0, ecx: 0, edx: 0 };
  }
}
