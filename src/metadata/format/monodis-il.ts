/**
 * An IL disassembler that writes a method body as monodis does (mono/dis/dis-cil.c): the code
 * size, .maxstack and .locals lines, then one `IL_xxxx:  opcode operand` line per instruction,
 * with `.try`/handler blocks opened and closed at clause boundaries and every token resolved
 * to text (fields, methods with declaring class and signature, types, strings).
 */
import { MetadataReader } from '../reader';
import { BadImageFormatError } from '../errors';
import { TableId } from '../schema';
import { Token, makeToken, tokenRow, tokenTable } from '../handles';
import { sigTreeProvider } from '../sig-tree';
import { ExceptionRegionKind, MethodBody } from '../method-body';
import { decodeInstruction } from '../il/decoder';
import { OperandKind } from '../il/opcodes';
import { escapeName } from './ilasm-names';
import { GenericScope, MonodisNames } from './monodis-types';
import { MemberResolver } from './member-resolver';

const hex4 = (n: number) => n.toString(16).padStart(4, '0');

/** The shortest-free, correctly rounded (ties to even) `%.17g` text of a finite double, as glibc prints it. */
function printf17g(r: number): string {
  if (r === 0) return Object.is(r, -0) ? '-0' : '0';
  const neg = r < 0;
  const v = Math.abs(r);
  // v = mant × 2^exp exactly.
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, v);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let exp: number;
  if (biased === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = biased - 1075;
  }
  const num = exp >= 0 ? mant << BigInt(exp) : mant;
  const den = exp >= 0 ? 1n : 1n << BigInt(-exp);
  // The decimal exponent of the exact value: 10^e10 <= v < 10^(e10+1).
  const atLeastPow10 = (e: number): boolean =>
    (e < 0 ? num * 10n ** BigInt(-e) : num) >= (e >= 0 ? den * 10n ** BigInt(e) : den);
  let e10 = Math.floor(Math.log10(v));
  while (!atLeastPow10(e10)) e10--;
  while (atLeastPow10(e10 + 1)) e10++;
  const k = 16 - e10;
  const n = k >= 0 ? num * 10n ** BigInt(k) : num;
  const d = k >= 0 ? den : den * 10n ** BigInt(-k);
  let q = n / d;
  const rem2 = (n % d) * 2n;
  if (rem2 > d || (rem2 === d && (q & 1n) === 1n)) q += 1n;
  if (q === 10n ** 17n) {
    // Rounding carried into a new digit: 9.99…95 → 1.0000000000000000e+1.
    q = 10n ** 16n;
    e10++;
  }
  let digits = q.toString();
  let out: string;
  if (e10 < -4 || e10 >= 17) {
    const frac = digits.slice(1).replace(/0+$/, '');
    out = `${digits[0]}${frac ? `.${frac}` : ''}e${e10 < 0 ? '-' : '+'}${String(Math.abs(e10)).padStart(2, '0')}`;
  } else if (e10 >= 0) {
    const intPart = digits.slice(0, e10 + 1);
    const frac = digits.slice(e10 + 1).replace(/0+$/, '');
    out = frac ? `${intPart}.${frac}` : intPart;
  } else {
    digits = '0'.repeat(-e10 - 1) + digits;
    const frac = digits.replace(/0+$/, '');
    out = `0.${frac}`;
  }
  return neg ? `-${out}` : out;
}

/** printf("%.17g") then monodis's rule: append '.' unless the text already has '.', 'e' or 'E'. */
export function stringifyDouble(r: number): string {
  const s = printf17g(r);
  return /[.eE]/.test(s) ? s : `${s}.`;
}

function isPrint(c: number): boolean {
  return c >= 0x20 && c <= 0x7e;
}

