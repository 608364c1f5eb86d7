/** The kernel handle table and the objects behind handles (console, the NUL device, events, mutexes, semaphores). */
export { ProcessHandleTable, HandleTableFullError, CURRENT_PROCESS_HANDLE, CURRENT_THREAD_HANDLE, INVALID_HANDLE_VALUE, type StdHandle } from './handle-table';
export { ConsoleInput, ConsoleOutput, isConsole, InputMode, OutputMode, type ConsoleObject } from './console';
export { EventObject, MutexObject, SemaphoreObject, isWaitable, type Waitable } from './sync-objects';
export { NullDevice } from './null-device';
