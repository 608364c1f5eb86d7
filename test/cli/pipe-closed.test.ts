/**
 * `clremu run app.exe | head`: when the reader of standard output goes away, the run stops the way
 * a Unix program does on SIGPIPE — exit status 141, nothing on stderr — instead of an internal error.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { ROOT } from '../vm/support';

test('ManagedRun_StdoutReaderCloses_QuietExit141', async () => {
  const child = spawn('node', [path.join(ROOT, 'bin', 'clremu'), 'run', path.join(ROOT, 'build', 'samples', 'managed', 'GameOfLife.exe')]);
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => {
    child.stdout.once('data', () => child.stdout.destroy());
    child.on('close', (code) => resolve(code));
  });
  expect(stderr).toBe('');
  expect(status).toBe(141);
}, 120_000);
