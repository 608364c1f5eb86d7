/**
 * The file-based unwind description checked against an independent reader: mingw-w64's objdump,
 * whose `-x` output decodes every UNWIND_INFO of an image (".xdata" dump). Run over the unwind test
 * program and every native sample that the setup step built. Skipped inputs are reported, never
 * silently passed: the test fails when no image could be compared at all.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parsePe } from '../../loader/pe';
import { GPR_NAMES, UnwindCode, describeImageUnwind, formatImageUnwind } from '../../loader/unwind';

const root = path.resolve(__dirname, '..', '..');
const candidates = [
  'build/test/unwind/inputs/nested.exe',
  ...['hello.exe', 'args.exe', 'crash.exe', 'tls.exe', 'usedll.exe', 'mathlib.dll'].map((f) => `build/samples/native/${f}`),
].map((p) => path.join(root, p));
const images = candidates.filter((p) => fs.existsSync(p));

interface OracleInfo {
  version: number;
  codes: number;
  prolog: number;
  frameOffsetField: number;
  frameReg: string;
  ops: string[];
  handler?: number;
}

/** Parses objdump's ".xdata" dump: one record per UNWIND_INFO RVA. */
function objdumpUnwind(file: string): Map<number, OracleInfo> {
  const text = execFileSync('x86_64-w64-mingw32-objdump', ['-x', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const out = new Map<number, OracleInfo>();
  let current: OracleInfo | undefined;
  for (const line of text.slice(text.indexOf('Dump of .xdata')).split('\n')) {
    let m: RegExpMatchArray | null;
    if ((m = line.match(/\(rva: ([0-9a-f]+)\)/))) {
      current = { version: 0, codes: 0, prolog: 0, frameOffsetField: 0, frameReg: '', ops: [] };
      out.set(parseInt(m[1], 16), current);
    } else if (!current) {
      continue;
    } else if ((m = line.match(/Version: (\d+)/))) {
      current.version = Number(m[1]);
    } else if ((m = line.match(/Nbr codes: (\d+), Prologue size: (0x[0-9a-f]+), Frame offset: (0x[0-9a-f]+), Frame reg: (\w+)/))) {
      current.codes = Number(m[1]);
      current.prolog = parseInt(m[2], 16);
      current.frameOffsetField = parseInt(m[3], 16);
      current.frameReg = m[4];
    } else if ((m = line.match(/pc\+(0x[0-9a-f]+): (.*)$/))) {
      current.ops.push(`${parseInt(m[1], 16)} ${normaliseObjdumpOp(m[2])}`);
    } else if ((m = line.match(/Handler: ([0-9a-f]+)/))) {
      current.handler = parseInt(m[1], 16);
    }
  }
  return out;
}

function normaliseObjdumpOp(op: string): string {
  let m: RegExpMatchArray | null;
  if ((m = op.match(/^push (\w+)/))) return `push ${m[1]}`;
  if ((m = op.match(/^alloc (?:small|large) area: rsp = rsp - (0x[0-9a-f]+)/))) return `alloc ${parseInt(m[1], 16)}`;
  if ((m = op.match(/^FPReg: (\w+) = rsp \+ (0x[0-9a-f]+)/))) return `setfp ${m[1]} ${parseInt(m[2], 16)}`;
  if ((m = op.match(/^save (\w+) at rsp \+ (0x[0-9a-f]+)/))) return `save ${m[1]} ${parseInt(m[2], 16)}`;
  return `objdump:${op}`;
}

function ours(code: UnwindCode, frameReg: number, frameOffset: number): string {
  switch (code.kind) {
    case 'push-nonvol':
      return `${code.codeOffset} push ${GPR_NAMES[code.reg]}`;
    case 'alloc':
      return `${code.codeOffset} alloc ${code.size}`;
    case 'set-fpreg':
      return `${code.codeOffset} setfp ${GPR_NAMES[frameReg]} ${frameOffset}`;
    case 'save-nonvol':
      return `${code.codeOffset} save ${GPR_NAMES[code.reg]} ${code.offset}`;
    case 'save-xmm128':
      return `${code.codeOffset} save xmm${code.reg} ${code.offset}`;
    case 'push-machframe':
      return `${code.codeOffset} machframe ${code.errorCode ? 1 : 0}`;
  }
}

describe('unwind info from files agrees with objdump', () => {
  test('AtLeastOneBuiltImage_Present', () => {
    // `npm test` builds these first; running jest alone needs `node dist/scripts/setup.js`.
    expect(images.length).toBeGreaterThan(0);
  });

  test.each(images.map((p) => [path.relative(root, p)]))('%s_EveryUnwindInfo_MatchesObjdump', (rel) => {
    const file = path.join(root, rel);
    const oracle = objdumpUnwind(file);
    const pe = parsePe(fs.readFileSync(file), rel);
    const described = describeImageUnwind(pe);
    const imageBase = Number(pe.optionalHeader.imageBase);
    expect(described.length).toBeGreaterThan(0);
    for (const f of described) {
      expect(f.error).toBeUndefined();
      const o = oracle.get(f.unwindInfoRva);
      expect(o).toBeDefined();
      const info = f.info!;
      expect({ rva: f.unwindInfoRva, version: info.version, codes: info.countOfCodes, prolog: info.sizeOfProlog }).toEqual({
        rva: f.unwindInfoRva,
        version: o!.version,
        codes: o!.codes,
        prolog: o!.prolog,
      });
      expect(info.frameRegister ? GPR_NAMES[info.frameRegister] : 'none').toBe(o!.frameReg);
      expect(info.frameOffset / 16).toBe(o!.frameOffsetField);
      expect(info.codes.map((c) => ours(c, info.frameRegister, info.frameOffset))).toEqual(o!.ops);
      // objdump prints the handler as a VA.
      expect(info.handler === undefined ? undefined : imageBase + info.handler.handlerRva).toBe(o!.handler);
    }
  });

  test('NestedExe_SpecialFrames_DecodedAsCompiled', () => {
    const file = path.join(root, 'build/test/unwind/inputs/nested.exe');
    if (!fs.existsSync(file)) throw new Error('build/test/unwind/inputs/nested.exe is missing: run node dist/scripts/setup.js');
    const text = formatImageUnwind(describeImageUnwind(fs.readFileSync(file)));
    // with_alloca keeps a frame pointer, with_xmm saves XMM6/XMM7 (see inputs/nested.c).
    expect(text).toMatch(/UWOP_SET_FPREG rbp = rsp \+ 0x20/);
    expect(text).toMatch(/UWOP_SAVE_XMM128 xmm6 at frame \+ 0x20/);
    expect(text).toMatch(/UWOP_SAVE_XMM128 xmm7 at frame \+ 0x30/);
  });
});
