/**
 * Differences from monodis that are monodis bugs, not ours. Each entry says what monodis does
 * wrong; known-monodis-bugs.test.ts pins our (correct) output for each, and
 * src/metadata/README.md explains them.
 */

export interface ListingDiff {
  file: string;
  view: string;
  theirs: string;
  ours: string;
}

interface KnownBug {
  file: string;
  view: string;
  /** A substring of monodis's line that identifies the bug. */
  theirs: string;
  /** Our line, exactly. */
  ours: string;
  why: string;
}

const MISSING_PROFILER =
  "Could not load file or assembly 'Mono.Profiler.Log, Version=4.0.0.0, Culture=neutral, PublicKeyToken=0738eb9f132ed756' or one of its dependencies.";

export const KNOWN_MONODIS_BUGS: KnownBug[] = [
  {
    file: 'aprofutil.exe',
    view: '--memberref',
    theirs: `Signature: instance void(Invalid type due to ${MISSING_PROFILER}, <BROKEN CLASS token_ 1000020 due to`,
    ours: `Signature: instance void(Invalid type due to ${MISSING_PROFILER}, Invalid type due to ${MISSING_PROFILER}, Invalid type due to ${MISSING_PROFILER})`,
    why: 'after failing to parse an array of an unloadable class, monodis resumes one byte after the element type and decodes the array element class as the next parameter',
  },
];

export function isKnownMonodisBug(d: ListingDiff): boolean {
  return KNOWN_MONODIS_BUGS.some((b) => b.file === d.file && b.view === d.view && d.theirs.includes(b.theirs) && d.ours === b.ours);
}
