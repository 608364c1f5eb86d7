/** Heaps in guest memory: the block allocator and the process's set of heaps. */
export { BlockHeap, HeapMisuseError, HEADER_SIZE, BLOCK_ALIGN, MAX_ALLOCATION, type BlockState, type HeapMemory } from './guest-heap';
export { HeapSet } from './heap-manager';
