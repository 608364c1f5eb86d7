/**
 * The collector at the TypeScript level: objects allocated through a real runtime (Mono's
 * mscorlib types), graphs built in guest memory, references placed in registers, stack words,
 * statics and handles; then collect and check who survived and that the heap verifies.
 */
import { Machine, Prot, Reg } from '../../emu';
import { Runtime } from '../../src/vm/runtime';
import type { TypeDesc } from '../../src/vm/type-desc';
import { HeapCorruptionError, GcHandleError } from '../../src/vm/gc/errors';
import { GcHandleType } from '../../src/vm/gc/handles';
import type { GarbageCollector } from '../../src/vm/gc/collector';
import { ROOT } from '../vm/support';

let machine: Machine;
/** A fake TEB and a stack, so the collector's default stack range (RSP to TEB.StackBase) is real. */
let tebAt: bigint;
let stackLow: bigint;
let stackHigh: bigint;

beforeAll(() => {
  machine = Machine.create();
  const region = machine.memory.reserve(0x20000);
  machine.memory.commit(region, 0x20000, Prot.Read | Prot.Write);
  tebAt = region;
  stackLow = region + 0x1000n;
  stackHigh = region + 0x20000n;
  machine.memory.setU64(tebAt + 8n, stackHigh); // NT_TIB.StackBase
  machine.memory.setU64(tebAt + 16n, stackLow); // NT_TIB.StackLimit
});
afterAll(() => machine.close());

/** A fresh runtime (own heap) with an empty register file and stack. */
function fresh(options: { verify?: boolean; minBudgetBytes?: number } = {}): { rt: Runtime; gc: GarbageCollector } {
  for (let r = 0; r < 16; r++) machine.setReg(r as Reg, 0n);
  machine.setReg(Reg.GS_BASE, tebAt);
  machine.setReg(Reg.RSP, stackHigh - 0x100n);
  machine.memory.write(stackLow, new Uint8Array(Number(stackHigh - stackLow)));
  const rt = new Runtime({ machine, appDirectory: ROOT, gc: { verify: options.verify ?? true, minBudgetBytes: options.minBudgetBytes } });
  return { rt, gc: rt.gc };
}

const load = (rt: Runtime, name: string): TypeDesc => rt.types.ensureLoaded(rt.types.corlibType(name));
const arrayType = (rt: Runtime, elem: string): TypeDesc => rt.types.ensureLoaded(rt.types.arrayOf(rt.types.corlibType(elem)));
const objectArray = (rt: Runtime, n: number): bigint => rt.objects.allocArray(arrayType(rt, 'System.Object'), n);
const alive = (gc: GarbageCollector, obj: bigint): boolean => gc.heap.findObject(Number(obj)) === Number(obj);
const setElem = (arr: bigint, i: number, v: bigint): void => machine.memory.setU64(arr + 32n + 8n * BigInt(i), v);
const getElem = (arr: bigint, i: number): bigint => machine.memory.u64(arr + 32n + 8n * BigInt(i));

