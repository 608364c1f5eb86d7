/**
 * Typed errors of instruction tracing and minidumps. Each names what the user gave or what could not
 * be done (the option, the text, the file), so the command line prints one clear line.
 */

/** A trace setting that cannot be honoured: a malformed range, an unknown format, N ≤ 0 … */
export class TraceOptionError extends Error {
  override name = 'TraceOptionError';
  constructor(
    /** The option as the user spells it, e.g. `--trace-range`. */
    readonly option: string,
    /** The offending value as given. */
    readonly value: string,
    reason: string,
  ) {
    super(`${option} ${JSON.stringify(value)}: ${reason}`);
  }
}

/**
 * A managed method selector (`clremu disasm <image> Ns.Type::Method`) that names no method the
 * runtime can give code for: no such type or method (near matches in the reason), an overloaded
 * name without a parameter list, or a method without IL (P/Invoke, internal call, abstract).
 */
export class UnknownManagedMethodError extends Error {
  override name = 'UnknownManagedMethodError';
  constructor(
    readonly method: string,
    reason: string,
  ) {
    super(`no managed method ${method} is known: ${reason}`);
  }
}

/** A trace, crash report or minidump file could not be written (path, and the system's reason). */
export class TraceFileError extends Error {
  override name = 'TraceFileError';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot write ${path}: ${reason}`);
  }
}
