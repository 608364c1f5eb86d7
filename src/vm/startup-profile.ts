/**
 * `clremu run --startup-profile`: where the wall-clock time of a run goes, by phase — assembly
 * loading, type loading, JIT compilation, class initialisation, internal calls — each counted
 * exclusively (a type load inside a JIT compilation counts as type loading only), so the rows
 * add up to the total. What no phase claims is guest code running on the emulated CPU plus the
 * host's own overhead (gates, the loader), shown as the rest.
 *
 * Phases nest through one stack: entering a phase pauses the enclosing one's clock, leaving it
 * resumes that clock. Timing costs two hrtime reads per phase, so the profiler exists only when
 * asked for.
 */

/** The phases a run's time is split into. */
export type ProfilePhase = 'assembly loading' | 'type loading' | 'JIT compilation' | 'class initialisation' | 'internal calls';

const PHASES: readonly ProfilePhase[] = ['assembly loading', 'type loading', 'JIT compilation', 'class initialisation', 'internal calls'];

interface Open {
  readonly phase: ProfilePhase;
  /** When this phase's clock last (re)started. */
  since: bigint;
}

export class StartupProfile {
  private readonly ns = new Map<ProfilePhase, bigint>();
  private readonly counts = new Map<ProfilePhase, number>();
  private readonly open: Open[] = [];
  /** Extra figures a phase reports next to its time (IL and code bytes of the JIT). */
  readonly extra = { ilBytes: 0, codeBytes: 0 };

  /** Runs `fn` as one event of `phase`. */
  measure<T>(phase: ProfilePhase, fn: () => T): T {
    const now = process.hrtime.bigint();
    const outer = this.open[this.open.length - 1];
    if (outer) this.add(outer.phase, now - outer.since);
    this.counts.set(phase, (this.counts.get(phase) ?? 0) + 1);
    const mine: Open = { phase, since: now };
    this.open.push(mine);
    try {
      return fn();
    } finally {
      const end = process.hrtime.bigint();
      this.add(phase, end - mine.since);
      this.open.pop();
      const resumed = this.open[this.open.length - 1];
      if (resumed) resumed.since = end;
    }
  }

  private add(phase: ProfilePhase, delta: bigint): void {
    this.ns.set(phase, (this.ns.get(phase) ?? 0n) + delta);
  }

  /** Milliseconds spent in `phase` so far. */
  millis(phase: ProfilePhase): number {
    return Number(this.ns.get(phase) ?? 0n) / 1e6;
  }

  /** How many times `phase` was entered. */
  count(phase: ProfilePhase): number {
    return this.counts.get(phase) ?? 0;
  }

  /**
   * The report: `hostStartMs` is the time before the command ran (Node and clremu's modules),
   * `runMs` the run itself; both in milliseconds of wall-clock time.
   */
  format(hostStartMs: number, runMs: number): string {
    const rows: [string, number, string][] = [['host start (Node, clremu modules)', hostStartMs, '']];
    let claimed = 0;
    for (const p of PHASES) {
      const ms = this.millis(p);
      claimed += ms;
      const n = this.count(p);
      const note = p === 'JIT compilation' ? `${n} methods, ${this.extra.ilBytes} IL bytes -> ${this.extra.codeBytes} code bytes` : `${n} ${p === 'internal calls' ? 'calls' : p === 'class initialisation' ? 'class constructors' : p === 'type loading' ? 'types' : 'assemblies'}`;
      rows.push([p, ms, note]);
    }
    rows.push(['guest code, gates and loader (the rest)', Math.max(0, runMs - claimed), '']);
    rows.push(['total', hostStartMs + runMs, '']);
    const width = Math.max(...rows.map((r) => r[0].length));
    const lines = rows.map(([name, ms, note]) => `  ${name.padEnd(width)}  ${ms.toFixed(1).padStart(9)} ms${note ? `  (${note})` : ''}`);
    return ['startup profile (wall clock, each phase exclusive of the phases it triggers):', ...lines].join('\n');
  }
}
