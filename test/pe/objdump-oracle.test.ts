/**
 * The parser agrees with binutils' objdump, field by field (headers, data directories, sections,
 * imports, exports, base relocations, .pdata, resource leaves), on this repository's compiled
 * inputs and on every distinct PE file Debian's Mono installs. objdump runs once per file, a few
 * at a time.
 */
import * as fs from 'fs';
import { parsePe } from '../../loader/pe';
import { compareWithObjdump } from './compare';
import { builtInputs, monoCorpus } from './corpus';
import { parseObjdump, runObjdump } from './objdump';

async function disagreements(files: string[], concurrency = 4): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++];
      const text = await runObjdump(file);
      const diffs = compareWithObjdump(parsePe(fs.readFileSync(file), file), parseObjdump(text));
      if (diffs.length > 0) failures.push(`${file}:\n  ${diffs.slice(0, 10).join('\n  ')}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures.sort();
}

test('RepositoryInputs_AgreeWithObjdump', async () => {
  const files = builtInputs('test/pe/inputs', 'test/mscoree/inputs', 'samples/native');
  // peexports.dll and peimports.exe at least; missing means setup has not run (npm test runs it).
  expect(files.filter((f) => /pe(ex|im)ports\.(dll|exe)$/.test(f))).toHaveLength(2);
  expect(await disagreements(files)).toEqual([]);
});

test('MonoInstalledPeFiles_AgreeWithObjdump', async () => {
  const files = monoCorpus();
  expect(files.length).toBeGreaterThan(100);
  expect(await disagreements(files)).toEqual([]);
});
