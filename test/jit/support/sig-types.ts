/**
 * The signature decoding the JIT test hosts share: metadata signature types as far as these tests
 * care — an IrType, a struct, void, or something unsupported (a message the host turns into its
 * own error).
 */
import { IrType, JitType } from '../../../src/jit/ir/types';
import { ElementType, SignatureTypeProvider } from '../../../src/metadata';

export type SigType = JitType | 'void' | { unsupported: string };

const PRIMS: Partial<Record<ElementType, SigType>> = {
  [ElementType.Void]: 'void', [ElementType.Boolean]: IrType.U1, [ElementType.Char]: IrType.U2,
  [ElementType.I1]: IrType.I1, [ElementType.U1]: IrType.U1, [ElementType.I2]: IrType.I2, [ElementType.U2]: IrType.U2,
  [ElementType.I4]: IrType.I4, [ElementType.U4]: IrType.U4, [ElementType.I8]: IrType.I8, [ElementType.U8]: IrType.U8,
  [ElementType.R4]: IrType.R4, [ElementType.R8]: IrType.R8, [ElementType.I]: IrType.I, [ElementType.U]: IrType.U,
  [ElementType.String]: IrType.Ref, [ElementType.Object]: IrType.Ref,
};

export const unsupported = (what: string): SigType => ({ unsupported: what });

/**
 * A provider mapping classes to references and value types of this assembly through `valueType`;
 * `referenceGenerics` lets instantiations of generic classes through as references.
 */
export function makeSigProvider(valueType: (typeDefRow: number) => SigType, referenceGenerics: boolean): SignatureTypeProvider<SigType, null> {
  return {
    primitive: (c) => PRIMS[c] ?? unsupported(`element type 0x${c.toString(16)}`),
    typeFromDefinition: (h, kind) => (kind === ElementType.Class ? IrType.Ref : valueType(h & 0xffffff)),
    typeFromReference: (_h, kind) => (kind === ElementType.Class ? IrType.Ref : unsupported('value type of another assembly')),
    typeFromSpecification: () => unsupported('type spec'),
    szArray: () => IrType.Ref,
    array: () => IrType.Ref,
    byReference: () => IrType.ByRef,
    pointer: () => IrType.I,
    pinned: (t) => t,
    genericInstantiation: (g) => (referenceGenerics && g === IrType.Ref ? IrType.Ref : unsupported(referenceGenerics ? 'generic value type' : 'generic instantiation')),
    genericTypeParameter: () => unsupported('generic parameter'),
    genericMethodParameter: () => unsupported('generic parameter'),
    functionPointer: () => IrType.I,
    modified: (_m, t) => t,
  };
}
