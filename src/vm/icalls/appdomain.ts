/**
 * `System.AppDomain` icalls (icall-def.h group APPDOMAIN) over the one domain src/vm/startup.ts
 * builds (shared/mono-bcl-contract.md §1.9):
 *  - `getCurDomain()` / `getRootDomain()`: the AppDomain object (one domain: both are it);
 *  - `getSetup()`: its AppDomainSetup; `getFriendlyName()`: the executable's file name;
 *  - `GetData(name)` / `SetData(name, data)`: the domain's data slots. As in Mono's
 *    `ves_icall_System_AppDomain_GetData`, the names APPBASE, APP_CONFIG_FILE, DYNAMIC_BASE,
 *    APP_NAME, CACHE_BASE, PRIVATE_BINPATH, BINPATH_PROBE_ONLY, SHADOW_COPY_DIRS and
 *    FORCE_CACHE_INSTALL read the AppDomainSetup's fields; any other name reads what SetData
 *    stored (null when nothing was). Stored objects stay reachable for the domain's lifetime.
 */
import type { Runtime } from '../runtime';
import { runtimeField } from '../reflection/fields';
import { domainFriendlyName, ensureAppDomain } from '../startup';
import { icall, type IcallContext, type IcallTable } from './registry';

/** GetData names that read an AppDomainSetup field instead of the data slots. */
const SETUP_FIELDS: Readonly<Record<string, string>> = {
  APPBASE: 'application_base',
  APP_CONFIG_FILE: 'configuration_file',
  DYNAMIC_BASE: 'dynamic_base',
  APP_NAME: 'application_name',
  CACHE_BASE: 'cache_path',
  PRIVATE_BINPATH: 'private_bin_path',
  BINPATH_PROBE_ONLY: 'private_bin_path_probe',
  SHADOW_COPY_DIRS: 'shadow_copy_directories',
  FORCE_CACHE_INSTALL: 'shadow_copy_files',
};

const slotsByRuntime = new WeakMap<Runtime, Map<string, bigint>>();

/** The domain's data slots (registered as GC roots on first use). */
function dataSlots(ctx: IcallContext): Map<string, bigint> {
  let slots = slotsByRuntime.get(ctx.rt);
  if (!slots) {
    const created = new Map<string, bigint>();
    slotsByRuntime.set(ctx.rt, created);
    ctx.rt.gc.addRootProvider(() => created.values());
    slots = created;
  }
  return slots;
}

const NULL_NAME: [string, string] = ['System.ArgumentNullException', 'Value cannot be null.\r\nParameter name: name'];

export const appDomainIcalls: IcallTable = [
  icall('System.AppDomain::getCurDomain()', [], 'ref', (ctx) => ensureAppDomain(ctx.rt).domain),
  icall('System.AppDomain::getRootDomain()', [], 'ref', (ctx) => ensureAppDomain(ctx.rt).domain),
  icall('System.AppDomain::getSetup()', ['ref'], 'ref', (ctx) => ensureAppDomain(ctx.rt).setup),
  icall('System.AppDomain::getFriendlyName()', ['ref'], 'ref', (ctx) => ctx.rt.objects.allocString(domainFriendlyName(ctx.rt))),
  icall('System.AppDomain::GetData(string)', ['ref', 'ref'], 'ref', (ctx, _self, name) => {
    const rt = ctx.rt;
    if (name === 0n) return rt.helpers.raise(...NULL_NAME, ctx.call);
    const key = rt.objects.readString(name);
    const field = SETUP_FIELDS[key];
    if (field) {
      const setup = ensureAppDomain(rt).setup;
      const setupType = rt.types.typeOfMethodTable(rt.machine.memory.u64(setup))!;
      return rt.machine.memory.u64(setup + BigInt(runtimeField(setupType, field).offset));
    }
    return dataSlots(ctx).get(key) ?? 0n;
  }),
  icall('System.AppDomain::SetData(string,object)', ['ref', 'ref', 'ref'], 'void', (ctx, _self, name, data) => {
    if (name === 0n) return ctx.rt.helpers.raise(...NULL_NAME, ctx.call);
    dataSlots(ctx).set(ctx.rt.objects.readString(name), data);
  }),
];
