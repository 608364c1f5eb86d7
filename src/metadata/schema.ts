/**
 * The metadata table schema of ECMA-335 §II.22: every table's number and columns, and the coded
 * index kinds of §II.24.2.6 with their tag widths. The table stream reader computes each table's
 * column widths from this schema once; nothing here depends on a particular file.
 */

/** Metadata table numbers (ECMA-335 §II.22); the high byte of a token. */
export const enum TableId {
  /** §II.22.30: the current module (one row). */
  Module = 0x00,
  /** §II.22.38: types in other modules or assemblies. */
  TypeRef = 0x01,
  /** §II.22.37: types defined in this module. */
  TypeDef = 0x02,
  /** Indirection for Field (only in unoptimised `#-` streams). */
  FieldPtr = 0x03,
  /** §II.22.15: field definitions. */
  Field = 0x04,
  /** Indirection for MethodDef (only in `#-` streams). */
  MethodPtr = 0x05,
  /** §II.22.26: method definitions. */
  MethodDef = 0x06,
  /** Indirection for Param (only in `#-` streams). */
  ParamPtr = 0x07,
  /** §II.22.33: parameter names and flags. */
  Param = 0x08,
  /** §II.22.23: interfaces a type implements. */
  InterfaceImpl = 0x09,
  /** §II.22.25: references to fields and methods of other types. */
  MemberRef = 0x0a,
  /** §II.22.9: compile-time constants of fields, params, properties. */
  Constant = 0x0b,
  /** §II.22.10: custom attributes. */
  CustomAttribute = 0x0c,
  /** §II.22.17: marshalling descriptors. */
  FieldMarshal = 0x0d,
  /** §II.22.11: declarative security. */
  DeclSecurity = 0x0e,
  /** §II.22.8: explicit class size and packing. */
  ClassLayout = 0x0f,
  /** §II.22.16: explicit field offsets. */
  FieldLayout = 0x10,
  /** §II.22.36: standalone signatures (locals, calli). */
  StandAloneSig = 0x11,
  /** §II.22.12: type → first event. */
  EventMap = 0x12,
  /** Indirection for Event (only in `#-` streams). */
  EventPtr = 0x13,
  /** §II.22.13: events. */
  Event = 0x14,
  /** §II.22.35: type → first property. */
  PropertyMap = 0x15,
  /** Indirection for Property (only in `#-` streams). */
  PropertyPtr = 0x16,
  /** §II.22.34: properties. */
  Property = 0x17,
  /** §II.22.28: getters, setters, adders … of properties and events. */
  MethodSemantics = 0x18,
  /** §II.22.27: explicit overrides. */
  MethodImpl = 0x19,
  /** §II.22.31: referenced modules (P/Invoke targets). */
  ModuleRef = 0x1a,
  /** §II.22.39: constructed types. */
  TypeSpec = 0x1b,
  /** §II.22.22: P/Invoke mappings. */
  ImplMap = 0x1c,
  /** §II.22.18: initial data of fields. */
  FieldRVA = 0x1d,
  /** Edit-and-continue log. */
  EncLog = 0x1e,
  /** Edit-and-continue map. */
  EncMap = 0x1f,
  /** §II.22.2: this assembly's identity. */
  Assembly = 0x20,
  /** §II.22.4: unused processor table. */
  AssemblyProcessor = 0x21,
  /** §II.22.3: unused OS table. */
  AssemblyOS = 0x22,
  /** §II.22.5: referenced assemblies. */
  AssemblyRef = 0x23,
  /** §II.22.7: unused. */
  AssemblyRefProcessor = 0x24,
  /** §II.22.6: unused. */
  AssemblyRefOS = 0x25,
  /** §II.22.19: other files of a multi-file assembly. */
  File = 0x26,
  /** §II.22.14: types exported or forwarded. */
  ExportedType = 0x27,
  /** §II.22.24: resources. */
  ManifestResource = 0x28,
  /** §II.22.32: nesting relationships. */
  NestedClass = 0x29,
  /** §II.22.20: generic parameters of types and methods. */
  GenericParam = 0x2a,
  /** §II.22.29: generic method instantiations. */
  MethodSpec = 0x2b,
  /** §II.22.21: generic parameter constraints. */
  GenericParamConstraint = 0x2c,
}

