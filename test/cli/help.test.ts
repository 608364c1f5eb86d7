import { execFileSync } from 'child_process';
import * as path from 'path';

const bin = path.join(__dirname, '..', '..', 'bin', 'clremu');

test('Help_ListsUsage', () => {
  const out = execFileSync('node', [bin, '--help'], { encoding: 'utf8' });
  expect(out).toContain('Runs Windows x64 executables');
});

test('UnknownCommand_FailsWithUsage', () => {
  let status = 0;
  let stderr = '';
  try {
    execFileSync('node', [bin, 'no-such-command'], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    const e = err as { status: number; stderr: string };
    status = e.status;
    stderr = e.stderr;
  }
  expect(status).toBe(2);
  expect(stderr).toMatch(/clremu:/);
});
