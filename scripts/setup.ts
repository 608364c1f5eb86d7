/**
 * Builds the compiled inputs that samples and tests need (mingw-w64 C programs and DLLs, mcs and
 * ilasm assemblies) into `build/`, mirroring the source tree. Every folder that needs builds holds a
 * `build.json`:
 *
 *   { "items": [ { "out": "hello.exe", "tool": "mingw-exe", "sources": ["hello.c"], "args": [] } ] }
 *
 * tools: `mingw-exe`, `mingw-dll` (also writes lib<name>.a for linking), `mcs`, `ilasm`.
 * `args` are appended to the tool's command line; `{build}` in an argument stands for the item's
 * output folder (to link against a DLL built earlier in the same file).
 *
 * An output is rebuilt only when it is missing or older than its sources or its build.json, so
 * the step is cheap when nothing changed. A failing build stops with the tool's own message.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

type Tool = 'mingw-exe' | 'mingw-dll' | 'mcs' | 'ilasm';

interface BuildItem {
  out: string;
  tool: Tool;
  sources: string[];
  args?: string[];
}

const root = path.resolve(__dirname, '..', '..');
const buildRoot = path.join(root, 'build');
const scanRoots = ['samples', 'test'];

function findManifests(dir: string, found: string[]): string[] {
  if (!fs.existsSync(dir)) return found;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) findManifests(full, found);
    else if (entry.name === 'build.json') found.push(full);
  }
  return found;
}

function isStale(output: string, inputs: string[]): boolean {
  if (!fs.existsSync(output)) return true;
  const built = fs.statSync(output).mtimeMs;
  return inputs.some((input) => fs.statSync(input).mtimeMs > built);
}

function commandFor(item: BuildItem, srcDir: string, outDir: string): [string, string[]] {
  const sources = item.sources.map((s) => path.join(srcDir, s));
  const out = path.join(outDir, item.out);
  const extra = (item.args ?? []).map((a) => a.split('{build}').join(outDir));
  switch (item.tool) {
    case 'mingw-exe':
      return ['x86_64-w64-mingw32-gcc', ['-O1', '-o', out, ...sources, ...extra]];
    case 'mingw-dll': {
      const lib = path.join(outDir, `lib${path.basename(item.out, '.dll')}.a`);
      return ['x86_64-w64-mingw32-gcc', ['-O1', '-shared', '-o', out, `-Wl,--out-implib,${lib}`, ...sources, ...extra]];
    }
    case 'mcs':
      return ['mcs', ['-nologo', `-out:${out}`, ...extra, ...sources]];
    case 'ilasm':
      return ['ilasm', ['-quiet', `-output:${out}`, ...extra, ...sources]];
    default:
      throw new Error(`unknown build tool '${(item as BuildItem).tool}'`);
  }
}

function main(): void {
  const manifests = scanRoots.flatMap((r) => findManifests(path.join(root, r), []));
  let built = 0;
  for (const manifest of manifests) {
    const srcDir = path.dirname(manifest);
    const outDir = path.join(buildRoot, path.relative(root, srcDir));
    const items = (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { items: BuildItem[] }).items;
    fs.mkdirSync(outDir, { recursive: true });
    for (const item of items) {
      const inputs = [manifest, ...item.sources.map((s) => path.join(srcDir, s))];
      if (!isStale(path.join(outDir, item.out), inputs)) continue;
      const [cmd, args] = commandFor(item, srcDir, outDir);
      try {
        execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (err) {
        const e = err as { stderr?: Buffer; stdout?: Buffer; message: string };
        process.stderr.write(`setup: building ${path.relative(root, path.join(outDir, item.out))} failed:\n`);
        process.stderr.write(`${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? e.message}\n`);
        process.exit(1);
      }
      built++;
    }
  }
  if (built > 0) process.stdout.write(`setup: built ${built} input(s) into build/\n`);
}

main();
