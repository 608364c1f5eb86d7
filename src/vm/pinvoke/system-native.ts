/**
 * `System.Native.dll`: the native side of Mono's class library that its P/Invokes name
 * (shared/mono-bcl-contract.md §2.3), provided as an emulated DLL so P/Invoke resolution reaches it
 * like any other. Only the random source is here: `SystemNative_GetNonCryptographicallySecureRandomBytes`
 * (`new Random()`'s seed, `Guid.NewGuid`, the `HashCode` seed), filled from the run's seeded virtual
 * entropy (loader/clock.ts, `clremu run --seed N`), so runs are reproducible and a different seed
 * gives different values. Exports not listed stay absent: a P/Invoke to them is an
 * EntryPointNotFoundException naming them.
 */
import { defineDll, fn, type DllDefinition } from '../../../loader/dlls/api';

export function createSystemNativeDll(): DllDefinition {
  return defineDll('System.Native.dll', [{
    SystemNative_GetNonCryptographicallySecureRandomBytes: fn(
      'void SystemNative_GetNonCryptographicallySecureRandomBytes(uint8_t* buffer, int32_t bufferLength)', ['ptr', 'i32'] as const, 'void',
      ({ os }, buffer, length) => {
        if (length > 0) os.memory.write(buffer, os.clock.randomBytes(length));
      },
    ),
  }]);
}
