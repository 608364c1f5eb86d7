/**
 * Geometry of the managed heap (README.md "Heap layout"): one reservation cut into 64 KiB chunks;
 * a small-object chunk holds cells of one size class, a large object owns a run of whole chunks.
 *
 * Size classes: every multiple of 16 up to 256 bytes (most objects: strings, small class
 * instances), then four classes per doubling up to `LARGE_OBJECT_THRESHOLD`, so a cell wastes at
 * most a quarter of its size. Objects above the threshold are large objects.
 */

/** Bytes per chunk: the unit of commit, decommit and size-class assignment. */
export const CHUNK_SIZE = 64 * 1024;
/** Smallest cell: the 16-byte object header. */
export const MIN_CELL = 16;
/** Objects larger than this get their own run of chunks. */
export const LARGE_OBJECT_THRESHOLD = CHUNK_SIZE / 2;

/** The cell size of each small size class, ascending. */
export const SIZE_CLASSES: readonly number[] = (() => {
  const out: number[] = [];
  for (let s = 16; s <= 256; s += 16) out.push(s);
  for (let base = 256; base < LARGE_OBJECT_THRESHOLD; base *= 2) {
    for (let q = 1; q <= 4; q++) out.push(base + (base / 4) * q);
  }
  return out;
})();

/** Index into SIZE_CLASSES for sizes up to 256 (by 16-byte step) — a table avoids a search. */
const SMALL_LOOKUP: readonly number[] = (() => {
  const out: number[] = [];
  for (let i = 0; i <= 16; i++) out.push(Math.max(0, i - 1));
  return out;
})();

/** The size class index for an object of `size` bytes (≤ LARGE_OBJECT_THRESHOLD). */
export function sizeClassOf(size: number): number {
  if (size <= 256) return SMALL_LOOKUP[(size + 15) >> 4]!;
  let lo = 16;
  let hi = SIZE_CLASSES.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (SIZE_CLASSES[mid]! >= size) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Rounds a byte count up to the 8-byte object alignment. */
export function alignObjectSize(size: number): number {
  return (size + 7) & ~7;
}
