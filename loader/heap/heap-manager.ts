/**
 * The process's set of heaps (`HeapManager` of loader/os.ts): the process heap made at start-up,
 * heaps from HeapCreate, found again by handle for HeapAlloc/HeapFree/HeapDestroy. The C
 * runtime's malloc heap is one more heap created here by msvcrt.
 *
 * Invariant: the process heap is never destroyed (HeapDestroy on it fails, as on Windows).
 */
import type { GuestHeap, HeapManager } from '../os';
import { BlockHeap, type HeapMemory } from './guest-heap';

export class HeapSet implements HeapManager {
  readonly processHeap: BlockHeap;
  private readonly heaps = new Map<bigint, BlockHeap>();

  constructor(private readonly memory: HeapMemory) {
    this.processHeap = new BlockHeap(memory);
    this.heaps.set(this.processHeap.handle, this.processHeap);
  }

  /** HeapCreate; `executable` for HEAP_CREATE_ENABLE_EXECUTE. */
  create(initialSize: number, maximumSize: number, executable = false): BlockHeap {
    const heap = new BlockHeap(this.memory, initialSize, maximumSize, executable);
    this.heaps.set(heap.handle, heap);
    return heap;
  }

  byHandle(handle: bigint): BlockHeap | undefined {
    return this.heaps.get(handle);
  }

  destroy(handle: bigint): boolean {
    const heap = this.heaps.get(handle);
    if (!heap || heap === this.processHeap) return false;
    heap.destroy();
    this.heaps.delete(handle);
    return true;
  }

  /** The heap that handed out `addr` as a live block, if any (LocalFree/GlobalFree, diagnostics). */
  owner(addr: bigint): GuestHeap | undefined {
    for (const heap of this.heaps.values()) if (heap.diagnose(addr) === 'live') return heap;
    return undefined;
  }
}
