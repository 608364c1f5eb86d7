/**
 * `clremu disasm <image> <Ns.Type::Method>`: the x86-64 the JIT generates for one method, each IL
 * instruction followed by its code, like the CLR's JitDisasm output (src/trace/jit-disasm.ts lays
 * it out). The runtime boots only far enough to compile the method: nothing runs.
 *
 * IL lines are written as `clremu inspect --il` writes them (the metadata reader's IL
 * disassembler, the one checked against monodis), tokens resolved. An unknown type or method, or an
 * overloaded name without a parameter list, is one line naming it, with near matches or the
 * overloads' signatures; `Ns.Type::Method(int32,string)` picks an overload.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Argv, CommandModule } from 'yargs';
import { Disassembler, Machine } from '../../../emu';
import { decodeIL, MonodisIL } from '../../metadata';
import { disassembleMethod, selectMethod, type IlLine } from '../../trace/jit-disasm';
import { Runtime } from '../../vm/runtime';
import { CliUsageError } from '../errors';
import { openMetadataContext } from './inspect-metadata';

export interface DisasmArgs {
  image: string;
  method: string;
  bcl?: string;
  'no-regalloc': boolean;
}

/** The method's IL, one line per instruction (`ldstr "hi"`), as `inspect --il` prints operands. */
function ilLines(imagePath: string, row: number): IlLine[] {
  const ctx = openMetadataContext(imagePath);
  const body = ctx.md.methodBody(row);
  if (!body) return [];
  const il = new MonodisIL(ctx.listings.names, ctx.members);
  const scope = il.scopeOf(row);
  return decodeIL(body.code).map((ins) => {
    const operand = il.operandDisplay(ins.opcode.operand, ins.operand, scope);
    return { offset: ins.offset, text: operand ? `${ins.opcode.name} ${operand}` : ins.opcode.name };
  });
}

export const disasmCommand: CommandModule<object, DisasmArgs> = {
  command: 'disasm <image> <method>',
  describe: 'Show the x86-64 the JIT generates for a managed method, interleaved with its IL',
  builder: (y: Argv) =>
    y
      .positional('image', { type: 'string', demandOption: true, describe: 'The managed .exe or .dll defining the method' })
      .positional('method', { type: 'string', demandOption: true, describe: 'Ns.Type::Method, or Ns.Type::Method(int32,string) to pick an overload' })
      .option('bcl', { type: 'string', describe: 'Class library directory (default: $CLREMU_BCL, else Mono\'s lib/mono/4.5)' })
      .option('no-regalloc', { type: 'boolean', default: false, describe: 'Compile as the first tier does: every value in a frame slot' })
      .example('$0 disasm build/test/boot/Boot.exe Boot::Twice', 'the IL of Boot.Twice, each instruction followed by its x86-64')
      .example('$0 disasm app.exe \'Ns.Calc::Add(int32,int32)\'', 'one overload of an overloaded method') as unknown as Argv<DisasmArgs>,
  handler: async (argv) => {
    const image = argv.image;
    if (!fs.existsSync(image)) throw new CliUsageError(`no such file: ${image}`);
    const disassembler = await Disassembler.load();
    const machine = Machine.create();
    try {
      const rt = new Runtime({
        machine, appDirectory: path.dirname(path.resolve(image)), bclDirectory: argv.bcl,
        compileOptions: argv['no-regalloc'] ? { registerAllocator: 'none' } : undefined,
      });
      const asm = rt.loadMainAssembly(image);
      const md = selectMethod(rt, asm, argv.method);
      const listing = disassembleMethod(rt, md, ilLines(image, md.row), disassembler);
      fs.writeSync(1, listing.text);
    } finally {
      machine.close();
    }
  },
};
