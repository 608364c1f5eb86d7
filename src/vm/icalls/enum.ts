/**
 * Enum internal calls (Mono's icall-def.h, System.Enum):
 *  - `Enum.get_value()`: the boxed enum's value boxed as its underlying type (the single instance
 *    field `value__`, shared/mono-bcl-contract.md §1.4).
 */
import { OBJECT_HEADER_SIZE } from '../type-desc';
import { IcallArgumentError } from './errors';
import { icall, type IcallTable } from './registry';

export const enumIcalls: IcallTable = [
  icall('System.Enum::get_value()', ['ref'], 'ref', (ctx, self) => {
    const rt = ctx.rt;
    if (self === 0n) return 0n;
    const mem = rt.machine.memory;
    const type = rt.types.typeOfMethodTable(mem.u64(self));
    const field = type?.instanceFields.find((f) => f.name === 'value__');
    if (!type || !field) throw new IcallArgumentError(ctx.icall, 'this', `0x${self.toString(16)} is not a boxed enum of this runtime`);
    const underlying = rt.types.ensureLoaded(field.type);
    return rt.gc.protect([self], () => {
      const boxed = rt.objects.allocObject(underlying);
      // A value type's field offsets count from the value, which a box holds after its header.
      mem.write(boxed + BigInt(OBJECT_HEADER_SIZE), mem.read(self + BigInt(OBJECT_HEADER_SIZE + field.offset), underlying.valueSize));
      return boxed;
    });
  }),
];