/** get_encoded_user_string_or_bytearray over the #US entry's bytes (including the flag byte). */
export function userStringText(bytes: Uint8Array): string {
  const len = bytes.length;
  let ok = true;
  let res = '';
  for (let i = 0; i + 1 < len; i += 2) {
    const c = bytes[i];
    if (bytes[i + 1] || (!isPrint(c) && c !== 0x5c && c !== 0x22 && c !== 0x0d && c !== 0x0a && c !== 0x09)) {
      ok = false;
      break;
    }
    res += String.fromCharCode(c);
  }
  if (ok) {
    const esc = res.replace(/[\\"\r\n\t]/g, (m) => ({ '\\': '\\\\', '"': '\\"', '\r': '\\r', '\n': '\\n', '\t': '\\t' })[m] as string);
    return `"${esc}"`;
  }
  if (len === 0) return '""';
  let s = 'bytearray (\n\t';
  const ch = (b: number) => (isPrint(b) ? String.fromCharCode(b) : '.');
  for (let i = 1; i <= len; i++) {
    s += `${bytes[i - 1].toString(16).padStart(2, '0')} `;
    if (i % 16 === 0) {
      s += i === len ? ')// ' : ' // ';
      for (let j = i - 16; j < i; j++) s += ch(bytes[j]);
      s += '\n\t';
    }
  }
  const tail = len % 16;
  if (tail) {
    s += ')  ';
    for (let i = tail + 1; i < 16; i++) s += '   ';
    s += ' // ';
    for (let i = len - tail; i < len; i++) s += ch(bytes[i]);
    s += '\n\t';
  }
  return s;
}

export class MonodisIL {
  constructor(readonly names: MonodisNames, readonly members: MemberResolver) {}

  get md(): MetadataReader {
    return this.names.md;
  }

  /** Generic names in scope inside MethodDef `row`. */
  scopeOf(row: number): GenericScope {
    const owner = this.md.declaringTypeOfMethod(row);
    return {
      typeParams: owner ? this.names.genericNames(makeToken(TableId.TypeDef, owner)) : null,
      methodParams: this.names.genericNames(makeToken(TableId.MethodDef, row)),
    };
  }

  /** get_field. */
  fieldText(tok: Token, scope: GenericScope): string {
    const md = this.md;
    const row = tokenRow(tok);
    if (tokenTable(tok) === TableId.MemberRef) {
      // A field of an instantiated type is bound in the context of its generic definition.
      const parent = md.coded(TableId.MemberRef, row, 0, 5);
      const self = tokenTable(parent) === TableId.TypeSpec ? this.members.parentClass(md, row) : null;
      const sig = this.names.fieldSignatureText(md.col(TableId.MemberRef, row, 2), { typeParams: null, methodParams: null, selfDefinition: self });
      const type = this.memberRefParentText(row, scope);
      return `${sig} ${type ? `${type}::` : ''}${escapeName(md.str(TableId.MemberRef, row, 1))}`;
    }
    const sig = this.names.fieldSignatureText(md.col(TableId.Field, row, 2));
    const owner = md.declaringTypeOfField(row);
    if (!owner) return `<invalid> ${sig}`;
    const type = this.names.typedefName(owner);
    const estype = type === null ? null : escapeName(type);
    return `${sig} ${estype ? `${estype}::` : ''}${escapeName(md.str(TableId.Field, row, 1))}`;
  }

  /** get_memberref_parent. */
  private memberRefParentText(row: number, scope: GenericScope): string | null {
    const parent = this.md.coded(TableId.MemberRef, row, 0, 5);
    const r = tokenRow(parent);
    switch (tokenTable(parent)) {
      case TableId.TypeDef: return this.names.typedefName(r);
      case TableId.TypeRef: return this.names.typerefName(r);
      case TableId.ModuleRef: return 'TODO:MemberRefParent-ModuleRef';
      case TableId.MethodDef: return 'TODO:MethodDef';
      default: return this.names.typespecText(r, false, scope);
    }
  }

  /** The declaring-class text of a resolved method (dis_stringify_type of its class, is_def TRUE). */
  private classOfMemberRef(row: number, scope: GenericScope): string | null {
    const md = this.md;
    const parent = md.coded(TableId.MemberRef, row, 0, 5);
    const resolved = this.members.resolveMemberRef(md, row);
    if (!resolved) return null;
    if (tokenTable(parent) === TableId.TypeSpec) {
      const spec = this.names.typeSpecTree(tokenRow(parent));
      const def = this.members.parentClass(md, row);
      // Found on the instantiated type itself: print the instantiation.
      if (def && def.md === resolved.owner.md && def.row === resolved.owner.row) return this.names.stringify(spec, true, scope);
    }
    return this.ownerText(resolved.owner.md, resolved.owner.row);
  }

  /** Class text of a resolved method's declaring class. */
  private ownerText(md: MetadataReader, row: number): string | null {
    if (md === this.md) return this.names.stringify({ kind: 'handle', token: makeToken(TableId.TypeDef, row), valueType: false }, true, { typeParams: null, methodParams: null });
    const kind = this.names.resolver.kindOf({ md, row });
    if (kind.primitive !== null) return this.names.stringify({ kind: 'primitive', code: kind.primitive }, true, { typeParams: null, methodParams: null });
    return this.names.classText({ md, row });
  }

  /** get_method (fullsig TRUE). */
  methodText(tok: Token, scope: GenericScope): string {
    const md = this.md;
    const row = tokenRow(tok);
    switch (tokenTable(tok)) {
      case TableId.MethodDef: {
        const owner = md.declaringTypeOfMethod(row);
        const cls = owner ? this.ownerText(md, owner) : null;
        const esname = escapeName(md.str(TableId.MethodDef, row, 3));
        const name = cls ? `${cls}::${esname}` : esname;
        return this.names.methodRefSignatureText(md.col(TableId.MethodDef, row, 4), name);
      }
      case TableId.MemberRef: {
        let name: string;
        const arrayClass = this.arrayParentText(row, scope);
        const resolved = arrayClass === null ? this.members.resolveMemberRef(md, row) : null;
        if (arrayClass !== null) {
          // Methods of a general array type are synthesised by the runtime on the array class,
          // whose rank-only shape prints as `T[,]` (no bounds).
          name = `${arrayClass}::${escapeName(md.str(TableId.MemberRef, row, 1))}`;
        } else if (resolved) {
          const cls = tokenTable(md.coded(TableId.MemberRef, row, 0, 5)) === TableId.TypeSpec
            ? this.classOfMemberRef(row, scope)
            : this.ownerText(resolved.owner.md, resolved.owner.row);
          const esname = escapeName(resolved.md.str(TableId.MethodDef, resolved.row, 3));
          name = cls ? `${cls}::${esname}` : esname;
          const arity = this.members.genericArity(resolved);
          if (arity > 0) name += ` <[${arity}]>`;
        } else {
          const parent = this.memberRefParentText(row, scope);
          name = `${parent ?? ''}${parent ? '::' : ''}${md.str(TableId.MemberRef, row, 1)}`;
        }
        return this.names.methodRefSignatureText(md.col(TableId.MemberRef, row, 2), name);
      }
      case TableId.MethodSpec:
        return this.methodSpecText(row, scope);
      default:
        return `0x${(tok >>> 0).toString(16).padStart(8, '0')}`;
    }
  }

  /** `elem[,]` when MemberRef `row`'s parent is a general-array TypeSpec, else null. */
  private arrayParentText(row: number, scope: GenericScope): string | null {
    const parent = this.md.coded(TableId.MemberRef, row, 0, 5);
    if (tokenTable(parent) !== TableId.TypeSpec) return null;
    const t = this.names.typeSpecTree(tokenRow(parent));
    if (t.kind !== 'array') return null;
    return `${this.names.stringify(t.element, true, scope)}[${','.repeat(Math.max(0, t.shape.rank - 1))}]`;
  }

  /** get_methodspec. */
  private methodSpecText(row: number, scope: GenericScope): string {
    const md = this.md;
    const method = md.coded(TableId.MethodSpec, row, 0, 7);
    let name: string | null = null;
    let sigIndex: number;
    if (tokenTable(method) === TableId.MethodDef) {
      const mrow = tokenRow(method);
      sigIndex = md.col(TableId.MethodDef, mrow, 4);
      const owner = md.declaringTypeOfMethod(mrow);
      const cls = owner ? this.ownerText(md, owner) : null;
      const esname = escapeName(md.str(TableId.MethodDef, mrow, 3));
      name = cls ? `${cls}::${esname}` : esname;
    } else {
      const mrow = tokenRow(method);
      sigIndex = md.col(TableId.MemberRef, mrow, 2);
      const resolved = this.members.resolveMemberRef(md, mrow);
      if (resolved) {
        const cls = tokenTable(md.coded(TableId.MemberRef, mrow, 0, 5)) === TableId.TypeSpec
          ? this.classOfMemberRef(mrow, scope)
          : this.ownerText(resolved.owner.md, resolved.owner.row);
        const esname = escapeName(resolved.md.str(TableId.MethodDef, resolved.row, 3));
        name = cls ? `${cls}::${esname}` : esname;
      } else {
        const parent = this.memberRefParentText(mrow, scope);
        name = `${parent ?? ''}${parent ? '::' : ''}${md.str(TableId.MemberRef, mrow, 1)}`;
      }
    }
    const sig = this.names.decoder.decodeMethodSignature(md.blobs.cursor(sigIndex));
    let s = '';
    if (sig.header & 0x20) s += sig.header & 0x40 ? 'explicit-this ' : 'instance ';
    s += this.names.retTypeText(sig.returnType);
    if (name !== null) s += ` ${name}`;
    const args = md.methodSpecSignature(row, sigTreeProvider, null);
    s += `<${args.map((a) => this.names.paramText(a)).join(', ')}>`;
    s += ` (${sig.parameterTypes.map((p) => this.names.paramText(p)).join(', ')})`;
    return s;
  }

  /** get_token (ldtoken). */
  tokenText(tok: Token, scope: GenericScope): string {
    const md = this.md;
    const row = tokenRow(tok);
    switch (tokenTable(tok)) {
      case TableId.Field: return `field ${this.fieldText(tok, scope)}`;
      case TableId.MethodDef:
      case TableId.MethodSpec: return `method ${this.methodText(tok, scope)}`;
      case TableId.TypeDef: return escapeName(this.names.typedefName(row) ?? '');
      case TableId.TypeRef: return this.names.typerefName(row);
      case TableId.TypeSpec: return this.names.typespecText(row, true, scope);
      case TableId.MemberRef: {
        const c = md.blobs.cursor(md.col(TableId.MemberRef, row, 2));
        return c.peek() === 0x06 ? `field ${this.fieldText(tok, scope)}` : `method ${this.methodText(tok, scope)}`;
      }
      default: return `0x${(tok >>> 0).toString(16).padStart(8, '0')}`;
    }
  }

  /** get_token_type (InlineType operands). */
  typeTokenText(tok: Token, scope: GenericScope): string {
    const row = tokenRow(tok);
    switch (tokenTable(tok)) {
      case TableId.TypeDef: return this.names.typedefName(row) ?? '(null)';
      case TableId.TypeRef: return this.names.typerefName(row);
      case TableId.TypeSpec: return this.names.typespecText(row, false, scope);
      default: return `0x${(tok >>> 0).toString(16).padStart(8, '0')}`;
    }
  }

  /** The body text from `// Code size` to the last instruction (the part compared with monodis). */
  bodyText(row: number, body: MethodBody): string {
    const md = this.md;
    const scope = this.scopeOf(row);
    let out = `\t// Code size ${body.code.length} (0x${body.code.length.toString(16)})\n\t.maxstack ${body.maxStack}\n`;
    if (body.localSignature) {
      const locals = md.localSignature(tokenRow(body.localSignature), sigTreeProvider, null);
      if (locals.length) {
        out += `\t.locals ${body.initLocals ? 'init ' : ''}(\n`;
        locals.forEach((t, i) => {
          out += `\t\t${this.names.stringify(t, true, scope)}\tV_${i}${i === locals.length - 1 ? ')\n' : ',\n'}`;
        });
      }
    }
    out += this.instructionsText(body, scope);
    return out;
  }

  instructionsText(body: MethodBody, scope: GenericScope): string {
    const code = body.code;
    const clauses = body.exceptionRegions;
    const opensTry = clauses.map((c, i) => !clauses.slice(0, i).some((p) => p.tryOffset === c.tryOffset && p.tryLength === c.tryLength));
    let indent = '';
    let inFault = false;
    let out = '';
    const CLAUSE_NAMES: Record<number, string> = { 0: 'catch', 1: 'filter', 2: 'finally', 4: 'fault' };
    let p = 0;
    while (p < code.length) {
      for (let i = clauses.length - 1; i >= 0; i--) {
        const c = clauses[i];
        if (p === c.tryOffset && opensTry[i]) {
          out += `\t${indent}.try { // ${i}\n`;
          indent += '  ';
        }
        if (p === c.handlerOffset) {
          if (c.kind === ExceptionRegionKind.Filter) {
            indent = indent.slice(2);
            out += `\t${indent}} { // ${i}\n`;
          } else {
            const klass = c.kind === ExceptionRegionKind.Catch ? this.catchClassText(c.classToken) : '';
            out += `\t${indent}${CLAUSE_NAMES[c.kind]} ${klass} { // ${i}\n`;
          }
          indent += '  ';
          if (c.kind === ExceptionRegionKind.Fault) inFault = true;
        }
        if (c.kind === ExceptionRegionKind.Filter && p === c.filterOffset) {
          out += `\t${indent}filter {\n`;
          indent += '  ';
        }
      }
      const ins = decodeInstruction(code, p);
      out += `\t${indent}IL_${hex4(p)}: `;
      out += inFault && ins.opcode.code === 0xdc ? ' endfault' : ` ${ins.opcode.name} `;
      out += this.operandText(ins.opcode.operand, ins.operand, scope, indent);
      out += '\n';
      p += ins.size;
      for (let i = 0; i < clauses.length; i++) {
        const c = clauses[i];
        if (p === c.tryOffset + c.tryLength && opensTry[i]) {
          indent = indent.slice(2);
          out += `\t${indent}} // end .try ${i}\n`;
        }
        if (p === c.handlerOffset + c.handlerLength) {
          indent = indent.slice(2);
          out += `\t${indent}} // end handler ${i}\n`;
          if (c.kind === ExceptionRegionKind.Fault) inFault = false;
        }
      }
    }
    return out;
  }

  private catchClassText(tok: Token): string {
    const t = tokenTable(tok);
    if (t === TableId.TypeDef || t === TableId.TypeRef) {
      const rt = this.names.resolver.resolve(this.md, tok);
      if (rt) return this.names.classText(rt) ?? '';
      return '';
    }
    if (t === TableId.TypeSpec) {
      const spec = this.names.typeSpecTree(tokenRow(tok));
      // A generic parameter loaded without its owner's context is an anonymous class named by its number.
      if (spec.kind === 'var' || spec.kind === 'mvar') return `class ${spec.index}`;
      return this.names.stringify(spec, false, { typeParams: null, methodParams: null });
    }
    return '';
  }

  /** An operand as text (tokens resolved), for structured views. */
  operandDisplay(kind: OperandKind, v: unknown, scope: GenericScope): string {
    return this.operandText(kind, v, scope, '').replace(/\n/g, ' ').trim();
  }

  private operandText(kind: OperandKind, v: unknown, scope: GenericScope, indent: string): string {
    switch (kind) {
      case OperandKind.None: return '';
      case OperandKind.ShortBrTarget:
      case OperandKind.BrTarget: return `IL_${hex4(v as number)}\n`;
      case OperandKind.ShortI: return `0x${((v as number) >>> 0).toString(16).padStart(2, '0')}`;
      case OperandKind.I: return `${v as number}`;
      case OperandKind.I8: return `0x${BigInt.asUintN(64, v as bigint).toString(16)}`;
      case OperandKind.ShortR:
      case OperandKind.R: {
        const r = v as number;
        const single = kind === OperandKind.ShortR;
        if (r === -Infinity) return single ? '(00 00 80 ff)' : '(00 00 00 00 00 00 f0 ff)';
        if (r === Infinity) return single ? '(00 00 80 7f)' : '(00 00 00 00 00 00 f0 7f)';
        if (Number.isNaN(r)) return single ? '(00 00 c0 ff)' : '(00 00 00 00 00 00 f8 ff)';
        return stringifyDouble(r);
      }
      case OperandKind.ShortVar: return `${v as number}`;
      case OperandKind.Var: return `${v as number}\n`;
      case OperandKind.Sig: return `signature-0x${((v as number) >>> 0).toString(16).padStart(8, '0')}`;
      case OperandKind.String: {
        const raw = this.userStringBytes((v as number) & 0xffffff);
        return userStringText(raw);
      }
      case OperandKind.Switch: {
        const targets = v as number[];
        if (!targets.length) return '( )';
        return `(\n${targets.map((t, n) => `\t${indent}  IL_${hex4(t)}${n === targets.length - 1 ? ')' : ',\n'}`).join('')}`;
      }
      case OperandKind.Field: return this.fieldText(v as Token, scope);
      case OperandKind.Method: return this.methodText(v as Token, scope);
      case OperandKind.Type: return this.typeTokenText(v as Token, scope);
      case OperandKind.Tok: return this.tokenText(v as Token, scope);
    }
    const unknown: never = kind;
    throw new BadImageFormatError(`operand kind ${String(unknown)} has no text form`);
  }

  /** The #US entry's bytes including its trailing flag byte (what monodis dumps). */
  private userStringBytes(offset: number): Uint8Array {
    return this.md.userStrings.entry(offset);
  }
}
