/**
 * A ready-made signature provider that builds a small immutable tree (`SigType`). The formatters
 * and the IL disassembler use it; the type loader will supply its own provider instead.
 */
import { Token } from './handles';
import { ArrayShape, ElementType, MethodSignature, SignatureTypeProvider } from './signatures';

export type SigType =
  | { kind: 'primitive'; code: ElementType }
  | { kind: 'handle'; token: Token; valueType: boolean }
  | { kind: 'szarray'; element: SigType }
  | { kind: 'array'; element: SigType; shape: ArrayShape }
  | { kind: 'byref'; element: SigType }
  | { kind: 'ptr'; element: SigType }
  | { kind: 'pinned'; element: SigType }
  | { kind: 'generic'; generic: SigType; args: SigType[] }
  | { kind: 'var'; index: number }
  | { kind: 'mvar'; index: number }
  | { kind: 'fnptr'; signature: MethodSignature<SigType> }
  | { kind: 'modified'; modifier: SigType; element: SigType; required: boolean };

export const sigTreeProvider: SignatureTypeProvider<SigType, unknown> = {
  primitive: (code) => ({ kind: 'primitive', code }),
  typeFromDefinition: (token, raw) => ({ kind: 'handle', token, valueType: raw === ElementType.ValueType }),
  typeFromReference: (token, raw) => ({ kind: 'handle', token, valueType: raw === ElementType.ValueType }),
  typeFromSpecification: (token, raw) => ({ kind: 'handle', token, valueType: raw === ElementType.ValueType }),
  szArray: (element) => ({ kind: 'szarray', element }),
  array: (element, shape) => ({ kind: 'array', element, shape }),
  byReference: (element) => ({ kind: 'byref', element }),
  pointer: (element) => ({ kind: 'ptr', element }),
  pinned: (element) => ({ kind: 'pinned', element }),
  genericInstantiation: (generic, args) => ({ kind: 'generic', generic, args }),
  genericTypeParameter: (index) => ({ kind: 'var', index }),
  genericMethodParameter: (index) => ({ kind: 'mvar', index }),
  functionPointer: (signature) => ({ kind: 'fnptr', signature }),
  modified: (modifier, element, required) => ({ kind: 'modified', modifier, element, required }),
};
