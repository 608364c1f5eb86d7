/**
 * The CIL instruction set (ECMA-335 Partition III): every opcode's name and operand kind, one
 * line each. One-byte opcodes are indexed by their byte; two-byte (0xFE-prefixed) ones by
 * 0x100 + second byte.
 */

/** Operand kinds (§III.1.2, and Partition VI Annex C's InlineXxx names). */
export const enum OperandKind {
  /** No operand. */
  None,
  /** int8 branch displacement. */
  ShortBrTarget,
  /** int32 branch displacement. */
  BrTarget,
  /** int8 immediate. */
  ShortI,
  /** int32 immediate. */
  I,
  /** int64 immediate. */
  I8,
  /** float32 immediate. */
  ShortR,
  /** float64 immediate. */
  R,
  /** uint8 argument or local index. */
  ShortVar,
  /** uint16 argument or local index. */
  Var,
  /** MethodDef, MemberRef or MethodSpec token. */
  Method,
  /** Field or MemberRef token. */
  Field,
  /** TypeDef, TypeRef or TypeSpec token. */
  Type,
  /** Any of the above (ldtoken). */
  Tok,
  /** StandAloneSig token (calli). */
  Sig,
  /** #US string token (ldstr). */
  String,
  /** uint32 count, then that many int32 displacements. */
  Switch,
}

export interface OpcodeInfo {
  /** 0x00–0xFF, or 0x100 + the byte after 0xFE. */
  code: number;
  name: string;
  operand: OperandKind;
}

const K = {
  n: OperandKind.None, sb: OperandKind.ShortBrTarget, b: OperandKind.BrTarget, si: OperandKind.ShortI, i: OperandKind.I,
  i8: OperandKind.I8, sr: OperandKind.ShortR, r: OperandKind.R, sv: OperandKind.ShortVar, v: OperandKind.Var,
  m: OperandKind.Method, f: OperandKind.Field, t: OperandKind.Type, tok: OperandKind.Tok, sig: OperandKind.Sig,
  s: OperandKind.String, sw: OperandKind.Switch,
} as const;

