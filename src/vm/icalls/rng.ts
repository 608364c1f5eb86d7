/**
 * `RNGCryptoServiceProvider` (icall-def.h group RNG): RandomNumberGenerator.Create() in Mono.
 * Bytes come from the virtual clock's seeded random stream (loader/clock.ts, `--seed`), the same
 * one `new Random()` and `Guid.NewGuid()` reach through System.Native, so runs are reproducible;
 * they are not cryptographically secure. A "context" is
 * an opaque non-zero token; the seed RngInitialize receives is ignored, as Mono's is when the
 * system generator needs none.
 */
import { icall, type IcallTable } from './registry';

/** The token RngInitialize hands out: any non-zero value means "open" to the managed side. */
const RNG_CONTEXT = 1n;

export const rngIcalls: IcallTable = [
  icall('System.Security.Cryptography.RNGCryptoServiceProvider::RngOpen()', [], 'bool', () => true),
  icall('System.Security.Cryptography.RNGCryptoServiceProvider::RngInitialize(byte*,intptr)', ['ptr', 'ptr'], 'ptr', () => RNG_CONTEXT),
  icall('System.Security.Cryptography.RNGCryptoServiceProvider::RngGetBytes(intptr,byte*,intptr)', ['ptr', 'ptr', 'ptr'], 'ptr', (ctx, handle, data, length) => {
    const n = Number(length);
    if (n > 0) ctx.rt.machine.memory.write(data, ctx.os('the random generator').clock.randomBytes(n));
    return handle;
  }),
  icall('System.Security.Cryptography.RNGCryptoServiceProvider::RngClose(intptr)', ['ptr'], 'void', () => undefined),
];