/** Number of table slots a `#~` stream's Valid mask can name that we know the schema of. */
export const KNOWN_TABLE_COUNT = 0x2d;

/** The coded-index kinds of ECMA-335 §II.24.2.6. */
export const enum CodedIndex {
  /** TypeDef, TypeRef, TypeSpec. */
  TypeDefOrRef,
  /** Field, Param, Property. */
  HasConstant,
  /** The 22 tables that can carry custom attributes. */
  HasCustomAttribute,
  /** Field, Param. */
  HasFieldMarshal,
  /** TypeDef, MethodDef, Assembly. */
  HasDeclSecurity,
  /** TypeDef, TypeRef, ModuleRef, MethodDef, TypeSpec. */
  MemberRefParent,
  /** Event, Property. */
  HasSemantics,
  /** MethodDef, MemberRef. */
  MethodDefOrRef,
  /** Field, MethodDef. */
  MemberForwarded,
  /** File, AssemblyRef, ExportedType. */
  Implementation,
  /** (unused), (unused), MethodDef, MemberRef, (unused). */
  CustomAttributeType,
  /** Module, ModuleRef, AssemblyRef, TypeRef. */
  ResolutionScope,
  /** TypeDef, MethodDef. */
  TypeOrMethodDef,
}

/** -1 marks a tag value the spec leaves unused. */
export const CODED_INDEX_TABLES: readonly (readonly number[])[] = [
  [TableId.TypeDef, TableId.TypeRef, TableId.TypeSpec],
  [TableId.Field, TableId.Param, TableId.Property],
  [
    TableId.MethodDef, TableId.Field, TableId.TypeRef, TableId.TypeDef, TableId.Param, TableId.InterfaceImpl,
    TableId.MemberRef, TableId.Module, TableId.DeclSecurity, TableId.Property, TableId.Event, TableId.StandAloneSig,
    TableId.ModuleRef, TableId.TypeSpec, TableId.Assembly, TableId.AssemblyRef, TableId.File, TableId.ExportedType,
    TableId.ManifestResource, TableId.GenericParam, TableId.GenericParamConstraint, TableId.MethodSpec,
  ],
  [TableId.Field, TableId.Param],
  [TableId.TypeDef, TableId.MethodDef, TableId.Assembly],
  [TableId.TypeDef, TableId.TypeRef, TableId.ModuleRef, TableId.MethodDef, TableId.TypeSpec],
  [TableId.Event, TableId.Property],
  [TableId.MethodDef, TableId.MemberRef],
  [TableId.Field, TableId.MethodDef],
  [TableId.File, TableId.AssemblyRef, TableId.ExportedType],
  [-1, -1, TableId.MethodDef, TableId.MemberRef, -1],
  [TableId.Module, TableId.ModuleRef, TableId.AssemblyRef, TableId.TypeRef],
  [TableId.TypeDef, TableId.MethodDef],
];

/** Tag width in bits of each coded index (enough bits to number its tables). */
export const CODED_INDEX_BITS: readonly number[] = [2, 2, 5, 1, 2, 3, 1, 1, 1, 2, 3, 2, 1];

export const CODED_INDEX_NAMES: readonly string[] = [
  'TypeDefOrRef', 'HasConstant', 'HasCustomAttribute', 'HasFieldMarshal', 'HasDeclSecurity', 'MemberRefParent',
  'HasSemantics', 'MethodDefOrRef', 'MemberForwarded', 'Implementation', 'CustomAttributeType', 'ResolutionScope',
  'TypeOrMethodDef',
];

/** How a column is stored. */
export type ColumnKind =
  | { k: 'u8' }
  | { k: 'u16' }
  | { k: 'u32' }
  | { k: 'string' }
  | { k: 'guid' }
  | { k: 'blob' }
  | { k: 'table'; table: TableId }
  | { k: 'coded'; coded: CodedIndex };

