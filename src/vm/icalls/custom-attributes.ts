/**
 * `System.MonoCustomAttrs` icalls (icall-def.h group MCATTR), over
 * src/vm/reflection/custom-attributes.ts:
 *  - `IsDefinedInternal(provider, attributeType)`: some attribute row of the provider has a type
 *    assignable to attributeType (a subclass counts, as `Attribute.IsDefined` says); nothing is
 *    constructed;
 *  - `GetCustomAttributesInternal(provider, attributeType, pseudoAttrs)`: new attribute objects
 *    for the provider's rows (those whose type is assignable to attributeType when it is given),
 *    in metadata order, in an array of attributeType (`Attribute[]` without one), as Mono's
 *    `mono_custom_attrs_construct_by_type` makes it. The class library asks for pseudo-attributes
 *    in managed code and passes false; true is a named error until something passes it.
 * Providers are those the reflection module can map to metadata (RuntimeType, RuntimeMethodInfo,
 * RuntimeConstructorInfo, RuntimeAssembly); any other is a named NotSupportedYetError.
 */
import { isCastable } from '../casting';
import { NotSupportedYetError } from '../errors';
import type { AttributeOwner, AttributeRow } from '../reflection/custom-attributes';
import { ARRAY_DATA_OFFSET, type TypeDesc } from '../type-desc';
import { typeOfObject } from './objects';
import { methodOfInfo } from './reflection';
import { icall, type IcallContext, type IcallTable } from './registry';
import { typeOfTypeObject } from './type';

/** ECMA-335 §II.22: token tables of attribute owners. */
const TYPE_DEF = 0x02 << 24;
const METHOD_DEF = 0x06 << 24;
const ASSEMBLY_ROW_1 = (0x20 << 24) | 1;

/** The metadata owner of reflection object `provider`, or null for one that owns no rows (arrays, pointers). */
function ownerOf(ctx: IcallContext, provider: bigint): AttributeOwner | null {
  const rt = ctx.rt;
  const t = rt.reflection.typeOfObject(provider);
  if (t) {
    const def = t.genericDefinition ?? t;
    if (def.element || !def.assembly) return null;
    return { assembly: def.assembly, token: TYPE_DEF | def.row };
  }
  const asm = rt.reflection.assemblies.assemblyOfObject(provider);
  if (asm) return { assembly: asm, token: ASSEMBLY_ROW_1 };
  const cls = typeOfObject(ctx, provider, 'obj');
  if (cls.fullName === 'System.Reflection.RuntimeMethodInfo' || cls.fullName === 'System.Reflection.RuntimeConstructorInfo') {
    const md = methodOfInfo(ctx, provider);
    return { assembly: md.assembly, token: METHOD_DEF | md.row };
  }
  throw new NotSupportedYetError(`custom attributes of a ${cls.fullName}`, ctx.icall);
}

/** The rows of `provider` whose attribute type is assignable to `filter` (every row without one). */
function matchingRows(ctx: IcallContext, provider: bigint, filter: TypeDesc | null): AttributeRow[] {
  const owner = ownerOf(ctx, provider);
  if (!owner) return [];
  const rows = ctx.rt.reflection.customAttributes.rowsOf(owner);
  return filter ? rows.filter((r) => isCastable(ctx.rt, r.type, filter)) : rows;
}

const NULL_ARGUMENT = (name: string): [string, string] => ['System.ArgumentNullException', `Value cannot be null.\r\nParameter name: ${name}`];

export const customAttributeIcalls: IcallTable = [
  icall('System.MonoCustomAttrs::IsDefinedInternal(System.Reflection.ICustomAttributeProvider,System.Type)', ['ref', 'ref'], 'bool', (ctx, provider, attributeType) => {
    if (provider === 0n) return ctx.rt.helpers.raise(...NULL_ARGUMENT('obj'), ctx.call);
    if (attributeType === 0n) return ctx.rt.helpers.raise(...NULL_ARGUMENT('attributeType'), ctx.call);
    return matchingRows(ctx, provider, typeOfTypeObject(ctx, attributeType, 'AttributeType')).length > 0;
  }),
  icall('System.MonoCustomAttrs::GetCustomAttributesInternal(System.Reflection.ICustomAttributeProvider,System.Type,bool)', ['ref', 'ref', 'bool'], 'ref', (ctx, provider, attributeType, pseudoAttrs) => {
    const rt = ctx.rt;
    if (provider === 0n) return rt.helpers.raise(...NULL_ARGUMENT('obj'), ctx.call);
    if (pseudoAttrs) throw new NotSupportedYetError('pseudo custom attributes from the runtime (pseudoAttrs = true)', ctx.icall);
    const filter = attributeType === 0n ? null : typeOfTypeObject(ctx, attributeType, 'attributeType');
    const rows = matchingRows(ctx, provider, filter);
    const element = filter && !filter.isValueType ? filter : rt.types.corlibType('System.Attribute');
    const array = rt.objects.allocArray(rt.types.ensureLoaded(rt.types.arrayOf(element)), rows.length);
    const cas = rt.reflection.customAttributes;
    return cas.keepAlive(array, () => {
      rows.forEach((row, i) => rt.machine.memory.setU64(array + BigInt(ARRAY_DATA_OFFSET + 8 * i), cas.construct(row)));
      return array;
    });
  }, { leaf: false }),
];
