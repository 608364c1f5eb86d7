/**
 * Assembly loading and type lookup by name (icall-def.h groups APPDOMAIN, ASSEMBLY), what
 * `Assembly.Load("I18N, …")` and `assembly.GetType("I18N.Common.Manager")` reach (the console's
 * code-page encodings, shared/mono-bcl-contract.md §2.4):
 *  - `AppDomain.LoadAssembly(string assemblyRef, Evidence, bool refOnly, ref StackCrawlMark)`: binds
 *    the display name's simple name through the runtime's binder (application directory, then the
 *    class library, then its Facades) and returns the RuntimeAssembly; null when nothing is found,
 *    as Mono's icall returns NULL (the managed caller raises FileNotFoundException);
 *  - `Assembly.InternalGetType(Module, string name, bool throwOnError, bool ignoreCase)`: a
 *    top-level or nested (`Outer+Inner`) type of that assembly by full name, following type
 *    forwarders, case-insensitively when asked; not found is null, or TypeLoadException when
 *    throwOnError. Generic arguments, array and pointer suffixes are a named NotSupportedYetError;
 *  - `Assembly.GetExecutingAssembly()`: the assembly of the managed method that called it (found
 *    from the gate's return address in the code heap);
 *  - `RuntimeAssembly.GetFilesInternal(string name, bool resourceModules)`: the assembly's other
 *    files (§II.22.19 File table). None named → null (one name) or an empty string[] (all). A
 *    file that does exist needs its guest path, which the binder does not know yet: a named
 *    NotSupportedYetError;
 *  - `RuntimeAssembly.GetManifestResourceInternal(string name, out int size, out Module module)`:
 *    a pointer to the embedded resource's bytes (copied into guest memory once) and its size, or
 *    0 when the assembly embeds none of that name. `module` is left null (only kept alive by the
 *    managed stream's close handler);
 *  - `AssemblyName.GetNativeName(IntPtr monoAssembly)`: the assembly's native MonoAssemblyName
 *    (reflection/assemblies.ts `nativeName`), which `AssemblyName.FillName` reads.
 */
import { TableId, tokenRow } from '../../metadata';
import { runtimeField } from '../reflection/fields';
import { AssemblyNotFoundError, NotSupportedYetError } from '../errors';
import { IcallArgumentError } from './errors';
import { icall, type IcallContext, type IcallTable } from './registry';