describe('roots', () => {
  test('Unreferenced_Collected_MemoryReused', () => {
    const { rt, gc } = fresh();
    const a = objectArray(rt, 4);
    const b = rt.objects.allocString('garbage');
    gc.collect();
    expect([alive(gc, a), alive(gc, b)]).toEqual([false, false]);
  });

  test('RegisterOnly_Survives_ThenCollectedWhenCleared', () => {
    const { rt, gc } = fresh();
    const s = rt.objects.allocString('in rbx');
    machine.setReg(Reg.RBX, s);
    gc.collect();
    expect(alive(gc, s)).toBe(true);
    expect(rt.objects.readString(s)).toBe('in rbx');
    machine.setReg(Reg.RBX, 0n);
    gc.collect();
    expect(alive(gc, s)).toBe(false);
  });

  test('VolatileNonArgumentRegisters_NotRoots_ArgumentRegistersAre', () => {
    const { rt, gc } = fresh();
    const inRax = rt.objects.allocString('rax is dead across a call');
    const inR11 = rt.objects.allocString('so is r11');
    const inR9 = rt.objects.allocString('r9 is a gate argument');
    machine.setReg(Reg.RAX, inRax);
    machine.setReg(Reg.R11, inR11);
    machine.setReg(Reg.R9, inR9);
    gc.collect();
    expect([alive(gc, inRax), alive(gc, inR11), alive(gc, inR9)]).toEqual([false, false, true]);
  });

  test('StackWordOnly_Survives_BelowRspIgnored', () => {
    const { rt, gc } = fresh();
    const kept = rt.objects.allocString('on the stack');
    const dropped = rt.objects.allocString('below rsp');
    const rsp = machine.reg(Reg.RSP);
    machine.memory.setU64(rsp + 0x40n, kept);
    machine.memory.setU64(rsp - 0x40n, dropped); // beyond the live stack: not a root
    gc.collect();
    expect([alive(gc, kept), alive(gc, dropped)]).toEqual([true, false]);
  });

  test('InteriorPointer_KeepsWholeObjectAndWhatItReaches', () => {
    const { rt, gc } = fresh();
    const arr = objectArray(rt, 8);
    const s = rt.objects.allocString('element 5');
    setElem(arr, 5, s);
    machine.setReg(Reg.R12, arr + 32n + 8n * 5n); // a pointer to element 5 (ldelema)
    gc.collect();
    expect([alive(gc, arr), alive(gc, s)]).toEqual([true, true]);
  });

  test('SavedRegistersOfNestedCall_AreRoots', () => {
    const { rt, gc } = fresh();
    const s = rt.objects.allocString('argument of the outer frame');
    machine.setReg(Reg.RCX, s);
    gc.withSavedRegisters(() => {
      machine.setReg(Reg.RCX, 0n); // the nested call reuses the register
      gc.collect();
    });
    expect(alive(gc, s)).toBe(true);
  });

  test('LiteralSlotAndStringEmpty_AreRoots', () => {
    const { rt, gc } = fresh();
    const slot = rt.objects.literalSlot('literal text');
    const str = load(rt, 'System.String');
    const empty = str.staticFields.find((f) => f.name === 'Empty')!;
    gc.collect();
    expect(rt.objects.readString(machine.memory.u64(slot))).toBe('literal text');
    expect(alive(gc, machine.memory.u64(slot))).toBe(true);
    expect(alive(gc, machine.memory.u64(empty.address))).toBe(true);
  });

  test('ProtectedHostTemporaries_Survive', () => {
    const { rt, gc } = fresh();
    const arr = objectArray(rt, 1);
    gc.protect([arr], () => gc.collect());
    expect(alive(gc, arr)).toBe(true);
    gc.collect();
    expect(alive(gc, arr)).toBe(false);
  });
});

