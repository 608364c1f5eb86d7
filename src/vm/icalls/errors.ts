/**
 * Typed errors of the internal-call layer. Each names the icall by its Mono full name
 * (`System.Math::Sqrt(double)`) so a user can find it in the README table or in Mono's
 * icall-def.h. They are host errors: raised while binding or inside an icall gate, before the
 * runtime has managed exception dispatch (then they become managed exceptions).
 */
import { VmError } from '../errors';

/** An icall's TypeScript declaration disagrees with the method's metadata signature. */
export class IcallSignatureMismatchError extends VmError {
  override name = 'IcallSignatureMismatchError';
  constructor(readonly icall: string, readonly declared: string, readonly actual: string) {
    super(`icall ${icall}: declared as (${declared}) but the method's signature decodes as (${actual})`);
  }
}

/** An icall that needs the emulated process (handles, clock, environment) ran in a runtime without one. */
export class IcallProcessRequiredError extends VmError {
  override name = 'IcallProcessRequiredError';
  constructor(readonly icall: string, readonly needs: string) {
    super(`icall ${icall} needs the emulated process (${needs}), but this runtime was created without one (RuntimeOptions.os)`);
  }
}

/** An argument an icall cannot accept (a handle that is not an array, a field without RVA data …). */
export class IcallArgumentError extends VmError {
  override name = 'IcallArgumentError';
  constructor(readonly icall: string, readonly parameter: string, reason: string) {
    super(`icall ${icall}, parameter ${parameter}: ${reason}`);
  }
}

/** A runtime subsystem an icall must call into does not exist yet (e.g. finalization state before the GC). */
export class IcallDependencyMissingError extends VmError {
  override name = 'IcallDependencyMissingError';
  constructor(readonly icall: string, readonly dependency: string) {
    super(`icall ${icall} needs ${dependency}, which this runtime does not provide yet`);
  }
}
