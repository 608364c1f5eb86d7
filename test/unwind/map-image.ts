/**
 * A minimal image mapper for unwinder tests that run real mingw code on the emulated CPU without
 * the full process loader: the image is laid out at its preferred base (so no relocations), every
 * import is bound to a host gate — the handlers a test provides, and otherwise a gate that throws
 * naming the import — and a stack is committed. Only code that stays inside the image and those
 * gates can run this way, which is all the nested-call test program needs.
 */
import * as fs from 'fs';
import { GateHandler, Machine, Prot } from '../../emu';
import { PeImage, layoutImage, parsePe } from '../../loader/pe';

export interface MappedTestImage {
  machine: Machine;
  image: PeImage;
  bytes: Uint8Array;
  base: bigint;
  size: number;
  stackTop: bigint;
}

export function mapTestImage(file: string, handlers: Record<string, GateHandler>, stackSize = 0x100000): MappedTestImage {
  const bytes = fs.readFileSync(file);
  const image = parsePe(bytes, file);
  const machine = Machine.create();
  const base = image.optionalHeader.imageBase;
  const size = image.optionalHeader.sizeOfImage;
  machine.memory.reserve(size, { at: base });
  machine.memory.commit(base, size, Prot.Read | Prot.Write | Prot.Execute);
  machine.memory.write(base, layoutImage(image));
  for (const dll of image.imports) {
    for (const entry of dll.entries) {
      const name = entry.name ?? `#${entry.ordinal}`;
      const handler: GateHandler =
        handlers[name] ??
        (() => {
          throw new Error(`test image called ${dll.name}!${name}, which this test does not provide`);
        });
      machine.memory.setU64(base + BigInt(entry.iatRva), machine.gates.define(`${dll.name}!${name}`, handler));
    }
  }
  const stack = machine.memory.reserve(stackSize);
  machine.memory.commit(stack, stackSize, Prot.Read | Prot.Write);
  return { machine, image, bytes, base, size, stackTop: stack + BigInt(stackSize) - 0x100n };
}
