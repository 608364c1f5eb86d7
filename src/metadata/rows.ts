/**
 * Typed, lazy row views for every table of ECMA-335 §II.22. A view is `(reader, row)`; each getter
 * reads its column when called, so creating a view costs nothing. Coded-index and table-index
 * columns come back as tokens (see handles.ts); heap columns as strings or blob views.
 */
import { Token, makeToken } from './handles';
import type { MetadataReader } from './reader';
import { CodedIndex, TableId } from './schema';

abstract class RowView {
  constructor(readonly md: MetadataReader, readonly row: number) {}
  abstract readonly table: TableId;
  get token(): Token {
    return makeToken(this.table, this.row);
  }
  protected u(col: number): number {
    return this.md.col(this.table, this.row, col);
  }
  protected s(col: number): string {
    return this.md.str(this.table, this.row, col);
  }
  protected b(col: number): Uint8Array {
    return this.md.blob(this.table, this.row, col);
  }
  protected c(col: number, ci: CodedIndex): Token {
    return this.md.coded(this.table, this.row, col, ci);
  }
  protected t(col: number, target: TableId): Token {
    return makeToken(target, this.u(col));
  }
}

/** §II.22.30 */
export class ModuleRow extends RowView {
  readonly table = TableId.Module;
  get generation() { return this.u(0); }
  get name() { return this.s(1); }
  get mvid() { return this.md.guids.get(this.u(2)); }
}

/** §II.22.38 */
export class TypeRefRow extends RowView {
  readonly table = TableId.TypeRef;
  get resolutionScope() { return this.c(0, CodedIndex.ResolutionScope); }
  get name() { return this.s(1); }
  get namespace() { return this.s(2); }
}

/** §II.22.37 */
export class TypeDefRow extends RowView {
  readonly table = TableId.TypeDef;
  get flags() { return this.u(0); }
  get name() { return this.s(1); }
  get namespace() { return this.s(2); }
  get extends() { return this.c(3, CodedIndex.TypeDefOrRef); }
  get fieldListRaw() { return this.u(4); }
  get methodListRaw() { return this.u(5); }
  /** Field rows (through FieldPtr when present). */
  get fields(): number[] { return this.md.fieldsOf(this.row); }
  /** MethodDef rows (through MethodPtr when present). */
  get methods(): number[] { return this.md.methodsOf(this.row); }
  /** Enclosing TypeDef row, 0 when top-level. */
  get enclosingType(): number { return this.md.enclosingTypeOf(this.row); }
}

/** §II.22.15 */
export class FieldRow extends RowView {
  readonly table = TableId.Field;
  get flags() { return this.u(0); }
  get name() { return this.s(1); }
  get signature() { return this.b(2); }
  get signatureIndex() { return this.u(2); }
}

/** §II.22.26 */
export class MethodDefRow extends RowView {
  readonly table = TableId.MethodDef;
  get rva() { return this.u(0); }
  get implFlags() { return this.u(1); }
  get flags() { return this.u(2); }
  get name() { return this.s(3); }
  get signature() { return this.b(4); }
  get signatureIndex() { return this.u(4); }
  get paramListRaw() { return this.u(5); }
  get params(): number[] { return this.md.paramsOf(this.row); }
  get declaringType(): number { return this.md.declaringTypeOfMethod(this.row); }
}

/** §II.22.33 */
export class ParamRow extends RowView {
  readonly table = TableId.Param;
  get flags() { return this.u(0); }
  get sequence() { return this.u(1); }
  get name() { return this.s(2); }
}

/** §II.22.23 */
export class InterfaceImplRow extends RowView {
  readonly table = TableId.InterfaceImpl;
  get class() { return this.t(0, TableId.TypeDef); }
  get interface() { return this.c(1, CodedIndex.TypeDefOrRef); }
}

/** §II.22.25 */
export class MemberRefRow extends RowView {
  readonly table = TableId.MemberRef;
  get parent() { return this.c(0, CodedIndex.MemberRefParent); }
  get name() { return this.s(1); }
  get signature() { return this.b(2); }
  get signatureIndex() { return this.u(2); }
}

/** §II.22.9 */
export class ConstantRow extends RowView {
  readonly table = TableId.Constant;
  /** An ELEMENT_TYPE_* code. */
  get type() { return this.u(0); }
  get parent() { return this.c(2, CodedIndex.HasConstant); }
  get value() { return this.b(3); }
}

/** §II.22.10 */
export class CustomAttributeRow extends RowView {
  readonly table = TableId.CustomAttribute;
  get parent() { return this.c(0, CodedIndex.HasCustomAttribute); }
  /** The attribute's constructor: a MethodDef or MemberRef token. */
  get constructorToken() { return this.c(1, CodedIndex.CustomAttributeType); }
  get value() { return this.b(2); }
}

