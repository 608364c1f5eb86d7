/**
 * Mutated DLLs beside an intact EXE: the loader maps a corrupt mathlib.dll or tinydll.dll while
 * binding the EXE's imports (DllMain included). Each run exits, crashes, or fails with a typed error.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { BufferedHostIo, runImage } from '../../loader';
import { mutants } from '../pe/mutate';
import { built, inputs, samples } from './helpers';

const PAIRS = [
  { exe: built(samples, 'usedll.exe'), dll: 'mathlib.dll', dllPath: built(samples, 'mathlib.dll') },
  { exe: built(inputs, 'needsdll.exe'), dll: 'tinydll.dll', dllPath: built(inputs, 'tinydll.dll') },
];
const CLEAN = /^(BadImageFormatError|LoaderError|DllNotFoundError|ImportNotFoundError|DllInitFailedError|UnsupportedImageError|AddressSpaceExhaustedError|UnimplementedApiError)$/;

test('MutatedDllBesideExe_400Mutants_EachEndsCleanly', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clremu-dll-mutants-'));
  try {
    const sources = PAIRS.map((p) => ({ name: p.dll, bytes: new Uint8Array(fs.readFileSync(p.dllPath)) }));
    const exes = new Map(PAIRS.map((p) => [p.dll, fs.readFileSync(p.exe)]));
    let failedCleanly = 0;
    for (const m of mutants(sources, 400, 0xd11)) {
      fs.writeFileSync(path.join(dir, m.source), m.bytes);
      const exePath = path.join(dir, m.source === 'mathlib.dll' ? 'usedll.exe' : 'needsdll.exe');
      fs.writeFileSync(exePath, exes.get(m.source)!);
      const label = `DLL mutant #${m.index} of ${m.source} (${m.kind}: ${m.description})`;
      let result;
      try {
        result = await runImage({ imagePath: exePath, io: new BufferedHostIo(), maxInstructions: 300_000, timeoutMs: 2_000 });
      } catch (err) {
        throw new Error(`${label} threw ${(err as Error)?.name}: ${(err as Error)?.message}\n${(err as Error)?.stack ?? ''}`);
      }
      if (result.kind === 'failed') {
        if (!CLEAN.test(result.error.name)) throw new Error(`${label} failed with untyped ${result.error.name}: ${result.error.message}`);
        failedCleanly++;
      }
      fs.rmSync(path.join(dir, m.source));
      fs.rmSync(exePath);
    }
    expect(failedCleanly).toBeGreaterThan(0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
