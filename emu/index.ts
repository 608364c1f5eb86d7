/**
 * The emulated machine, as the rest of clremu sees it: CPU and run loop (`Machine`), guest memory
 * (`Memory`), host gates (`Gates`), typed faults, registers, CPUID and the disassembler.
 */
export * from './registers';
export * from './memory';
export * from './faults';
export * from './gates';
export * from './machine';
export * from './cpuid';
export * from './disasm';
export { UnicornError, UNICORN_LIBRARY } from './unicorn';
