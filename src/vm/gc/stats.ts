/**
 * Collection statistics: what `--gc-stats` prints at exit (collections, pause times, peak heap)
 * and what tests read. Times are host wall-clock milliseconds of each collection (roots, mark,
 * finalization scan, sweep, verification when on).
 */

export class GcStats {
  collections = 0;
  totalPauseMs = 0;
  maxPauseMs = 0;
  /** Bytes handed out over the whole run. */
  totalAllocatedBytes = 0;
  objectsAllocated = 0;
  /** Heap bytes in use right after the last collection. */
  liveBytesAfterLast = 0;
  finalizersRun = 0;
  /** Objects the last collection marked, and how many a root that cannot be rewritten pinned. */
  lastMarkedObjects = 0;
  lastPinnedObjects = 0;

  recordPause(ms: number): void {
    this.collections++;
    this.totalPauseMs += ms;
    if (ms > this.maxPauseMs) this.maxPauseMs = ms;
  }

  /** The `--gc-stats` report; `peakHeapBytes` is the most guest memory the heap ever committed. */
  format(peakHeapBytes: number, heapBytesNow: number): string {
    const mb = (n: number): string => `${(n / (1024 * 1024)).toFixed(1)} MB`;
    const mean = this.collections ? this.totalPauseMs / this.collections : 0;
    const lines = [
      `GC: ${this.collections} collection(s); pause total ${this.totalPauseMs.toFixed(1)} ms, max ${this.maxPauseMs.toFixed(2)} ms, mean ${mean.toFixed(2)} ms`,
      `GC: allocated ${mb(this.totalAllocatedBytes)} in ${this.objectsAllocated} object(s); live after last collection ${mb(this.liveBytesAfterLast)}`,
      `GC: peak heap ${mb(peakHeapBytes)} committed (now ${mb(heapBytesNow)}); finalizers run ${this.finalizersRun}`,
    ];
    // What a mostly-copying compaction could move (src/vm/gc/roots.ts): everything not pinned.
    if (this.collections) lines.push(`GC: last collection marked ${this.lastMarkedObjects} object(s), ${this.lastPinnedObjects} pinned by conservative or host-held roots`);
    return lines.join('\n') + '\n';
  }
}
