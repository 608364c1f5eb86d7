/**
 * Fields the runtime itself reads or fills in class-library objects (RuntimeType._impl,
 * Thread.internal_thread, RuntimeConstructorInfo.mhandle …), found by name in the loaded layout
 * rather than assumed, so a class library with another layout fails with a named error.
 */
import { VmError } from '../errors';
import type { FieldDesc, TypeDesc } from '../type-desc';

/** A field the runtime must fill is missing from the class library's type. */
export class MissingRuntimeFieldError extends VmError {
  override name = 'MissingRuntimeFieldError';
  constructor(readonly typeName: string, readonly field: string) {
    super(`the class library's ${typeName} has no field ${field}, which the runtime fills`);
  }
}

/** The instance or static field `name` of loaded type `t` or of a base class, or a named error. */
export function runtimeField(t: TypeDesc, name: string): FieldDesc {
  for (let c: TypeDesc | null = t; c; c = c.parent) {
    const f = c.instanceFields.find((x) => x.name === name) ?? c.staticFields.find((x) => x.name === name);
    if (f) return f;
  }
  throw new MissingRuntimeFieldError(t.fullName, name);
}

