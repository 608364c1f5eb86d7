/**
 * The real-world PE files the parser is tested on: every .dll/.exe Debian's Mono installs under
 * its lib/mono tree (many are the same file under several names; they are deduplicated by content
 * hash), plus the compiled inputs under build/ that this repository's build.json files declare.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const MONO_LIB = process.env.CLREMU_MONO_LIB ?? '/usr/lib/mono';

function walk(dir: string, found: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) walk(full, found);
    else if (e.isFile() && /\.(dll|exe)$/i.test(e.name)) found.push(full);
  }
}

/** One path per distinct file content, sorted, so runs are reproducible. */
export function uniqueByContent(files: string[]): string[] {
  const seen = new Map<string, string>();
  for (const f of [...files].sort()) {
    const digest = createHash('sha1').update(fs.readFileSync(f)).digest('hex');
    if (!seen.has(digest)) seen.set(digest, f);
  }
  return [...seen.values()].sort();
}

let monoCache: string[] | undefined;

/** Mono's installed PE files, one per distinct content. */
export function monoCorpus(): string[] {
  if (!monoCache) {
    const all: string[] = [];
    walk(MONO_LIB, all);
    monoCache = uniqueByContent(all);
  }
  return monoCache;
}

/** PE files built from this repository's sources (tests' and samples' build.json outputs). */
export function builtInputs(...relativeDirs: string[]): string[] {
  const out: string[] = [];
  for (const d of relativeDirs) walk(path.join(REPO_ROOT, 'build', d), out);
  return out.sort();
}
