/**
 * Generated IL (fixed seed): short sequences of loads, arithmetic, branches with random
 * displacements, calls, arrays, leave/endfinally/throw, plus random exception clauses. Every
 * program either compiles or is rejected with a typed InvalidProgramError (or its
 * UnsupportedOpcodeError subclass) — never a host exception, an IR validation failure or a hang.
 */
import { compileMethod } from '../../src/jit/codegen/compile';
import { InvalidProgramError } from '../../src/jit/errors';
import { JitEhClause, JitHost } from '../../src/jit/host';
import { IrType } from '../../src/jit/ir/types';
test('RandomIlPrograms_20000_CompileOrInvalidProgramError', () => {
  let a = 12345;
  const rnd = () => { a = (Math.imul(a, 1103515245) + 12345) >>> 0; return a / 4294967296; };
  const host: JitHost = {
    resolveCall: () => ({ name: 'C', entry: 0x1000n, params: [IrType.I4], ret: IrType.I4 }),
    resolveString: () => ({ text: 's', handle: 0x2000n }),
    resolveStaticField: () => ({ name: 'F', type: IrType.I8, address: 0x3000n, cctorTrigger: null }),
    resolveArrayType: () => ({ name: 'int', elem: IrType.I4, typeHandle: 1n }),
    resolveInstanceField: () => ({ name: 'f', type: IrType.I4, offset: 16 }),
    resolveNewObject: () => ({ ctor: { name: 'ctor', entry: 0x4000n, params: [IrType.Ref], ret: null }, typeHandle: 2n }),
    resolveType: () => ({ name: 'T', typeHandle: 3n, isValueType: false }),
    resolveToken: () => ({ handle: 5n, type: { name: 'H', size: 8, refOffsets: [], typeHandle: 6n } }),
    resolveSignature: () => ({ name: 'sig', entry: 0n, params: [IrType.I4], ret: null }),
    resolveConstrainedCall: () => ({ kind: 'reference' }),
    helper: () => 0x5000n,
  };
  const bad: string[] = [];
  let ok = 0;
  for (let k = 0; k < 20000; k++) {
    const bytes: number[] = [];
    const m = 1 + Math.floor(rnd() * 14);
    const rel = () => (Math.floor(rnd() * 21) - 10) & 0xff;
    const pick: (() => number[])[] = [
      () => [0x02], () => [0x06], () => [0x0a], () => [0x1f, Math.floor(rnd() * 256)], () => [0x58], () => [0x5a], () => [0x25], () => [0x26],
      () => [0x2d, rel()], () => [0x2c, rel()], () => [0x2b, rel()], () => [0x32, rel()], () => [0xde, rel()], () => [0xdc], () => [0x2a],
      () => [0x28, 1, 0, 0, 6], () => [0x03, 0x7a], () => [0x8d, 1, 0, 0, 2], () => [0x94], () => [0x6a], () => [0x69], () => [0x5b], () => [0x5d],
    ];
    for (let i = 0; i < m; i++) bytes.push(...pick[Math.floor(rnd() * pick.length)]!());
    bytes.push(0x2a);
    const il = Uint8Array.from(bytes);
    const n = il.length;
    const eh: JitEhClause[] = [];
    const nc = Math.floor(rnd() * 3);
    for (let c = 0; c < nc; c++) {
      const t = Math.floor(rnd() * n), tl = 1 + Math.floor(rnd() * 4), h = Math.floor(rnd() * n), hl = 1 + Math.floor(rnd() * 4);
      const kinds = ['catch', 'finally', 'fault', 'filter'] as const;
      const kind = kinds[Math.floor(rnd() * 4)]!;
      eh.push({ kind, tryOffset: t, tryLength: tl, handlerOffset: h, handlerLength: hl, ...(kind === 'filter' ? { filterOffset: Math.floor(rnd() * n) } : {}) });
    }
    try {
      compileMethod({ name: 'T::R', il, params: [IrType.I4, IrType.Ref], locals: [IrType.I4, IrType.I8], ret: rnd() < 0.5 ? IrType.I4 : null, maxStack: 8, initLocals: true, ehClauses: eh }, host, { directCalls: rnd() < 0.5 });
      ok++;
    } catch (e) {
      if (!(e instanceof InvalidProgramError)) bad.push(`${k}: ${(e as Error).name}: ${(e as Error).message} :: ${Buffer.from(il).toString('hex')} ${JSON.stringify(eh)}`);
    }
  }
  expect(bad.slice(0, 10)).toEqual([]);
  // The generator must keep producing programs that get through to code generation.
  expect(ok).toBeGreaterThan(200);
});
