/**
 * The real-world corpus the metadata tests run against: every assembly Debian's Mono installs
 * under its lib/mono tree (the 4.5 profile with Facades, and the GAC), deduplicated by content
 * hash, plus functions that run monodis and normalise its text (whitespace only).
 */
import { execFile, execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** Mono's lib directory: CLREMU_MONO_LIB, else `<prefix>/lib/mono` of the `mono` on PATH. */
export function monoLibDir(): string {
  if (process.env.CLREMU_MONO_LIB) return process.env.CLREMU_MONO_LIB;
  const mono = execFileSync('sh', ['-c', 'command -v mono'], { encoding: 'utf8' }).trim();
  return path.resolve(path.dirname(fs.realpathSync(mono)), '..', 'lib', 'mono');
}

function walk(dir: string, out: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      try {
        const st = fs.statSync(full);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch {
        continue; // dangling link
      }
    }
    if (isDir) walk(full, out);
    else if (isFile && /\.(dll|exe)$/i.test(e.name)) out.push(full);
  }
}

export interface CorpusFile {
  path: string;
  sha1: string;
}

/** Unique assemblies (first path in sorted order wins for each content hash). */
export function monoCorpus(): CorpusFile[] {
  const lib = monoLibDir();
  const files: string[] = [];
  walk(path.join(lib, '4.5'), files);
  walk(path.join(lib, 'gac'), files);
  files.sort();
  const seen = new Set<string>();
  const out: CorpusFile[] = [];
  for (const f of files) {
    const sha1 = createHash('sha1').update(fs.readFileSync(f)).digest('hex');
    if (seen.has(sha1)) continue;
    seen.add(sha1);
    out.push({ path: f, sha1 });
  }
  return out;
}

export function monodisAsync(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('monodis', args, { encoding: 'latin1', maxBuffer: 1 << 30 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
  });
}

/** Runs `jobs` with at most `width` in flight, keeping result order. */
export async function pool<T>(jobs: (() => Promise<T>)[], width = 2): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return results;
}

/** Whitespace-only normalisation: trim, collapse runs, drop blank lines. */
export function normalise(text: string): string[] {
  return text.split('\n').map((l) => l.trim().replace(/\s+/g, ' ')).filter((l) => l.length > 0);
}

/** A small deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