/** §II.22.17 */
export class FieldMarshalRow extends RowView {
  readonly table = TableId.FieldMarshal;
  get parent() { return this.c(0, CodedIndex.HasFieldMarshal); }
  get nativeType() { return this.b(1); }
}

/** §II.22.11 */
export class DeclSecurityRow extends RowView {
  readonly table = TableId.DeclSecurity;
  get action() { return this.u(0); }
  get parent() { return this.c(1, CodedIndex.HasDeclSecurity); }
  get permissionSet() { return this.b(2); }
}

/** §II.22.8 */
export class ClassLayoutRow extends RowView {
  readonly table = TableId.ClassLayout;
  get packingSize() { return this.u(0); }
  get classSize() { return this.u(1); }
  get parent() { return this.t(2, TableId.TypeDef); }
}

/** §II.22.16 */
export class FieldLayoutRow extends RowView {
  readonly table = TableId.FieldLayout;
  get offset() { return this.u(0); }
  get field() { return this.t(1, TableId.Field); }
}

/** §II.22.36 */
export class StandAloneSigRow extends RowView {
  readonly table = TableId.StandAloneSig;
  get signature() { return this.b(0); }
  get signatureIndex() { return this.u(0); }
}

/** §II.22.12 */
export class EventMapRow extends RowView {
  readonly table = TableId.EventMap;
  get parent() { return this.t(0, TableId.TypeDef); }
  get events(): number[] { return this.md.eventsOfMap(this.row); }
}

/** §II.22.13 */
export class EventRow extends RowView {
  readonly table = TableId.Event;
  get flags() { return this.u(0); }
  get name() { return this.s(1); }
  get eventType() { return this.c(2, CodedIndex.TypeDefOrRef); }
}

/** §II.22.35 */
export class PropertyMapRow extends RowView {
  readonly table = TableId.PropertyMap;
  get parent() { return this.t(0, TableId.TypeDef); }
  get properties(): number[] { return this.md.propertiesOfMap(this.row); }
}

/** §II.22.34 */
export class PropertyRow extends RowView {
  readonly table = TableId.Property;
  get flags() { return this.u(0); }
  get name() { return this.s(1); }
  get signature() { return this.b(2); }
  get signatureIndex() { return this.u(2); }
}

/** §II.22.28 */
export class MethodSemanticsRow extends RowView {
  readonly table = TableId.MethodSemantics;
  get semantics() { return this.u(0); }
  get method() { return this.t(1, TableId.MethodDef); }
  get association() { return this.c(2, CodedIndex.HasSemantics); }
}

/** §II.22.27 */
export class MethodImplRow extends RowView {
  readonly table = TableId.MethodImpl;
  get class() { return this.t(0, TableId.TypeDef); }
  get body() { return this.c(1, CodedIndex.MethodDefOrRef); }
  get declaration() { return this.c(2, CodedIndex.MethodDefOrRef); }
}

/** §II.22.31 */
export class ModuleRefRow extends RowView {
  readonly table = TableId.ModuleRef;
  get name() { return this.s(0); }
}

/** §II.22.39 */
export class TypeSpecRow extends RowView {
  readonly table = TableId.TypeSpec;
  get signature() { return this.b(0); }
  get signatureIndex() { return this.u(0); }
}

/** §II.22.22 */
export class ImplMapRow extends RowView {
  readonly table = TableId.ImplMap;
  get mappingFlags() { return this.u(0); }
  get memberForwarded() { return this.c(1, CodedIndex.MemberForwarded); }
  get importName() { return this.s(2); }
  get importScope() { return this.t(3, TableId.ModuleRef); }
}

/** §II.22.18 */
export class FieldRvaRow extends RowView {
  readonly table = TableId.FieldRVA;
  get rva() { return this.u(0); }
  get field() { return this.t(1, TableId.Field); }
}

/** §II.22.2 */
export class AssemblyRow extends RowView {
  readonly table = TableId.Assembly;
  get hashAlgId() { return this.u(0); }
  get version(): [number, number, number, number] { return [this.u(1), this.u(2), this.u(3), this.u(4)]; }
  get flags() { return this.u(5); }
  get publicKey() { return this.b(6); }
  get name() { return this.s(7); }
  get culture() { return this.s(8); }
}

/** §II.22.5 */
export class AssemblyRefRow extends RowView {
  readonly table = TableId.AssemblyRef;
  get version(): [number, number, number, number] { return [this.u(0), this.u(1), this.u(2), this.u(3)]; }
  get flags() { return this.u(4); }
  get publicKeyOrToken() { return this.b(5); }
  get name() { return this.s(6); }
  get culture() { return this.s(7); }
  get hashValue() { return this.b(8); }
}

