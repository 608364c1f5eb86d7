/** The OS structures of a process, declared as offset layouts with views over guest memory. */
export * from './view';
export * from './teb';
export * from './peb';
export * from './ldr';
export * from './params';