describe('precise references in the heap', () => {
  test('LinkedChain_AllReachableFromHead_CutTailCollected', () => {
    const { rt, gc } = fresh();
    const nodes: bigint[] = [];
    for (let i = 0; i < 50; i++) {
      const n = objectArray(rt, 2);
      setElem(n, 1, rt.objects.allocString(`node ${i}`));
      if (nodes.length) setElem(nodes[nodes.length - 1]!, 0, n);
      nodes.push(n);
      machine.setReg(Reg.RBX, nodes[0]!); // the head, the only root
    }
    gc.collect();
    expect(nodes.every((n) => alive(gc, n))).toBe(true);
    expect(rt.objects.readString(getElem(nodes[49]!, 1))).toBe('node 49');
    setElem(nodes[24]!, 0, 0n);
    gc.collect();
    expect(nodes.map((n) => alive(gc, n))).toEqual(nodes.map((_, i) => i <= 24));
  });

  test('ClassField_Traced_ArrayListItems', () => {
    const { rt, gc } = fresh();
    const listType = load(rt, 'System.Collections.ArrayList');
    const list = rt.objects.allocObject(listType);
    const items = objectArray(rt, 3);
    const itemsField = listType.instanceFields.find((f) => f.name === '_items')!;
    machine.memory.setU64(list + BigInt(itemsField.offset), items);
    setElem(items, 2, rt.objects.allocString('held by the list'));
    machine.setReg(Reg.RSI, list);
    gc.collect();
    expect(alive(gc, items)).toBe(true);
    expect(rt.objects.readString(getElem(items, 2))).toBe('held by the list');
  });

  test('StructElements_ReferencesInsideTraced_DictionaryEntryArray', () => {
    const { rt, gc } = fresh();
    const entries = arrayType(rt, 'System.Collections.DictionaryEntry');
    const entry = load(rt, 'System.Collections.DictionaryEntry');
    const arr = rt.objects.allocArray(entries, 4);
    const keyOff = entry.instanceFields.find((f) => f.name === '_key')!.offset;
    const valueOff = entry.instanceFields.find((f) => f.name === '_value')!.offset;
    const key = rt.objects.allocString('key 3');
    const value = rt.objects.allocString('value 3');
    const elem3 = arr + 32n + 3n * BigInt(entry.instanceSize);
    machine.memory.setU64(elem3 + BigInt(keyOff), key);
    machine.memory.setU64(elem3 + BigInt(valueOff), value);
    machine.setReg(Reg.RDI, arr);
    gc.collect();
    expect([alive(gc, key), alive(gc, value)]).toEqual([true, true]);
  });

  test('ArrayOfArrays_AllSurvive_LargeArrayToo', () => {
    const { rt, gc } = fresh();
    const jagged = rt.objects.allocArray(rt.types.ensureLoaded(rt.types.arrayOf(arrayType(rt, 'System.Int32'))), 10);
    machine.setReg(Reg.R15, jagged);
    const rows: bigint[] = [];
    for (let i = 0; i < 10; i++) {
      const row = rt.objects.allocArray(arrayType(rt, 'System.Int32'), i === 9 ? 100_000 : 10 + i);
      machine.memory.setU32(row + 32n, 1000 + i);
      setElem(jagged, i, row);
      rows.push(row);
    }
    gc.collect();
    expect(rows.every((r) => alive(gc, r))).toBe(true);
    expect(rows.map((r) => machine.memory.u32(r + 32n))).toEqual(rows.map((_, i) => 1000 + i));
    machine.setReg(Reg.R15, 0n);
    gc.collect();
    expect(rows.some((r) => alive(gc, r))).toBe(false);
  });

  test('StaticField_IsRoot', () => {
    const { rt, gc } = fresh();
    // System.Console has reference-typed statics (stdout, stderr …); none are set until its .cctor runs.
    const consoleType = load(rt, 'System.Console');
    const field = consoleType.staticFields.find((f) => f.address !== 0n && f.type.fullName === 'System.IO.TextWriter')!;
    const holder = rt.objects.allocObject(load(rt, 'System.Object'));
    machine.memory.setU64(field.address, holder);
    gc.collect();
    expect(alive(gc, holder)).toBe(true);
    machine.memory.setU64(field.address, 0n);
    gc.collect();
    expect(alive(gc, holder)).toBe(false);
  });
});