/** §II.22.19 */
export class FileRow extends RowView {
  readonly table = TableId.File;
  get flags() { return this.u(0); }
  get name() { return this.s(1); }
  get hashValue() { return this.b(2); }
}

/** §II.22.14 */
export class ExportedTypeRow extends RowView {
  readonly table = TableId.ExportedType;
  get flags() { return this.u(0); }
  get typeDefId() { return this.u(1); }
  get name() { return this.s(2); }
  get namespace() { return this.s(3); }
  get implementation() { return this.c(4, CodedIndex.Implementation); }
}

/** §II.22.24 */
export class ManifestResourceRow extends RowView {
  readonly table = TableId.ManifestResource;
  get offset() { return this.u(0); }
  get flags() { return this.u(1); }
  get name() { return this.s(2); }
  get implementation() { return this.c(3, CodedIndex.Implementation); }
}

/** §II.22.32 */
export class NestedClassRow extends RowView {
  readonly table = TableId.NestedClass;
  get nested() { return this.t(0, TableId.TypeDef); }
  get enclosing() { return this.t(1, TableId.TypeDef); }
}

/** §II.22.20 */
export class GenericParamRow extends RowView {
  readonly table = TableId.GenericParam;
  get number() { return this.u(0); }
  get flags() { return this.u(1); }
  get owner() { return this.c(2, CodedIndex.TypeOrMethodDef); }
  get name() { return this.s(3); }
}

/** §II.22.29 */
export class MethodSpecRow extends RowView {
  readonly table = TableId.MethodSpec;
  get method() { return this.c(0, CodedIndex.MethodDefOrRef); }
  get instantiation() { return this.b(1); }
  get instantiationIndex() { return this.u(1); }
}

/** §II.22.21 */
export class GenericParamConstraintRow extends RowView {
  readonly table = TableId.GenericParamConstraint;
  get owner() { return this.t(0, TableId.GenericParam); }
  get constraint() { return this.c(1, CodedIndex.TypeDefOrRef); }
}

/** Typed row factories: `rows(md).typeDef(3).name`. Each checks the row exists. */
export function rows(md: MetadataReader) {
  const mk = <T>(table: TableId, C: new (md: MetadataReader, row: number) => T) => (row: number): T => {
    md.checkToken(makeToken(table, row), 'row view');
    return new C(md, row);
  };
  return {
    module: mk(TableId.Module, ModuleRow),
    typeRef: mk(TableId.TypeRef, TypeRefRow),
    typeDef: mk(TableId.TypeDef, TypeDefRow),
    field: mk(TableId.Field, FieldRow),
    methodDef: mk(TableId.MethodDef, MethodDefRow),
    param: mk(TableId.Param, ParamRow),
    interfaceImpl: mk(TableId.InterfaceImpl, InterfaceImplRow),
    memberRef: mk(TableId.MemberRef, MemberRefRow),
    constant: mk(TableId.Constant, ConstantRow),
    customAttribute: mk(TableId.CustomAttribute, CustomAttributeRow),
    fieldMarshal: mk(TableId.FieldMarshal, FieldMarshalRow),
    declSecurity: mk(TableId.DeclSecurity, DeclSecurityRow),
    classLayout: mk(TableId.ClassLayout, ClassLayoutRow),
    fieldLayout: mk(TableId.FieldLayout, FieldLayoutRow),
    standAloneSig: mk(TableId.StandAloneSig, StandAloneSigRow),
    eventMap: mk(TableId.EventMap, EventMapRow),
    event: mk(TableId.Event, EventRow),
    propertyMap: mk(TableId.PropertyMap, PropertyMapRow),
    property: mk(TableId.Property, PropertyRow),
    methodSemantics: mk(TableId.MethodSemantics, MethodSemanticsRow),
    methodImpl: mk(TableId.MethodImpl, MethodImplRow),
    moduleRef: mk(TableId.ModuleRef, ModuleRefRow),
    typeSpec: mk(TableId.TypeSpec, TypeSpecRow),
    implMap: mk(TableId.ImplMap, ImplMapRow),
    fieldRva: mk(TableId.FieldRVA, FieldRvaRow),
    assembly: mk(TableId.Assembly, AssemblyRow),
    assemblyRef: mk(TableId.AssemblyRef, AssemblyRefRow),
    file: mk(TableId.File, FileRow),
    exportedType: mk(TableId.ExportedType, ExportedTypeRow),
    manifestResource: mk(TableId.ManifestResource, ManifestResourceRow),
    nestedClass: mk(TableId.NestedClass, NestedClassRow),
    genericParam: mk(TableId.GenericParam, GenericParamRow),
    methodSpec: mk(TableId.MethodSpec, MethodSpecRow),
    genericParamConstraint: mk(TableId.GenericParamConstraint, GenericParamConstraintRow),
  };
}
export type Rows = ReturnType<typeof rows>;
