/**
 * Culture icalls (icall-def.h group CULTURE_INFO). The runtime has no locale tables, so the
 * current culture is the invariant one:
 *  - `get_current_locale_name()` returns null, which makes `CultureInfo.ConstructCurrentCulture`
 *    use InvariantCulture without the CultureNotFoundException that a name like "c" causes
 *    (shared/mono-bcl-contract.md §2.1 #15);
 *  - `construct_internal_locale_from_name(string)` and `…_from_lcid(int)` return false ("no such
 *    culture"), which the managed callers turn into CultureNotFoundException for named cultures.
 */
import { icall, type IcallTable } from './registry';

export const cultureIcalls: IcallTable = [
  icall('System.Globalization.CultureInfo::get_current_locale_name()', [], 'ref', () => 0n),
  icall('System.Globalization.CultureInfo::construct_internal_locale_from_name(string)', ['ref', 'ref'], 'bool', () => false),
  icall('System.Globalization.CultureInfo::construct_internal_locale_from_lcid(int)', ['ref', 'i32'], 'bool', () => false),
];
