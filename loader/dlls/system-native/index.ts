/**
 * The emulated System.Native.dll. Mono's class library is its Linux build, whose file system,
 * random numbers and error texts go through `System.Native` P/Invokes (libmono-native.so on
 * Linux) whatever the platform; a Windows guest gets them from this DLL instead, over the guest
 * file system (loader/fs) and the virtual clock's seeded random stream (loader/clock.ts). The exports are CoreFX's
 * (`SystemNative_*`, pal_io.h, pal_errno.h, pal_random.h) with the same C signatures, so the
 * class library's P/Invokes bind to it like to any DLL; the A/W and calling-convention questions
 * of Windows DLLs do not arise (every export is a plain Windows x64 function).
 */
import { defineDll, fn, type ApiTable, type DllDefinition } from '../api';
import { systemNativeDirectories } from './directories';
import { errnoToPal, palToErrno, strerror } from './errno';
import { systemNativeFiles } from './files';

const systemNativeMisc: ApiTable = {
  SystemNative_ConvertErrorPlatformToPal: fn('Error SystemNative_ConvertErrorPlatformToPal(int32_t platformErrno)', ['i32'], 'i32', (_ctx, errno) => errnoToPal(errno)),
  SystemNative_ConvertErrorPalToPlatform: fn('int32_t SystemNative_ConvertErrorPalToPlatform(Error error)', ['i32'], 'i32', (_ctx, pal) => palToErrno(pal)),
  /** Writes the message into `buffer` (truncated to fit, NUL-terminated) and returns `buffer`, as the GNU strerror_r path does. */
  SystemNative_StrErrorR: fn('const char* SystemNative_StrErrorR(int32_t platformErrno, char* buffer, int32_t bufferSize)', ['i32', 'ptr', 'i32'], 'ptr', ({ os }, errno, buffer, size) => {
    if (buffer === 0n || size <= 0) return 0n;
    const bytes = Buffer.from(strerror(errno), 'utf8').subarray(0, size - 1);
    os.memory.write(buffer, Uint8Array.from([...bytes, 0]));
    return buffer;
  }),
  SystemNative_GetNonCryptographicallySecureRandomBytes: fn('void SystemNative_GetNonCryptographicallySecureRandomBytes(uint8_t* buffer, int32_t bufferLength)', ['ptr', 'i32'], 'void',
    ({ os }, buffer, length) => {
      if (length > 0) os.memory.write(buffer, os.clock.randomBytes(length));
    }),
};

export const systemNative: DllDefinition = defineDll('System.Native.dll', [systemNativeFiles, systemNativeDirectories, systemNativeMisc]);
