/**
 * UNWIND_INFO encoding against an independent producer: mingw-w64 gcc compiles C functions with
 * a frame pointer (ours, `push rbp; mov rbp, rsp; sub rsp, N`, for small frames; `push rbp;
 * sub rsp, N; lea rbp, [rsp + X]` for larger ones), and its `.xdata` must equal what
 * `buildUnwindInfo` emits for the same prologue events. Plus the round trip through
 * `parseUnwindInfo` for every allocation encoding (small, large /8, large 32-bit).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildUnwindInfo, parseUnwindInfo, PrologueEvent, UnwindOp } from '../../src/jit/codegen/unwind';

interface MingwPrologue {
  xdata: number[];
  events: PrologueEvent[];
  prologSize: number;
  frameOffset16: number;
}

function mingwXdata(bufSize: number): MingwPrologue {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-unwind-'));
  try {
    const src = path.join(dir, 'f.c');
    fs.writeFileSync(src, `extern void g(void);\nvoid f(void) { volatile char buf[${bufSize}]; buf[0] = 1; g(); }\n`);
    const obj = path.join(dir, 'f.o');
    execFileSync('x86_64-w64-mingw32-gcc', ['-O0', '-c', src, '-o', obj]);
    const dump = execFileSync('x86_64-w64-mingw32-objdump', ['-s', '-j', '.xdata', obj], { encoding: 'utf8' });
    const xdata = [...dump.matchAll(/^ [0-9a-f]{4} ((?:[0-9a-f]{2,8} ?){1,4})/gm)]
      .flatMap((m) => m[1]!.trim().split(/\s+/))
      .flatMap((w) => w.match(/../g)!.map((b) => parseInt(b, 16)));
    // The prologue: instructions up to the frame pointer set-up (objdump -d, AT&T syntax; long
    // encodings continue on a line of their own, so sizes come from the next address).
    const dis = execFileSync('x86_64-w64-mingw32-objdump', ['-d', obj], { encoding: 'utf8' });
    const lines = [...dis.matchAll(/^[ \t]+([0-9a-f]+):[ \t]+(?:[0-9a-f]{2} )+[ \t]*(.*)$/gm)].map((m) => ({ at: parseInt(m[1]!, 16), text: m[2]!.trim() }));
    const insns = lines.filter((l) => l.text !== '');
    const events: PrologueEvent[] = [];
    let frameOffset16 = 0;
    let prologSize = 0;
    for (let k = 0; k < insns.length; k++) {
      const end = insns[k + 1]!.at;
      const t = insns[k]!.text;
      let m: RegExpExecArray | null;
      if (t === 'push   %rbp') events.push({ kind: 'push', reg: 5, endOffset: end });
      else if ((m = /^sub\s+\$0x([0-9a-f]+),%rsp$/.exec(t))) events.push({ kind: 'alloc', size: parseInt(m[1]!, 16), endOffset: end });
      else if (t === 'mov    %rsp,%rbp') events.push({ kind: 'setfp', endOffset: end });
      else if ((m = /^lea\s+0x([0-9a-f]+)\(%rsp\),%rbp$/.exec(t))) {
        frameOffset16 = parseInt(m[1]!, 16) / 16;
        events.push({ kind: 'setfp', endOffset: end });
      } else break;
      prologSize = end;
    }
    return { xdata, events, prologSize, frameOffset16 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test.each([40, 400, 3000])('MingwFrameWithBuffer%i_SameUnwindInfo', (size) => {
  const { xdata, events, prologSize, frameOffset16 } = mingwXdata(size);
  expect(events.map((e) => e.kind)).toContain('alloc');
  const ours = [...buildUnwindInfo(prologSize, events, 5, frameOffset16)];
  expect(ours).toEqual(xdata.slice(0, ours.length));
});

test.each([8, 128, 136, 4096, 0x7fff8, 0x80000, 0x1234560])('Alloc%i_RoundTrip_SizePreserved', (size) => {
  const info = buildUnwindInfo(12, [{ kind: 'push', reg: 5, endOffset: 1 }, { kind: 'alloc', size, endOffset: 12 }], 0, 0);
  expect(info.length % 4).toBe(0);
  const parsed = parseUnwindInfo(info);
  const alloc = parsed.codes[0]!;
  const decoded = alloc.op === UnwindOp.AllocSmall ? (alloc.opInfo + 1) * 8 : alloc.size;
  expect(decoded).toBe(size);
  expect(parsed.codes[1]).toEqual({ codeOffset: 1, op: UnwindOp.PushNonvol, opInfo: 5 });
});
