/**
 * How the command line reports a failure: one line naming what went wrong, exit status 2 for a
 * usage or input problem. Typed errors from the layers below carry their own messages (offsets,
 * field names); anything else is a bug in clremu and says so.
 */
export class CliUsageError extends Error {
  override name = 'CliUsageError';
}

/** Exit status of a process whose output pipe closed: 128 + SIGPIPE, what a shell shows. */
const PIPE_CLOSED_STATUS = 141;

export function reportCliError(err: unknown): number {
  if (err instanceof Error && err.name === 'HostPipeClosedError') return PIPE_CLOSED_STATUS;
  const debug = process.env.CLREMU_DEBUG === '1';
  if (err instanceof Error) {
    const known = err.name !== 'Error' && err.name !== 'TypeError' && err.name !== 'RangeError';
    const label = known ? `${err.name}: ${err.message}` : `internal error: ${err.message}`;
    process.stderr.write(`clremu: ${label}\n`);
    if (debug) process.stderr.write(`${err.stack ?? ''}\n`);
    if (!known && !debug) process.stderr.write('(this is a bug in clremu; CLREMU_DEBUG=1 shows more)\n');
  } else {
    process.stderr.write(`clremu: ${String(err)}\n`);
  }
  return 2;
}
