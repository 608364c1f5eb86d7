/**
 * `System.Security.SecurityManager` icalls (icall-def.h group SECURITYMAN). Mono 4.5 runs with
 * Code Access Security off (`mono_security_enabled()` is false unless `--security` is given);
 * so does this runtime: `get_SecurityEnabled()` is false, and no demand is ever checked.
 */
import { icall, type IcallTable } from './registry';

export const securityIcalls: IcallTable = [
  icall('System.Security.SecurityManager::get_SecurityEnabled()', [], 'bool', () => false),
];
