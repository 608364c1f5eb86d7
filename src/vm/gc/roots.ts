/**
 * The root registry: every place outside the managed heap that holds a reference to a managed
 * object, with whether a moving collector could rewrite it. It is the audit a mostly-copying
 * (Bartlett-style) compaction needs first: an object reached through a holder that cannot be
 * rewritten must stay where it is (it is *pinned* for that collection); every other live object
 * could move, with its precise holders updated.
 *
 * The collector marks pinned objects as it finds them (collector.ts `pinned`, `--gc-stats`
 * prints how many); nothing moves yet. test/gc/roots-audit.test.ts fails when a file of the
 * runtime registers a root (a root slot, a root provider, a GC handle, a host temporary) without
 * an entry here, so a new host-held reference cannot go unaudited.
 */

/** How a moving collector would treat the objects a holder refers to. */
export const enum RootUpdate {
  /** The collector owns the holder and can write the new address (a slot in guest memory, a handle table entry). */
  Updatable,
  /** The holder cannot be rewritten (a conservative word, a JavaScript value, an immediate in code): its targets are pinned. */
  Pins,
}

export interface RootSource {
  /** What holds the reference. */
  readonly holder: string;
  /** The files (relative to src/vm) that register or keep it. */
  readonly files: readonly string[];
  readonly update: RootUpdate;
  /** Why, and what a moving collector would have to do. */
  readonly note: string;
}

export const ROOT_SOURCES: readonly RootSource[] = [
  {
    holder: 'guest registers at the collection point and around nested guest calls; stack words from RSP to StackBase',
    files: ['gc/collector.ts'],
    update: RootUpdate.Pins,
    note: 'conservative: a word may be an integer, so it is never rewritten; precise stack maps from JIT GC info would make JIT frames updatable',
  },
  {
    holder: 'static fields (per type, reference offsets of its static block)',
    files: ['runtime.ts'],
    update: RootUpdate.Updatable,
    note: 'guest memory in the loader heap, read by JIT code through the static address each time',
  },
  {
    holder: 'string literal slots (ldstr)',
    files: ['objects.ts'],
    update: RootUpdate.Updatable,
    note: 'JIT code loads the string through the slot, so rewriting the slot is enough; the host map keeps the slot address, not the string',
  },
  {
    holder: 'host temporaries (GarbageCollector.protect): exception objects while a dispatch or constructor runs, arrays being filled',
    files: ['exceptions/dispatcher.ts', 'exceptions/exception-object.ts', 'icalls/enum.ts', 'icalls/array.ts', 'icalls/delegate.ts', 'runtime.ts'],
    update: RootUpdate.Pins,
    note: 'JavaScript bigints in host frames: they cannot be found to rewrite',
  },
  {
    holder: 'RuntimeType objects by TypeDesc (and the reverse map by address)',
    files: ['reflection/runtime-types.ts'],
    update: RootUpdate.Pins,
    note: 'host maps; moving them would need the maps re-keyed after each collection (a root provider with an update callback)',
  },
  {
    holder: 'RuntimeMethodInfo/ConstructorInfo/ParameterInfo, RuntimePropertyInfo, RuntimeFieldInfo, RuntimeAssembly objects',
    files: ['reflection/members.ts', 'reflection/properties.ts', 'reflection/assemblies.ts', 'icalls/fields.ts'],
    update: RootUpdate.Pins,
    note: 'host maps (one object per member/assembly, as Mono caches them)',
  },
  {
    holder: 'custom attribute objects and their argument objects while the attribute is built (its constructor and setters run)',
    files: ['reflection/custom-attributes.ts'],
    update: RootUpdate.Pins,
    note: 'a host list of JavaScript bigints, emptied when the attribute is stored in the result array',
  },
  {
    holder: 'AppDomain data slots (AppDomain.SetData)',
    files: ['icalls/appdomain.ts'],
    update: RootUpdate.Pins,
    note: 'a host map by name; rewriting would need the map updated after a move',
  },
  {
    holder: 'the ephemeron tombstone; the AppDomain and AppDomainSetup objects',
    files: ['runtime.ts', 'startup.ts'],
    update: RootUpdate.Pins,
    note: 'fields of IcallRuntime, handed to the class library by icalls',
  },
  {
    holder: "Main's string[] args",
    files: ['runtime.ts'],
    update: RootUpdate.Pins,
    note: 'an immediate in the boot thunk; a Pinned GCHandle says so',
  },
  {
    holder: 'delegates marshalled as function pointers (reverse P/Invoke thunks)',
    files: ['pinvoke/reverse.ts'],
    update: RootUpdate.Pins,
    note: "an immediate in the delegate's thunk; a Pinned GCHandle says so",
  },
  {
    holder: 'exceptions a class constructor threw (TypeInitializationException inner)',
    files: ['exceptions/dispatcher.ts'],
    update: RootUpdate.Updatable,
    note: 'a Normal GCHandle; the host map keeps the handle and reads the target back at each use',
  },
  {
    holder: 'GCHandles from managed code (GCHandle.Alloc, WeakReference) and the runtime',
    files: ['gc/handles.ts', 'gc/icalls.ts'],
    update: RootUpdate.Updatable,
    note: 'the handle table is the collector\'s own; Pinned handles pin (`fixed` pins through a stack word, which is conservative)',
  },
  {
    holder: 'the finalization queue, the finalizable set, registered ephemeron arrays',
    files: ['gc/collector.ts'],
    update: RootUpdate.Updatable,
    note: "the collector's own host arrays and sets, keyed by address: re-keyed when objects move",
  },
];
