/**
 * Writes a Windows minidump (minidumpapiset.h) of a crashed single-threaded guest process:
 *
 *   MINIDUMP_HEADER · MINIDUMP_DIRECTORY[6] · SystemInfoStream (AMD64, Windows 10 build 19041)
 *   · MiscInfoStream (process id)
 *   · ExceptionStream (EXCEPTION_RECORD + the thread's CONTEXT) · ThreadListStream (one thread:
 *   id, TEB, stack memory, CONTEXT) · ModuleListStream (base, size, checksum, timestamp, name as
 *   MINIDUMP_STRING, CodeView record when the image has one) · MemoryListStream (the stack and the
 *   memory around the fault, ranges sorted and non-overlapping).
 *
 * Invariants: every RVA points inside the file; the thread's stack descriptor and the matching
 * memory-list entry share one copy of the bytes (as Windows' own dumps do); output depends only on
 * the input (the header's TimeDateStamp is given, never the host clock), so dumps are reproducible.
 */
import { cpuid } from '../../../emu';
import { ByteWriter, type Location, type Rva } from './byte-writer';
import { writeContext, type DumpContext } from './context';
import {
  EXCEPTION_MAXIMUM_PARAMETERS, MINIDUMP_MISC1_PROCESS_ID, MINIDUMP_SIGNATURE, MINIDUMP_VERSION, PROCESSOR_ARCHITECTURE_AMD64, Size, StreamType,
  VER_NT_WORKSTATION, VER_PLATFORM_WIN32_NT, WINDOWS_VERSION,
} from './layout';

/** A piece of guest memory captured in the dump. */
export interface DumpMemory {
  readonly address: bigint;
  readonly bytes: Uint8Array;
}

export interface DumpModule {
  /** Full guest path, e.g. `C:\app\hello.exe` (debuggers show its last component). */
  readonly path: string;
  readonly base: bigint;
  readonly size: number;
  readonly checkSum: number;
  readonly timeDateStamp: number;
  /** The raw CodeView record (`RSDS` + GUID + age + PDB path) when the image has one. */
  readonly codeView?: Uint8Array;
}

export interface DumpException {
  /** NTSTATUS, e.g. 0xC0000005. */
  readonly code: number;
  readonly flags: number;
  /** Where it happened: RIP of the faulting instruction. */
  readonly address: bigint;
  /** ExceptionInformation (for access violations: [type, address]); at most 15. */
  readonly parameters: readonly bigint[];
}

export interface DumpProcess {
  readonly id: number;
}

export interface DumpThread {
  readonly id: number;
  readonly teb: bigint;
  readonly context: DumpContext;
  /** From RSP (or a little below) up to the stack base. */
  readonly stack: DumpMemory;
}

export interface MinidumpInput {
  readonly exception: DumpException;
  readonly process: DumpProcess;
  readonly thread: DumpThread;
  readonly modules: readonly DumpModule[];
  /** More memory to include (around the fault, around RIP); merged with the stack. */
  readonly memory: readonly DumpMemory[];
  /** MINIDUMP_HEADER.TimeDateStamp (seconds since 1970). */
  readonly timeDateStamp: number;
}

const STREAM_COUNT = 6;

/** Sorted, non-overlapping ranges: overlapping or touching pieces are joined. */
export function mergeMemory(pieces: readonly DumpMemory[]): DumpMemory[] {
  const sorted = pieces.filter((p) => p.bytes.length > 0).sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
  const out: DumpMemory[] = [];
  for (const p of sorted) {
    const last = out.at(-1);
    const lastEnd = last ? last.address + BigInt(last.bytes.length) : 0n;
    if (last && p.address <= lastEnd) {
      const end = p.address + BigInt(p.bytes.length);
      if (end <= lastEnd) continue;
      const joined = new Uint8Array(Number(end - last.address));
      joined.set(last.bytes, 0);
      joined.set(p.bytes.subarray(Number(lastEnd - p.address)), Number(lastEnd - last.address));
      out[out.length - 1] = { address: last.address, bytes: joined };
    } else {
      out.push(p);
    }
  }
  return out;
}

function writeSystemInfo(w: ByteWriter): Location {
  const at = w.reserve(Size.SystemInfo);
  w.u16(at, PROCESSOR_ARCHITECTURE_AMD64);
  const leaf1 = cpuid(1, 0);
  w.u16(at + 2, (leaf1.eax >>> 8) & 0xf); // ProcessorLevel: the family
  w.u16(at + 4, (((leaf1.eax >>> 4) & 0xf) << 8) | (leaf1.eax & 0xf)); // ProcessorRevision: model, stepping
  w.u8(at + 6, 1); // NumberOfProcessors
  w.u8(at + 7, VER_NT_WORKSTATION);
  w.u32(at + 8, WINDOWS_VERSION.major);
  w.u32(at + 12, WINDOWS_VERSION.minor);
  w.u32(at + 16, WINDOWS_VERSION.build);
  w.u32(at + 20, VER_PLATFORM_WIN32_NT);
  // CPU_INFORMATION: the x86 form (vendor id, CPUID leaf 1 eax/edx), which is what readers expect
  // for AMD64 too; the values are the ones the guest's CPUID reports.
  const leaf0 = cpuid(0, 0);
  w.u32(at + 32, leaf0.ebx);
  w.u32(at + 36, leaf0.edx);
  w.u32(at + 40, leaf0.ecx);
  w.u32(at + 44, leaf1.eax);
  w.u32(at + 48, leaf1.edx);
  w.u32(at + 52, cpuid(0x80000001, 0).edx);
  const csd = w.string(''); // CSDVersion: no service pack
  w.u32(at + 24, csd);
  return { rva: at, size: Size.SystemInfo };
}