describe('handles and finalization', () => {
  test('WeakHandle_ClearedWhenUnreachable_StrongHandleKeeps', () => {
    const { rt, gc } = fresh();
    const weakTarget = rt.objects.allocString('weak');
    const strongTarget = rt.objects.allocString('strong');
    const weak = gc.handles.alloc(Number(weakTarget), GcHandleType.Weak);
    const strong = gc.handles.alloc(Number(strongTarget), GcHandleType.Normal);
    const weakToStrong = gc.handles.alloc(Number(strongTarget), GcHandleType.Weak);
    gc.collect();
    expect([gc.handles.target(weak), gc.handles.target(strong), gc.handles.target(weakToStrong)]).toEqual([0, Number(strongTarget), Number(strongTarget)]);
    gc.handles.free(strong);
    gc.collect();
    expect(gc.handles.target(weakToStrong)).toBe(0);
    expect(() => gc.handles.target(strong)).toThrow(GcHandleError);
  });

  test('PinnedHandle_KeepsTarget', () => {
    const { rt, gc } = fresh();
    const arr = rt.objects.allocArray(arrayType(rt, 'System.Byte'), 64);
    const h = gc.handles.alloc(Number(arr), GcHandleType.Pinned);
    gc.collect();
    expect(alive(gc, arr)).toBe(true);
    expect(gc.handles.typeOf(h)).toBe(GcHandleType.Pinned);
  });

  test('Finalizable_Unreachable_QueuedAndKeptAlive_ShortWeakClearedLongWeakKept', () => {
    const { rt, gc } = fresh();
    // System.WeakReference overrides Finalize in Mono's mscorlib.
    const wrType = load(rt, 'System.WeakReference');
    const obj = rt.objects.allocObject(wrType);
    const short = gc.handles.alloc(Number(obj), GcHandleType.Weak);
    const long = gc.handles.alloc(Number(obj), GcHandleType.WeakTrackResurrection);
    gc.collect();
    expect(gc.pendingFinalizers).toBe(1);
    expect(alive(gc, obj)).toBe(true);
    expect([gc.handles.target(short), gc.handles.target(long)]).toEqual([0, Number(obj)]);
  });

  test('Ephemerons_ValueLivesWhileKeyLives_ChainsToFixpoint_DeadKeyTombstoned', () => {
    const { rt, gc } = fresh();
    const tombstone = rt.objects.allocObject(load(rt, 'System.Object'));
    gc.ephemeronTombstone = () => tombstone;
    const h = gc.handles.alloc(Number(tombstone), GcHandleType.Normal);
    const table = rt.objects.allocArray(arrayType(rt, 'System.Runtime.CompilerServices.Ephemeron'), 3);
    gc.registerEphemeronArray(table);
    const k1 = rt.objects.allocString('key 1');
    const k2 = objectArray(rt, 1); // value of entry 0 and key of entry 1
    const v2 = rt.objects.allocString('value of key 2');
    const deadKey = rt.objects.allocString('dead key');
    const deadValue = rt.objects.allocString('value of the dead key');
    const entry = (i: number, key: bigint, value: bigint): void => {
      machine.memory.setU64(table + 32n + 16n * BigInt(i), key);
      machine.memory.setU64(table + 40n + 16n * BigInt(i), value);
    };
    entry(0, k1, k2);
    entry(1, k2, v2);
    entry(2, deadKey, deadValue);
    machine.setReg(Reg.RBX, table);
    machine.setReg(Reg.RSI, k1);
    gc.collect();
    expect([alive(gc, k2), alive(gc, v2), alive(gc, deadKey), alive(gc, deadValue)]).toEqual([true, true, false, false]);
    expect([machine.memory.u64(table + 32n + 32n), machine.memory.u64(table + 40n + 32n)]).toEqual([tombstone, 0n]);
    machine.setReg(Reg.RSI, 0n); // key 1 dies: the whole chain goes
    gc.collect();
    expect([alive(gc, k1), alive(gc, k2), alive(gc, v2)]).toEqual([false, false, false]);
    gc.handles.free(h);
  });

  test('ReRegisterForFinalize_QueuedAgain_NonObject_Invalid_HeapCorruption', () => {
    const { rt, gc } = fresh();
    const obj = rt.objects.allocObject(load(rt, 'System.WeakReference'));
    gc.suppressFinalize(obj);
    gc.reRegisterForFinalize(obj);
    gc.collect();
    expect(gc.pendingFinalizers).toBe(1);
    expect(() => gc.reRegisterForFinalize(obj + 8n)).toThrow(HeapCorruptionError);
  });

  test('SuppressFinalize_NotQueued_Collected', () => {
    const { rt, gc } = fresh();
    const obj = rt.objects.allocObject(load(rt, 'System.WeakReference'));
    gc.suppressFinalize(obj);
    gc.collect();
    expect(gc.pendingFinalizers).toBe(0);
    expect(alive(gc, obj)).toBe(false);
  });
});

