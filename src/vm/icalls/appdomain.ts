/**
 * `System.AppDomain` icalls (icall-def.h group APPDOMAIN) over the one domain src/vm/startup.ts
 * builds (shared/mono-bcl-contract.md §1.9):
 *  - `getCurDomain()` / `getRootDomain()`: the AppDomain object (one domain: both are it);
 *  - `getSetup()`: its AppDomainSetup; `getFriendlyName()`: the executable's file name.
 */
import { domainFriendlyName, ensureAppDomain } from '../startup';
import { icall, type IcallTable } from './registry';

export const appDomainIcalls: IcallTable = [
  icall('System.AppDomain::getCurDomain()', [], 'ref', (ctx) => ensureAppDomain(ctx.rt).domain),
  icall('System.AppDomain::getRootDomain()', [], 'ref', (ctx) => ensureAppDomain(ctx.rt).domain),
  icall('System.AppDomain::getSetup()', ['ref'], 'ref', (ctx) => ensureAppDomain(ctx.rt).setup),
  icall('System.AppDomain::getFriendlyName()', ['ref'], 'ref', (ctx) => ctx.rt.objects.allocString(domainFriendlyName(ctx.rt))),
];
