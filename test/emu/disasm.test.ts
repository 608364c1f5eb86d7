/**
 * The disassembler: agrees with the assembler oracle, survives inputs far past capstone-wasm's
 * ~64 KiB limit by chunking (instructions straddling chunk edges included), turns undecodable
 * bytes into `.byte` entries, and caches decodings of guest memory until invalidated.
 */
import { Disassembler, Machine, Prot } from '../../emu';
import { CHUNK_BYTES } from '../../emu/disasm';
import { asm, loadAssembler } from './asm';

let dis: Disassembler;
beforeAll(async () => {
  await loadAssembler();
  dis = await Disassembler.load();
});

test('SmallSnippet_MatchesAssembledSource', () => {
  const bytes = asm('mov rax, 1; inc rcx; ret', 0x1000n);
  const out = dis.decode(bytes, 0x1000n);
  expect(out.map((i) => i.text)).toEqual(['mov rax, 1', 'inc rcx', 'ret']);
  expect(out.map((i) => i.address)).toEqual([0x1000n, 0x1007n, 0x100An]);
  expect(out[0].size).toBe(7);
  expect(Array.from(out[2].bytes)).toEqual([0xC3]);
  expect(out[1].mnemonic).toBe('inc');
  expect(out[1].operands).toBe('rcx');
});

test('RelativeBranch_TargetShownAtAddress', () => {
  const at = 0x1_4000_0000n;
  const out = dis.decode(asm('l: jmp l', at), at);
  expect(out[0].text).toBe('jmp 0x140000000');
});

test('Count_LimitsInstructions', () => {
  const bytes = new Uint8Array(100).fill(0x90);
  expect(dis.decode(bytes, 0n, 7).length).toBe(7);
});

test('InvalidBytes_ByteEntries_DecodingContinues', () => {
  const bytes = Uint8Array.of(0x90, 0xFF, 0xFF, 0x90, 0x06);
  const out = dis.decode(bytes, 0x10n);
  expect(out.map((i) => i.text)).toEqual(['nop', '.byte 0xff', '.byte 0xff', 'nop', '.byte 0x06']);
  expect(out.reduce((n, i) => n + i.size, 0)).toBe(bytes.length);
});

test('InputOver64K_Chunked_EveryInstructionDecoded', () => {
  // 10-byte instructions never align with the chunk size, so some straddle every chunk edge.
  const one = asm('mov rax, 0x1122334455667788', 0n);
  expect(one.length).toBe(10);
  const count = 20_000; // 200 KB
  const bytes = new Uint8Array(one.length * count);
  for (let i = 0; i < count; i++) bytes.set(one, i * one.length);
  expect(bytes.length % CHUNK_BYTES).not.toBe(0);
  const out = dis.decode(bytes, 0x40_0000n);
  expect(out.length).toBe(count);
  expect(out[0].text).toBe('movabs rax, 0x1122334455667788');
  expect(out.every((i) => i.text === out[0].text && i.size === 10)).toBe(true);
  expect(out[count - 1].address).toBe(0x40_0000n + BigInt((count - 1) * 10));
});

test('DecodeAt_CachedByAddress_InvalidateRereads', () => {
  const m = Machine.create();
  try {
    const code = m.memory.reserve(0x10000);
    m.memory.commit(code, 0x1000, Prot.Read | Prot.Execute);
    m.memory.write(code, asm('push rbp; mov rbp, rsp; pop rbp; ret', code));
    const first = dis.decodeAt(m.memory, code, 4);
    expect(first.map((i) => i.text)).toEqual(['push rbp', 'mov rbp, rsp', 'pop rbp', 'ret']);
    // Rewritten without invalidation: the cache still answers with the old decoding.
    m.memory.write(code, asm('nop', code));
    expect(dis.decodeAt(m.memory, code, 1)[0].text).toBe('push rbp');
    dis.invalidate(code, 1);
    expect(dis.decodeAt(m.memory, code, 1)[0].text).toBe('nop');
    // Untouched neighbours keep their cached entries.
    expect(dis.decodeAt(m.memory, code + 1n, 1)[0]).toBe(first[1]);
  } finally {
    m.close();
  }
});

test('DecodeAt_StopsAtEndOfCommittedMemory', () => {
  const m = Machine.create();
  try {
    const code = m.memory.reserve(0x10000);
    m.memory.commit(code, 0x1000, Prot.Read | Prot.Execute);
    m.memory.write(code + 0xFFEn, Uint8Array.of(0x90, 0x90));
    const out = dis.decodeAt(m.memory, code + 0xFFEn, 5);
    expect(out.map((i) => i.text)).toEqual(['nop', 'nop']);
    expect(() => dis.decodeAt(m.memory, code + 0x1000n, 1)).toThrow(/not committed/);
  } finally {
    m.close();
  }
});
