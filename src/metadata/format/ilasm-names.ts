/**
 * How ilasm-style text writes identifiers: names that are ilasm keywords, or that contain
 * characters outside [A-Za-z0-9_$@?!`] (or a leading '.'), are single-quoted with `'` and `\`
 * backslash-escaped. The keyword list is the ilasm grammar's reserved words (ECMA-335 §VI.C
 * and Mono's ilasm), which monodis also quotes.
 */

const KEYWORDS = new Set(
  (
    '9 abstract add add.ovf add.ovf.un algorithm alignment and ansi any arglist array as assembly assert at autochar auto ' +
    'beforefieldinit bestfit beq beq.s bge bge.s bge.un bge.un.s bgt bgt.s bgt.un bgt.un.s ble ble.s ble.un ble.un.s blob ' +
    'blob_object blt blt.s blt.un blt.un.s bne.un bne.un.s bool box break brfalse brfalse.s br brinst brinst.s brnull ' +
    'brnull.s br.s brtrue brtrue.s brzero brzero.s bstr bytearray byvalstr call callconv calli callmostderived callvirt ' +
    'carray castclass catch cdecl ceq cf cgt cgt.un char charmaperror cil ckfinite class clsid clt clt.un Compilercontrolled ' +
    'const conv.i1 conv.i2 conv.i4 conv.i8 conv.i conv.ovf.i1 conv.ovf.i1.un conv.ovf.i2 conv.ovf.i2.un conv.ovf.i4 ' +
    'conv.ovf.i4.un conv.ovf.i8 conv.ovf.i8.un conv.ovf.i conv.ovf.i.un conv.ovf.u1 conv.ovf.u1.un conv.ovf.u2 ' +
    'conv.ovf.u2.un conv.ovf.u4 conv.ovf.u4.un conv.ovf.u8 conv.ovf.u8.un conv.ovf.u conv.ovf.u.un conv.r4 conv.r8 ' +
    'conv.r.un conv.u1 conv.u2 conv.u4 conv.u8 conv.u cpblk cpobj currency custom date decimal default demand deny div ' +
    'div.un dup endfault endfilter endfinally endmac enum error explicit extends extern false famandassem family famorassem ' +
    'fastcall fault field filetime filter final finally fixed flags float32 float64 float forwardref fromunmanaged handler ' +
    'hidebysig hresult idispatch il illegal implements implicitcom implicitres import in inheritcheck initblk init initobj ' +
    'initonly instance int16 int32 int64 int8 interface internalcall int isinst iunknown jmp lasterr lcid ldarg.0 ldarg.1 ' +
    'ldarg.2 ldarg.3 ldarga ldarga.s ldarg ldarg.s ldc.i4.0 ldc.i4.1 ldc.i4.2 ldc.i4.3 ldc.i4.4 ldc.i4.5 ldc.i4.6 ldc.i4.7 ' +
    'ldc.i4.8 ldc.i4 ldc.i4.m1 ldc.i4.M1 ldc.i4.s ldc.i8 ldc.r4 ldc.r8 ldelem ldelema ldelem.i1 ldelem.i2 ldelem.i4 ' +
    'ldelem.i8 ldelem.i ldelem.r4 ldelem.r8 ldelem.ref ldelem.u1 ldelem.u2 ldelem.u4 ldelem.u8 ldflda ldfld ldftn ' +
    'ldind.i1 ldind.i2 ldind.i4 ldind.i8 ldind.i ldind.r4 ldind.r8 ldind.ref ldind.u1 ldind.u2 ldind.u4 ldind.u8 ldlen ' +
    'ldloc.0 ldloc.1 ldloc.2 ldloc.3 ldloca ldloca.s ldloc ldloc.s ldnull ldobj ldsflda ldsfld ldstr ldtoken ldvirtftn ' +
    'leave leave.s legacy linkcheck literal localloc lpstr lpstruct lptstr lpvoid lpwstr managed marshal method mkrefany ' +
    'modopt modreq mul mul.ovf mul.ovf.un native neg nested newarr newobj newslot noappdomain noinlining nomachine ' +
    'nomangle nometadata noncasdemand noncasinheritance noncaslinkdemand nop noprocess not not_in_gc_heap notremotable ' +
    'notserialized null nullref object objectref off on opt optil or out permitonly pinned pinvokeimpl pop prefix1 prefix2 ' +
    'prefix3 prefix4 prefix5 prefix6 prefix7 prefixref prejitdeny prejitgrant preservesig private privatescope property ' +
    'protected public readonly record refany refanytype refanyval rem rem.un reqmin reqopt reqrefuse reqsecobj request ret ' +
    'rethrow retval rtspecialname runtime safearray sealed sequential serializable shl shr shr.un sizeof special ' +
    'specialname starg starg.s static stdcall stelem stelem.i1 stelem.i2 stelem.i4 stelem.i8 stelem.i stelem.r4 stelem.r8 ' +
    'stelem.ref stfld stind.i1 stind.i2 stind.i4 stind.i8 stind.i stind.r4 stind.r8 stloc stobj storage stored_object ' +
    'streamed_object stream strict string struct stsfld sub sub.ovf sub.ovf.un switch synchronized syschar sysstring ' +
    'tbstr thiscall tls to true type typedref uint uint8 uint16 uint32 uint64 unbox unicode unmanagedexp unmanaged ' +
    'unsigned userdefined value valuetype vararg variant vector virtual void wchar winapi with xor'
  ).split(' '),
);

function isPlainChar(code: number, first: boolean): boolean {
  return (
    (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) ||
    code === 0x5f /* _ */ || code === 0x24 /* $ */ || code === 0x40 /* @ */ || code === 0x3f /* ? */ ||
    code === 0x21 /* ! */ || code === 0x60 /* ` */ || (code === 0x2e /* . */ && !first)
  );
}

function backslashQuotes(s: string): string {
  return s.replace(/['\\]/g, (m) => `\\${m}`);
}

/** An identifier as ilasm/monodis writes it (quoted when needed); '/' separates nesting levels. */
export function escapeName(name: string): string {
  if (name.length === 0) return name;
  const slash = name.indexOf('/');
  if (slash >= 0) return `${escapeName(name.slice(0, slash))}/${escapeName(name.slice(slash + 1))}`;
  for (let i = 0; i < name.length; i++) {
    if (!isPlainChar(name.charCodeAt(i), i === 0)) return `'${backslashQuotes(name)}'`;
  }
  if (KEYWORDS.has(name)) return `'${name}'`;
  return backslashQuotes(name);
}