function writeException(w: ByteWriter, e: DumpException, threadId: number, context: Location): Location {
  const at = w.reserve(Size.ExceptionStream);
  w.u32(at, threadId);
  const rec = at + 8;
  w.u32(rec, e.code);
  w.u32(rec + 4, e.flags);
  w.u64(rec + 8, 0n); // no chained record
  w.u64(rec + 16, e.address);
  const params = e.parameters.slice(0, EXCEPTION_MAXIMUM_PARAMETERS);
  w.u32(rec + 24, params.length);
  params.forEach((p, i) => w.u64(rec + 32 + 8 * i, p));
  w.location(at + 160, context);
  return { rva: at, size: Size.ExceptionStream };
}

function writeModules(w: ByteWriter, modules: readonly DumpModule[]): Location {
  const at = w.reserve(4 + Size.Module * modules.length);
  w.u32(at, modules.length);
  modules.forEach((m, i) => {
    const row = at + 4 + Size.Module * i;
    w.u64(row, m.base);
    w.u32(row + 8, m.size);
    w.u32(row + 12, m.checkSum);
    w.u32(row + 16, m.timeDateStamp);
    w.u32(row + 20, w.string(m.path));
    // VersionInfo (VS_FIXEDFILEINFO, row + 24) stays zero: no version resource is read.
    if (m.codeView) w.location(row + 76, w.append(m.codeView));
  });
  return { rva: at, size: 4 + Size.Module * modules.length };
}

/** The dump file's bytes. */
export function writeMinidump(input: MinidumpInput): Uint8Array {
  const w = new ByteWriter();
  const header = w.reserve(Size.Header);
  const directory = w.reserve(Size.Directory * STREAM_COUNT);
  const streams: Array<[StreamType, Location]> = [];

  streams.push([StreamType.SystemInfo, writeSystemInfo(w)]);
  const misc = w.reserve(Size.MiscInfo);
  w.u32(misc, Size.MiscInfo);
  w.u32(misc + 4, MINIDUMP_MISC1_PROCESS_ID);
  w.u32(misc + 8, input.process.id);
  streams.push([StreamType.MiscInfo, { rva: misc, size: Size.MiscInfo }]);

  const context = writeContext(w, input.thread.context);
  streams.push([StreamType.Exception, writeException(w, input.exception, input.thread.id, context)]);

  // Memory bytes first, so the thread and the memory list can point at the same copy.
  const ranges = mergeMemory([input.thread.stack, ...input.memory]);
  const placed = ranges.map((r) => ({ address: r.address, location: w.append(r.bytes, 16) }));
  const memoryList = w.reserve(4 + Size.MemoryDescriptor * placed.length);
  w.u32(memoryList, placed.length);
  placed.forEach((p, i) => {
    w.u64(memoryList + 4 + Size.MemoryDescriptor * i, p.address);
    w.location(memoryList + 4 + Size.MemoryDescriptor * i + 8, p.location);
  });

  const threadList = w.reserve(4 + Size.Thread);
  w.u32(threadList, 1);
  const t = threadList + 4;
  w.u32(t, input.thread.id);
  w.u32(t + 4, 0); // SuspendCount
  w.u32(t + 8, 0x20); // PriorityClass: NORMAL_PRIORITY_CLASS
  w.u32(t + 12, 0); // Priority: THREAD_PRIORITY_NORMAL
  w.u64(t + 16, input.thread.teb);
  const stack = input.thread.stack;
  const holder = placed.find((p) => stack.address >= p.address && stack.address < p.address + BigInt(p.location.size));
  w.u64(t + 24, stack.address);
  if (holder) w.location(t + 32, { rva: (holder.location.rva + Number(stack.address - holder.address)) as Rva, size: stack.bytes.length });
  w.location(t + 40, context);
  streams.push([StreamType.ThreadList, { rva: threadList, size: 4 + Size.Thread }]);
  streams.push([StreamType.ModuleList, writeModules(w, input.modules)]);
  streams.push([StreamType.MemoryList, { rva: memoryList, size: 4 + Size.MemoryDescriptor * placed.length }]);

  w.u32(header, MINIDUMP_SIGNATURE);
  w.u32(header + 4, MINIDUMP_VERSION);
  w.u32(header + 8, streams.length);
  w.u32(header + 12, directory);
  w.u32(header + 16, 0); // CheckSum: unused
  w.u32(header + 20, input.timeDateStamp);
  w.u64(header + 24, 0n); // Flags: MiniDumpNormal
  streams.forEach(([type, loc], i) => {
    w.u32(directory + Size.Directory * i, type);
    w.location(directory + Size.Directory * i + 4, loc);
  });
  return w.finish();
}