export interface ColumnDef {
  name: string;
  kind: ColumnKind;
}

const u8 = { k: 'u8' } as const;
const u16 = { k: 'u16' } as const;
const u32 = { k: 'u32' } as const;
const str = { k: 'string' } as const;
const guid = { k: 'guid' } as const;
const blob = { k: 'blob' } as const;
const tbl = (table: TableId): ColumnKind => ({ k: 'table', table });
const coded = (c: CodedIndex): ColumnKind => ({ k: 'coded', coded: c });

function cols(...pairs: [string, ColumnKind][]): ColumnDef[] {
  return pairs.map(([name, kind]) => ({ name, kind }));
}

/** Table name and columns, indexed by TableId. */
export const TABLE_SCHEMA: readonly { name: string; columns: ColumnDef[] }[] = [
  { name: 'Module', columns: cols(['Generation', u16], ['Name', str], ['Mvid', guid], ['EncId', guid], ['EncBaseId', guid]) },
  { name: 'TypeRef', columns: cols(['ResolutionScope', coded(CodedIndex.ResolutionScope)], ['TypeName', str], ['TypeNamespace', str]) },
  {
    name: 'TypeDef',
    columns: cols(['Flags', u32], ['TypeName', str], ['TypeNamespace', str], ['Extends', coded(CodedIndex.TypeDefOrRef)],
      ['FieldList', tbl(TableId.Field)], ['MethodList', tbl(TableId.MethodDef)]),
  },
  { name: 'FieldPtr', columns: cols(['Field', tbl(TableId.Field)]) },
  { name: 'Field', columns: cols(['Flags', u16], ['Name', str], ['Signature', blob]) },
  { name: 'MethodPtr', columns: cols(['Method', tbl(TableId.MethodDef)]) },
  {
    name: 'MethodDef',
    columns: cols(['RVA', u32], ['ImplFlags', u16], ['Flags', u16], ['Name', str], ['Signature', blob], ['ParamList', tbl(TableId.Param)]),
  },
  { name: 'ParamPtr', columns: cols(['Param', tbl(TableId.Param)]) },
  { name: 'Param', columns: cols(['Flags', u16], ['Sequence', u16], ['Name', str]) },
  { name: 'InterfaceImpl', columns: cols(['Class', tbl(TableId.TypeDef)], ['Interface', coded(CodedIndex.TypeDefOrRef)]) },
  { name: 'MemberRef', columns: cols(['Class', coded(CodedIndex.MemberRefParent)], ['Name', str], ['Signature', blob]) },
  { name: 'Constant', columns: cols(['Type', u8], ['Padding', u8], ['Parent', coded(CodedIndex.HasConstant)], ['Value', blob]) },
  {
    name: 'CustomAttribute',
    columns: cols(['Parent', coded(CodedIndex.HasCustomAttribute)], ['Type', coded(CodedIndex.CustomAttributeType)], ['Value', blob]),
  },
  { name: 'FieldMarshal', columns: cols(['Parent', coded(CodedIndex.HasFieldMarshal)], ['NativeType', blob]) },
  { name: 'DeclSecurity', columns: cols(['Action', u16], ['Parent', coded(CodedIndex.HasDeclSecurity)], ['PermissionSet', blob]) },
  { name: 'ClassLayout', columns: cols(['PackingSize', u16], ['ClassSize', u32], ['Parent', tbl(TableId.TypeDef)]) },
  { name: 'FieldLayout', columns: cols(['Offset', u32], ['Field', tbl(TableId.Field)]) },
  { name: 'StandAloneSig', columns: cols(['Signature', blob]) },
  { name: 'EventMap', columns: cols(['Parent', tbl(TableId.TypeDef)], ['EventList', tbl(TableId.Event)]) },
  { name: 'EventPtr', columns: cols(['Event', tbl(TableId.Event)]) },
  { name: 'Event', columns: cols(['EventFlags', u16], ['Name', str], ['EventType', coded(CodedIndex.TypeDefOrRef)]) },
  { name: 'PropertyMap', columns: cols(['Parent', tbl(TableId.TypeDef)], ['PropertyList', tbl(TableId.Property)]) },
  { name: 'PropertyPtr', columns: cols(['Property', tbl(TableId.Property)]) },
  { name: 'Property', columns: cols(['Flags', u16], ['Name', str], ['Type', blob]) },
  {
    name: 'MethodSemantics',
    columns: cols(['Semantics', u16], ['Method', tbl(TableId.MethodDef)], ['Association', coded(CodedIndex.HasSemantics)]),
  },
  {
    name: 'MethodImpl',
    columns: cols(['Class', tbl(TableId.TypeDef)], ['MethodBody', coded(CodedIndex.MethodDefOrRef)],
      ['MethodDeclaration', coded(CodedIndex.MethodDefOrRef)]),
  },
  { name: 'ModuleRef', columns: cols(['Name', str]) },
  { name: 'TypeSpec', columns: cols(['Signature', blob]) },
  {
    name: 'ImplMap',
    columns: cols(['MappingFlags', u16], ['MemberForwarded', coded(CodedIndex.MemberForwarded)], ['ImportName', str],
      ['ImportScope', tbl(TableId.ModuleRef)]),
  },
  { name: 'FieldRVA', columns: cols(['RVA', u32], ['Field', tbl(TableId.Field)]) },
  { name: 'EncLog', columns: cols(['Token', u32], ['FuncCode', u32]) },
  { name: 'EncMap', columns: cols(['Token', u32]) },
  {
    name: 'Assembly',
    columns: cols(['HashAlgId', u32], ['MajorVersion', u16], ['MinorVersion', u16], ['BuildNumber', u16], ['RevisionNumber', u16],
      ['Flags', u32], ['PublicKey', blob], ['Name', str], ['Culture', str]),
  },
  { name: 'AssemblyProcessor', columns: cols(['Processor', u32]) },
  { name: 'AssemblyOS', columns: cols(['OSPlatformID', u32], ['OSMajorVersion', u32], ['OSMinorVersion', u32]) },
  {
    name: 'AssemblyRef',
    columns: cols(['MajorVersion', u16], ['MinorVersion', u16], ['BuildNumber', u16], ['RevisionNumber', u16], ['Flags', u32],
      ['PublicKeyOrToken', blob], ['Name', str], ['Culture', str], ['HashValue', blob]),
  },
  { name: 'AssemblyRefProcessor', columns: cols(['Processor', u32], ['AssemblyRef', tbl(TableId.AssemblyRef)]) },
  {
    name: 'AssemblyRefOS',
    columns: cols(['OSPlatformID', u32], ['OSMajorVersion', u32], ['OSMinorVersion', u32], ['AssemblyRef', tbl(TableId.AssemblyRef)]),
  },
  { name: 'File', columns: cols(['Flags', u32], ['Name', str], ['HashValue', blob]) },
  {
    name: 'ExportedType',
    columns: cols(['Flags', u32], ['TypeDefId', u32], ['TypeName', str], ['TypeNamespace', str],
      ['Implementation', coded(CodedIndex.Implementation)]),
  },
  {
    name: 'ManifestResource',
    columns: cols(['Offset', u32], ['Flags', u32], ['Name', str], ['Implementation', coded(CodedIndex.Implementation)]),
  },
  { name: 'NestedClass', columns: cols(['NestedClass', tbl(TableId.TypeDef)], ['EnclosingClass', tbl(TableId.TypeDef)]) },
  {
    name: 'GenericParam',
    columns: cols(['Number', u16], ['Flags', u16], ['Owner', coded(CodedIndex.TypeOrMethodDef)], ['Name', str]),
  },
  { name: 'MethodSpec', columns: cols(['Method', coded(CodedIndex.MethodDefOrRef)], ['Instantiation', blob]) },
  { name: 'GenericParamConstraint', columns: cols(['Owner', tbl(TableId.GenericParam)], ['Constraint', coded(CodedIndex.TypeDefOrRef)]) },
];

export function tableName(t: number): string {
  return TABLE_SCHEMA[t]?.name ?? `Table0x${t.toString(16)}`;
}
