/** The handle table: values, std console handles, lookups by type, close semantics; the clock. */
import { ProcessHandleTable, ConsoleOutput, ConsoleInput, EventObject, MutexObject, SemaphoreObject } from '../../loader/handles';
import { VirtualClock, filetimeToCalendar, filetimeToUnixSeconds } from '../../loader/clock';
import type { HostIo } from '../../loader/os';

function fakeIo() {
  const out: number[] = [];
  const err: number[] = [];
  const input = Buffer.from('typed\n');
  let pos = 0;
  const io: HostIo = {
    writeStdout: (b) => out.push(...b),
    writeStderr: (b) => err.push(...b),
    readStdin: (max) => {
      const chunk = input.subarray(pos, pos + max);
      pos += chunk.length;
      return chunk;
    },
  };
  return { io, out, err };
}

describe('ProcessHandleTable', () => {
  test('Handles_AreNonZeroMultiplesOfFour_Distinct', () => {
    const t = new ProcessHandleTable(fakeIo().io);
    const hs = [t.add(new EventObject(true, false, null)), t.add(new MutexObject(null)), t.std('input'), t.std('output'), t.std('error')];
    for (const h of hs) {
      expect(h % 4n).toBe(0n);
      expect(h).not.toBe(0n);
    }
    expect(new Set(hs).size).toBe(5);
  });

  test('StdHandles_AreConsoles_WritingToHostStreams', () => {
    const { io, out, err } = fakeIo();
    const t = new ProcessHandleTable(io);
    t.get<ConsoleOutput>(t.std('output'), 'console')!.write(Buffer.from('out\r\n'));
    t.get<ConsoleOutput>(t.std('error'), 'console')!.writeWide('\u00e9');
    expect(Buffer.from(out).toString()).toBe('out\r\n');
    expect(Buffer.from(err).toString('utf8')).toBe('\u00e9');
    expect(Buffer.from(t.get<ConsoleInput>(t.std('input'))!.read(3)).toString()).toBe('typ');
  });

  test('GetWithWrongType_Undefined', () => {
    const t = new ProcessHandleTable(fakeIo().io);
    const h = t.add(new EventObject(false, true, null));
    expect(t.get(h, 'mutex')).toBeUndefined();
    expect(t.get(h, 'event')).toBeInstanceOf(EventObject);
    expect(t.get(h | 3n, 'event')).toBeInstanceOf(EventObject); // tag bits ignored
  });

  test('Close_RemovesOnce_StaleHandleFails', () => {
    const t = new ProcessHandleTable(fakeIo().io);
    const h = t.add(new EventObject(false, true, null));
    expect(t.close(h)).toBe(true);
    expect(t.close(h)).toBe(false);
    expect(t.get(h)).toBeUndefined();
    const h2 = t.add(new EventObject(false, true, null));
    expect(h2).not.toBe(h);
    expect(t.close(0x123450n)).toBe(false);
  });

  test('SetStd_Redirects', () => {
    const t = new ProcessHandleTable(fakeIo().io);
    t.setStd('output', t.std('error'));
    expect(t.std('output')).toBe(t.std('error'));
  });
});

describe('sync objects', () => {
  test('AutoResetEvent_ConsumedByWait_ManualStays', () => {
    const auto = new EventObject(false, true, null);
    expect(auto.tryAcquire()).toBe(true);
    expect(auto.tryAcquire()).toBe(false);
    const manual = new EventObject(true, true, null);
    expect(manual.tryAcquire()).toBe(true);
    expect(manual.tryAcquire()).toBe(true);
  });
  test('Mutex_RecursiveOwnership_ReleasedAtZero', () => {
    const m = new MutexObject(null);
    expect(m.tryAcquire(1)).toBe(true);
    expect(m.tryAcquire(1)).toBe(true);
    expect(m.tryAcquire(2)).toBe(false);
    expect(m.release(1)).toBe(true);
    expect(m.tryAcquire(2)).toBe(false);
    expect(m.release(1)).toBe(true);
    expect(m.release(1)).toBe(false);
    expect(m.tryAcquire(2)).toBe(true);
  });
});

describe('semaphores', () => {
  test('Semaphore_CountsDownAndUp_MaximumEnforced', () => {
    const s = new SemaphoreObject(1, 2, null);
    expect(s.tryAcquire()).toBe(true);
    expect(s.tryAcquire()).toBe(false);
    expect(s.release(2)).toBe(0);
    expect(s.release(1)).toBeUndefined();
    expect(s.release(0)).toBeUndefined();
    expect(s.count).toBe(2);
  });
});

describe('VirtualClock', () => {
  test('TwoClocks_SameQueries_SameAnswers', () => {
    const a = new VirtualClock();
    const b = new VirtualClock();
    const qa = [a.systemTime(), a.tickCount(), a.performanceCounter()];
    const qb = [b.systemTime(), b.tickCount(), b.performanceCounter()];
    expect(qa).toEqual(qb);
  });
  test('Queries_Advance_Monotonic_SleepMovesTime', () => {
    const c = new VirtualClock();
    const t0 = c.performanceCounter();
    const t1 = c.performanceCounter();
    expect(t1 > t0).toBe(true);
    const k0 = c.tickCount();
    c.advance(250);
    expect(c.tickCount() - k0 >= 250n).toBe(true);
  });
  test('StartDate_Is2024_UTC', () => {
    const c = new VirtualClock();
    const cal = filetimeToCalendar(c.systemTime());
    expect([cal.year, cal.month, cal.day, cal.hour, cal.dayOfWeek]).toEqual([2024, 1, 1, 0, 1]);
    expect(filetimeToUnixSeconds(c.systemTime())).toBe(1704067200n);
  });
});