describe('heap behaviour', () => {
  test('Churn_200MB_LiveSetBounded_PeakCommittedStaysSmall', () => {
    const { rt, gc } = fresh({ verify: false, minBudgetBytes: 4 * 1024 * 1024 });
    const bytes = arrayType(rt, 'System.Byte');
    const live = objectArray(rt, 256); // ~256 × 8 KiB = 2 MiB live at any time
    machine.setReg(Reg.RBX, live);
    let total = 0;
    for (let i = 0; total < 200 * 1024 * 1024; i++) {
      const size = 1000 + ((i * 7919) % 15000);
      const a = rt.objects.allocArray(bytes, size);
      machine.memory.setU32(a + 32n, i);
      if (i % 4 === 0) setElem(live, (i / 4) % 256, a);
      total += size;
    }
    expect(gc.stats.collections).toBeGreaterThan(10);
    expect(gc.heap.peakCommittedBytes).toBeLessThan(24 * 1024 * 1024);
    gc.verifyHeap();
    for (let k = 0; k < 256; k++) {
      const a = getElem(live, k);
      expect(alive(gc, a)).toBe(true);
    }
  });

  test('AllGarbage_DecommitsDownToBudget', () => {
    const { rt, gc } = fresh({ verify: false, minBudgetBytes: 2 * 1024 * 1024 });
    const holder = objectArray(rt, 40);
    machine.setReg(Reg.RBX, holder);
    for (let i = 0; i < 40; i++) setElem(holder, i, rt.objects.allocArray(arrayType(rt, 'System.Int64'), 100_000));
    gc.collect();
    const before = gc.heap.committedBytes;
    machine.setReg(Reg.RBX, 0n);
    gc.collect();
    expect(before).toBeGreaterThan(30 * 1024 * 1024);
    expect(gc.heap.committedBytes).toBeLessThanOrEqual(4 * 1024 * 1024);
  });

  test('Verification_BadReferenceInArray_HeapCorruption', () => {
    const { rt, gc } = fresh();
    const arr = objectArray(rt, 2);
    machine.setReg(Reg.RBX, arr);
    setElem(arr, 1, BigInt(gc.heap.start) + 0x123458n);
    expect(() => gc.collect()).toThrow(HeapCorruptionError);
  });

  test('FreedCell_ReusedZeroed', () => {
    const { rt, gc } = fresh();
    const a = objectArray(rt, 3);
    setElem(a, 0, a);
    gc.collect();
    const b = objectArray(rt, 3);
    expect(b).toBe(a);
    expect(getElem(b, 0)).toBe(0n);
  });
});

test('GeneralArray_SizeIncludesBounds_AfterData', () => {
  const { rt, gc } = fresh();
  // int[2,3]: 6 elements of 4 bytes from +32, bounds (8 bytes a dimension) at +56 (contract §1.3).
  const md = rt.types.ensureLoaded(rt.types.generalArrayOf(rt.types.corlibType('System.Int32'), 2));
  const info = gc.infoOf(Number(md.methodTable));
  expect(info).toBeDefined();
  expect(info!.sizeOf(() => 6)).toBe(72);
  // The vector int[] of 6 elements has no bounds.
  const vector = gc.infoOf(Number(arrayType(rt, 'System.Int32').methodTable));
  expect(vector!.sizeOf(() => 6)).toBe(56);
});

describe('pinning: which roots a moving collector could update (roots.ts)', () => {
  test('RootsClassified_StackRegisterHostAndPinnedHandlePin_SlotNormalHandleAndFieldDoNot', () => {
    const { rt, gc } = fresh();
    const inRegister = rt.objects.allocString('register');
    machine.setReg(Reg.RBX, inRegister);
    const onStack = rt.objects.allocString('stack');
    machine.memory.setU64(stackHigh - 0x80n, onStack);
    const pinnedHandle = rt.objects.allocString('pinned handle');
    gc.handles.alloc(Number(pinnedHandle), GcHandleType.Pinned);
    const normalHandle = rt.objects.allocString('normal handle');
    gc.handles.alloc(Number(normalHandle), GcHandleType.Normal);
    const slotted = rt.objects.allocString('root slot');
    const slot = rt.heaps.loader.alloc(8, 8);
    machine.memory.setU64(slot, slotted);
    gc.addRootSlot(slot);
    const holder = objectArray(rt, 1);
    const field = rt.objects.allocString('array element');
    setElem(holder, 0, field);
    machine.memory.setU64(stackHigh - 0x88n, holder);
    const host = rt.objects.allocString('host temporary');
    gc.protect([host], () => gc.collect());

    const pinned = (o: bigint): boolean => gc.wasPinned(o);
    expect([inRegister, onStack, pinnedHandle, host, holder].map(pinned)).toEqual([true, true, true, true, true]);
    expect([normalHandle, slotted, field].map(pinned)).toEqual([false, false, false]);
    for (const o of [normalHandle, slotted, field]) expect(alive(gc, o)).toBe(true);
    expect(gc.lastMarking.pinned).toBeLessThan(gc.lastMarking.live);
    expect(gc.formatStats()).toMatch(/GC: last collection marked \d+ object\(s\), \d+ pinned by conservative or host-held roots/);
  });
});
