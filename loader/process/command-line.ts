/**
 * The command line as Windows keeps it: one string. A host argv is joined with the quoting rules
 * that CommandLineToArgvW and the Microsoft C runtime undo (backslashes double only before a
 * quote; an argument with spaces, tabs or quotes is wrapped in quotes), and `splitCommandLine`
 * applies the C runtime's parsing (msvcrt `parse_cmdline`) so argv here is exactly what the
 * guest's `__getmainargs` will produce.
 */

/** Quotes one argument so that the C runtime reads it back unchanged. */
export function quoteArgument(arg: string): string {
  if (arg.length > 0 && !/[ \t\n\v"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
    } else if (ch === '"') {
      out += '\\'.repeat(backslashes * 2 + 1) + '"';
      backslashes = 0;
    } else {
      out += '\\'.repeat(backslashes) + ch;
      backslashes = 0;
    }
  }
  return out + '\\'.repeat(backslashes * 2) + '"';
}

/** The program name is quoted only when it holds spaces (it never holds quotes on Windows). */
export function buildCommandLine(program: string, args: readonly string[]): string {
  const head = /[ \t]/.test(program) ? `"${program}"` : program;
  return [head, ...args.map(quoteArgument)].join(' ');
}

/**
 * Splits a command line as the Microsoft C runtime does: the program name ends at the first
 * space outside quotes with no escape processing; for the other arguments 2n backslashes before a
 * quote give n backslashes and toggle quoting, 2n+1 give n backslashes and a literal quote, and
 * `""` inside quotes is a literal quote.
 */
export function splitCommandLine(line: string): string[] {
  const argv: string[] = [];
  let i = 0;
  // Program name.
  let prog = '';
  let inQuotes = false;
  while (i < line.length) {
    const c = line[i];
    if (c === '"') {
      inQuotes = !inQuotes;
      i++;
      continue;
    }
    if (!inQuotes && (c === ' ' || c === '\t')) break;
    prog += c;
    i++;
  }
  argv.push(prog);
  for (;;) {
    while (i < line.length && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= line.length) break;
    let arg = '';
    inQuotes = false;
    while (i < line.length) {
      let backslashes = 0;
      while (i < line.length && line[i] === '\\') {
        backslashes++;
        i++;
      }
      if (i < line.length && line[i] === '"') {
        arg += '\\'.repeat(backslashes >> 1);
        if (backslashes % 2 === 1) {
          arg += '"';
          i++;
        } else if (inQuotes && line[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          inQuotes = !inQuotes;
          i++;
        }
        continue;
      }
      arg += '\\'.repeat(backslashes);
      if (i >= line.length) break;
      const c = line[i];
      if (!inQuotes && (c === ' ' || c === '\t')) break;
      arg += c;
      i++;
    }
    argv.push(arg);
  }
  return argv;
}