/** [code, name, operand] — Partition III order. */
const TABLE: [number, string, OperandKind][] = [
  [0x00, 'nop', K.n], [0x01, 'break', K.n], [0x02, 'ldarg.0', K.n], [0x03, 'ldarg.1', K.n], [0x04, 'ldarg.2', K.n],
  [0x05, 'ldarg.3', K.n], [0x06, 'ldloc.0', K.n], [0x07, 'ldloc.1', K.n], [0x08, 'ldloc.2', K.n], [0x09, 'ldloc.3', K.n],
  [0x0a, 'stloc.0', K.n], [0x0b, 'stloc.1', K.n], [0x0c, 'stloc.2', K.n], [0x0d, 'stloc.3', K.n], [0x0e, 'ldarg.s', K.sv],
  [0x0f, 'ldarga.s', K.sv], [0x10, 'starg.s', K.sv], [0x11, 'ldloc.s', K.sv], [0x12, 'ldloca.s', K.sv], [0x13, 'stloc.s', K.sv],
  [0x14, 'ldnull', K.n], [0x15, 'ldc.i4.m1', K.n], [0x16, 'ldc.i4.0', K.n], [0x17, 'ldc.i4.1', K.n], [0x18, 'ldc.i4.2', K.n],
  [0x19, 'ldc.i4.3', K.n], [0x1a, 'ldc.i4.4', K.n], [0x1b, 'ldc.i4.5', K.n], [0x1c, 'ldc.i4.6', K.n], [0x1d, 'ldc.i4.7', K.n],
  [0x1e, 'ldc.i4.8', K.n], [0x1f, 'ldc.i4.s', K.si], [0x20, 'ldc.i4', K.i], [0x21, 'ldc.i8', K.i8], [0x22, 'ldc.r4', K.sr],
  [0x23, 'ldc.r8', K.r], [0x25, 'dup', K.n], [0x26, 'pop', K.n], [0x27, 'jmp', K.m], [0x28, 'call', K.m], [0x29, 'calli', K.sig],
  [0x2a, 'ret', K.n], [0x2b, 'br.s', K.sb], [0x2c, 'brfalse.s', K.sb], [0x2d, 'brtrue.s', K.sb], [0x2e, 'beq.s', K.sb],
  [0x2f, 'bge.s', K.sb], [0x30, 'bgt.s', K.sb], [0x31, 'ble.s', K.sb], [0x32, 'blt.s', K.sb], [0x33, 'bne.un.s', K.sb],
  [0x34, 'bge.un.s', K.sb], [0x35, 'bgt.un.s', K.sb], [0x36, 'ble.un.s', K.sb], [0x37, 'blt.un.s', K.sb], [0x38, 'br', K.b],
  [0x39, 'brfalse', K.b], [0x3a, 'brtrue', K.b], [0x3b, 'beq', K.b], [0x3c, 'bge', K.b], [0x3d, 'bgt', K.b], [0x3e, 'ble', K.b],
  [0x3f, 'blt', K.b], [0x40, 'bne.un', K.b], [0x41, 'bge.un', K.b], [0x42, 'bgt.un', K.b], [0x43, 'ble.un', K.b],
  [0x44, 'blt.un', K.b], [0x45, 'switch', K.sw], [0x46, 'ldind.i1', K.n], [0x47, 'ldind.u1', K.n], [0x48, 'ldind.i2', K.n],
  [0x49, 'ldind.u2', K.n], [0x4a, 'ldind.i4', K.n], [0x4b, 'ldind.u4', K.n], [0x4c, 'ldind.i8', K.n], [0x4d, 'ldind.i', K.n],
  [0x4e, 'ldind.r4', K.n], [0x4f, 'ldind.r8', K.n], [0x50, 'ldind.ref', K.n], [0x51, 'stind.ref', K.n], [0x52, 'stind.i1', K.n],
  [0x53, 'stind.i2', K.n], [0x54, 'stind.i4', K.n], [0x55, 'stind.i8', K.n], [0x56, 'stind.r4', K.n], [0x57, 'stind.r8', K.n],
  [0x58, 'add', K.n], [0x59, 'sub', K.n], [0x5a, 'mul', K.n], [0x5b, 'div', K.n], [0x5c, 'div.un', K.n], [0x5d, 'rem', K.n],
  [0x5e, 'rem.un', K.n], [0x5f, 'and', K.n], [0x60, 'or', K.n], [0x61, 'xor', K.n], [0x62, 'shl', K.n], [0x63, 'shr', K.n],
  [0x64, 'shr.un', K.n], [0x65, 'neg', K.n], [0x66, 'not', K.n], [0x67, 'conv.i1', K.n], [0x68, 'conv.i2', K.n],
  [0x69, 'conv.i4', K.n], [0x6a, 'conv.i8', K.n], [0x6b, 'conv.r4', K.n], [0x6c, 'conv.r8', K.n], [0x6d, 'conv.u4', K.n],
  [0x6e, 'conv.u8', K.n], [0x6f, 'callvirt', K.m], [0x70, 'cpobj', K.t], [0x71, 'ldobj', K.t], [0x72, 'ldstr', K.s],
  [0x73, 'newobj', K.m], [0x74, 'castclass', K.t], [0x75, 'isinst', K.t], [0x76, 'conv.r.un', K.n], [0x79, 'unbox', K.t],
  [0x7a, 'throw', K.n], [0x7b, 'ldfld', K.f], [0x7c, 'ldflda', K.f], [0x7d, 'stfld', K.f], [0x7e, 'ldsfld', K.f],
  [0x7f, 'ldsflda', K.f], [0x80, 'stsfld', K.f], [0x81, 'stobj', K.t], [0x82, 'conv.ovf.i1.un', K.n],
  [0x83, 'conv.ovf.i2.un', K.n], [0x84, 'conv.ovf.i4.un', K.n], [0x85, 'conv.ovf.i8.un', K.n], [0x86, 'conv.ovf.u1.un', K.n],
  [0x87, 'conv.ovf.u2.un', K.n], [0x88, 'conv.ovf.u4.un', K.n], [0x89, 'conv.ovf.u8.un', K.n], [0x8a, 'conv.ovf.i.un', K.n],
  [0x8b, 'conv.ovf.u.un', K.n], [0x8c, 'box', K.t], [0x8d, 'newarr', K.t], [0x8e, 'ldlen', K.n], [0x8f, 'ldelema', K.t],
  [0x90, 'ldelem.i1', K.n], [0x91, 'ldelem.u1', K.n], [0x92, 'ldelem.i2', K.n], [0x93, 'ldelem.u2', K.n],
  [0x94, 'ldelem.i4', K.n], [0x95, 'ldelem.u4', K.n], [0x96, 'ldelem.i8', K.n], [0x97, 'ldelem.i', K.n],
  [0x98, 'ldelem.r4', K.n], [0x99, 'ldelem.r8', K.n], [0x9a, 'ldelem.ref', K.n], [0x9b, 'stelem.i', K.n],
  [0x9c, 'stelem.i1', K.n], [0x9d, 'stelem.i2', K.n], [0x9e, 'stelem.i4', K.n], [0x9f, 'stelem.i8', K.n],
  [0xa0, 'stelem.r4', K.n], [0xa1, 'stelem.r8', K.n], [0xa2, 'stelem.ref', K.n], [0xa3, 'ldelem', K.t], [0xa4, 'stelem', K.t],
  [0xa5, 'unbox.any', K.t], [0xb3, 'conv.ovf.i1', K.n], [0xb4, 'conv.ovf.u1', K.n], [0xb5, 'conv.ovf.i2', K.n],
  [0xb6, 'conv.ovf.u2', K.n], [0xb7, 'conv.ovf.i4', K.n], [0xb8, 'conv.ovf.u4', K.n], [0xb9, 'conv.ovf.i8', K.n],
  [0xba, 'conv.ovf.u8', K.n], [0xc2, 'refanyval', K.t], [0xc3, 'ckfinite', K.n], [0xc6, 'mkrefany', K.t],
  [0xd0, 'ldtoken', K.tok], [0xd1, 'conv.u2', K.n], [0xd2, 'conv.u1', K.n], [0xd3, 'conv.i', K.n], [0xd4, 'conv.ovf.i', K.n],
  [0xd5, 'conv.ovf.u', K.n], [0xd6, 'add.ovf', K.n], [0xd7, 'add.ovf.un', K.n], [0xd8, 'mul.ovf', K.n],
  [0xd9, 'mul.ovf.un', K.n], [0xda, 'sub.ovf', K.n], [0xdb, 'sub.ovf.un', K.n], [0xdc, 'endfinally', K.n],
  [0xdd, 'leave', K.b], [0xde, 'leave.s', K.sb], [0xdf, 'stind.i', K.n], [0xe0, 'conv.u', K.n],
  [0x100, 'arglist', K.n], [0x101, 'ceq', K.n], [0x102, 'cgt', K.n], [0x103, 'cgt.un', K.n], [0x104, 'clt', K.n],
  [0x105, 'clt.un', K.n], [0x106, 'ldftn', K.m], [0x107, 'ldvirtftn', K.m], [0x109, 'ldarg', K.v], [0x10a, 'ldarga', K.v],
  [0x10b, 'starg', K.v], [0x10c, 'ldloc', K.v], [0x10d, 'ldloca', K.v], [0x10e, 'stloc', K.v], [0x10f, 'localloc', K.n],
  [0x111, 'endfilter', K.n], [0x112, 'unaligned.', K.si], [0x113, 'volatile.', K.n], [0x114, 'tail.', K.n],
  [0x115, 'initobj', K.t], [0x116, 'constrained.', K.t], [0x117, 'cpblk', K.n], [0x118, 'initblk', K.n], [0x119, 'no.', K.si],
  [0x11a, 'rethrow', K.n], [0x11c, 'sizeof', K.t], [0x11d, 'refanytype', K.n], [0x11e, 'readonly.', K.n],
];

/** Opcode table indexed by code (undefined for unassigned codes). */
export const OPCODES: readonly (OpcodeInfo | undefined)[] = (() => {
  const t: (OpcodeInfo | undefined)[] = new Array(0x200).fill(undefined);
  for (const [code, name, operand] of TABLE) t[code] = { code, name, operand };
  return t;
})();

/** Byte size of each operand kind (Switch is variable: 4 + 4·n). */
export function operandSize(k: OperandKind): number {
  switch (k) {
    case OperandKind.None: return 0;
    case OperandKind.ShortBrTarget: case OperandKind.ShortI: case OperandKind.ShortVar: return 1;
    case OperandKind.Var: return 2;
    case OperandKind.I8: case OperandKind.R: return 8;
    default: return 4;
  }
}