export const assemblyIcalls: IcallTable = [
  icall('System.AppDomain::LoadAssembly(string,System.Security.Policy.Evidence,bool,System.Threading.StackCrawlMark&)', ['ref', 'ref', 'ref', 'bool', 'ptr'], 'ref', (ctx, _self, name) => {
    if (name === 0n) return ctx.rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: assemblyRef', ctx.call);
    const simple = ctx.rt.objects.readString(name).split(',')[0]!.trim();
    try {
      return ctx.rt.reflection.assemblies.assemblyObject(ctx.rt.binder.bind(simple));
    } catch (e) {
      if (e instanceof AssemblyNotFoundError) return 0n;
      throw e;
    }
  }, { leaf: false }),

  // Assembly.CodeBase / Location: the guest path (binder.guestPath), as a file URI for the code base.
  icall('System.Reflection.RuntimeAssembly::get_code_base(System.Reflection.Assembly,bool)', ['ref', 'bool'], 'ref', (ctx, self, escaped) => {
    const uri = `file:///${guestLocation(ctx, self).replace(/\\/g, '/')}`;
    return ctx.rt.objects.allocString(escaped ? encodeURI(uri) : uri);
  }),

  icall('System.Reflection.RuntimeAssembly::get_location()', ['ref'], 'ref', (ctx, self) => ctx.rt.objects.allocString(guestLocation(ctx, self))),

  icall('System.Reflection.Assembly::GetExecutingAssembly()', [], 'ref', (ctx) => {
    const caller = ctx.rt.code.methodAt(ctx.call.returnAddress);
    if (!caller) throw new IcallArgumentError(ctx.icall, '(caller)', `return address 0x${ctx.call.returnAddress.toString(16)} is not in JIT-compiled code`);
    return ctx.rt.reflection.assemblies.assemblyObject(caller.assembly);
  }),

  icall('System.Reflection.RuntimeAssembly::GetFilesInternal(string,bool)', ['ref', 'ref', 'bool'], 'ref', (ctx, self, name) => {
    const rt = ctx.rt;
    const asm = rt.reflection.assemblies.assemblyOfObject(self);
    if (!asm) throw new IcallArgumentError(ctx.icall, 'this', `0x${self.toString(16)} is not a RuntimeAssembly of this runtime`);
    const files = Array.from({ length: asm.md.rowCount(TableId.File) }, (_, i) => asm.md.row.file(i + 1).name);
    const wanted = name === 0n ? null : rt.objects.readString(name);
    const hits = wanted === null ? files : files.filter((f) => f.toLowerCase() === wanted.toLowerCase());
    if (hits.length > 0) throw new NotSupportedYetError(`guest paths of an assembly's other files (${hits.join(', ')} of ${asm.name})`, ctx.icall);
    if (wanted !== null) return 0n;
    return rt.objects.allocArray(rt.types.ensureLoaded(rt.types.arrayOf(rt.types.corlibType('System.String'))), 0);
  }, { leaf: false }),

  icall('System.Reflection.RuntimeAssembly::GetManifestResourceInternal(string,int&,System.Reflection.Module&)', ['ref', 'ref', 'ptr', 'ptr'], 'ptr', (ctx, self, name, size, module) => {
    const rt = ctx.rt;
    const asm = rt.reflection.assemblies.assemblyOfObject(self);
    if (!asm) throw new IcallArgumentError(ctx.icall, 'this', `0x${self.toString(16)} is not a RuntimeAssembly of this runtime`);
    if (name === 0n) return rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: name', ctx.call);
    const r = rt.reflection.assemblies.manifestResource(asm, rt.objects.readString(name));
    if (module !== 0n) rt.machine.memory.setU64(module, 0n);
    if (!r) return 0n;
    rt.machine.memory.setU32(size, r.size);
    return r.data;
  }, { leaf: false }),

  // Mono's ves_icall_System_Reflection_RuntimeAssembly_GetManifestResourceInfoInternal: a resource
  // embedded in this file is Embedded | ContainedInManifestFile (1 | 4); resources in other files
  // or assemblies (a non-null Implementation) are a named error until a program has one.
  icall('System.Reflection.RuntimeAssembly::GetManifestResourceInfoInternal(string,System.Reflection.ManifestResourceInfo)', ['ref', 'ref', 'ref'], 'bool', (ctx, self, name, info) => {
    const rt = ctx.rt;
    const asm = rt.reflection.assemblies.assemblyOfObject(self);
    if (!asm) throw new IcallArgumentError(ctx.icall, 'this', `0x${self.toString(16)} is not a RuntimeAssembly of this runtime`);
    if (name === 0n) return rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: name', ctx.call);
    const wanted = rt.objects.readString(name);
    for (let r = 1; r <= asm.md.rowCount(TableId.ManifestResource); r++) {
      const row = asm.md.row.manifestResource(r);
      if (row.name !== wanted) continue;
      if (tokenRow(row.implementation) !== 0) throw new NotSupportedYetError(`manifest resource ${wanted} of ${asm.name} stored outside the assembly's file`, ctx.icall);
      const cls = rt.types.typeOfMethodTable(rt.machine.memory.u64(info));
      if (!cls) throw new IcallArgumentError(ctx.icall, 'info', 'not an object of this runtime');
      rt.machine.memory.setU32(info + BigInt(runtimeField(cls, '<ResourceLocation>k__BackingField').offset), 1 | 4);
      return true;
    }
    return false;
  }),

  icall('System.Reflection.AssemblyName::GetNativeName(intptr)', ['ptr'], 'ptr', (ctx, cell) => {
    const asm = ctx.rt.reflection.assemblies.assemblyOfCell(cell);
    if (!asm) throw new IcallArgumentError(ctx.icall, 'assembly_ptr', `0x${cell.toString(16)} is not a RuntimeAssembly._mono_assembly of this runtime`);
    return ctx.rt.reflection.assemblies.nativeName(asm);
  }),

  icall('System.Reflection.Assembly::InternalGetType(System.Reflection.Module,string,bool,bool)', ['ref', 'ref', 'ref', 'bool', 'bool'], 'ref', (ctx, self, _module, name, throwOnError, ignoreCase) => {
    const rt = ctx.rt;
    const asm = rt.reflection.assemblies.assemblyOfObject(self);
    if (!asm) throw new IcallArgumentError(ctx.icall, 'this', `0x${self.toString(16)} is not a RuntimeAssembly of this runtime`);
    if (name === 0n) return rt.helpers.raise('System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: name', ctx.call);
    const text = rt.objects.readString(name);
    if (/[[\]*&,]/.test(text)) throw new NotSupportedYetError(`type lookup of '${text}'`, ctx.icall);
    const nested = text.replace(/\+/g, '/');
    const where = ignoreCase ? asm.locateTypeIgnoringCase(nested) : asm.locateType(nested);
    if (!where) {
      if (throwOnError) return rt.helpers.raise('System.TypeLoadException', `Could not load type '${text}' from assembly '${asm.name}'.`, ctx.call);
      return 0n;
    }
    return rt.reflection.typeObject(rt.types.typeFromDef(where.assembly, where.row));
  }, { leaf: false }),
];

/** The guest path of the RuntimeAssembly `self`: the application's directory or the class library's. */
function guestLocation(ctx: IcallContext, self: bigint): string {
  const asm = ctx.rt.reflection.assemblies.assemblyOfObject(self);
  if (!asm) throw new IcallArgumentError(ctx.icall, 'assembly', `0x${self.toString(16)} is not a RuntimeAssembly of this runtime`);
  const main = ctx.os('the guest path of the application directory').modules.main.path;
  return ctx.rt.binder.guestPath(asm, main.slice(0, main.lastIndexOf('\\')));
}
