/**
 * The scanf engine of the emulated msvcrt.dll: format + character source → stores through a sink.
 *
 * Pure: characters come from a `ScanInput` (a string, or a stream with one character of
 * lookahead, as C's scanf has), destinations from a `VarArgs` reader, and every store goes through
 * the `ScanSink`, so the engine never touches guest memory itself. Narrow and wide families share
 * it (format and input as code units).
 *
 * Semantics (C89 §7.9.6.2 with msvcrt's choices): whitespace in the format matches any run of
 * input whitespace; conversions d i u o x X p c s [set] e E f g G a n %; `*` suppresses the store;
 * lengths hh h l ll I64 I32 I L; `%f` stores a float, `%lf`/`%Lf` a double; in the narrow family
 * `%lc`/`%ls`/`%C`/`%S` store wide characters. Integer overflow wraps (msvcrt does not saturate).
 * The result is the number of assignments, or EOF when input ended before the first conversion.
 */
import type { VarArgs } from '../dlls/api';

export interface ScanInput {
  /** The next code unit without consuming it, or -1 at end of input. */
  peek(): number;
  /** Consumes and returns the next code unit, or -1 at end of input. */
  next(): number;
}

export interface ScanSink {
  storeInt(addr: bigint, value: bigint, size: 1 | 2 | 4 | 8): void;
  storeFloat(addr: bigint, value: number, size: 4 | 8): void;
  /** Stores characters; `nul` adds a terminator; `wide` stores 16-bit units. */
  storeChars(addr: bigint, units: readonly number[], nul: boolean, wide: boolean): void;
}

export const SCAN_EOF = -1;

/** Reads a code-unit array as a ScanInput (sscanf). */
export function arrayInput(units: ArrayLike<number>): ScanInput & { readonly position: number } {
  let i = 0;
  return {
    peek: () => (i < units.length ? units[i]! : -1),
    next: () => (i < units.length ? units[i++]! : -1),
    get position() {
      return i;
    },
  };
}

function isSpace(c: number): boolean {
  return c === 0x20 || (c >= 0x09 && c <= 0x0d);
}

function digitValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41 + 10;
  return 99;
}

export function formatScanf(format: ArrayLike<number>, input: ScanInput, args: VarArgs, sink: ScanSink, opts: { wide: boolean }): number {
  let assigned = 0;
  let conversions = 0;
  let consumed = 0;
  const next = () => {
    const c = input.next();
    if (c >= 0) consumed++;
    return c;
  };
  const skipSpace = () => {
    while (isSpace(input.peek())) next();
  };
  const inputEnded = () => (conversions === 0 && input.peek() < 0 ? SCAN_EOF : assigned);

  let i = 0;
  while (i < format.length) {
    const f = format[i]!;
    if (isSpace(f)) {
      skipSpace();
      i++;
      continue;
    }
    if (f !== 0x25) {
      if (input.peek() < 0) return inputEnded();
      if (input.peek() !== f) return assigned;
      next();
      i++;
      continue;
    }
    i++;
    if (format[i] === 0x25) {
      skipSpace();
      if (input.peek() !== 0x25) return input.peek() < 0 ? inputEnded() : assigned;
      next();
      i++;
      continue;
    }
    let suppress = false;
    if (format[i] === 0x2a) {
      suppress = true;
      i++;
    }
    let width = 0;
    while (i < format.length && format[i]! >= 0x30 && format[i]! <= 0x39) width = Math.min(width * 10 + (format[i++]! - 0x30), 1 << 30);
    let size: 1 | 2 | 4 | 8 = 4;
    let longFlag = false;
    let shortFlag = false;
    const ch = (k: number) => (k < format.length ? String.fromCharCode(format[k]!) : '');
    if (ch(i) === 'h') {
      shortFlag = true;
      if (ch(i + 1) === 'h') {
        size = 1;
        i += 2;
      } else {
        size = 2;
        i++;
      }
    } else if (ch(i) === 'l') {
      if (ch(i + 1) === 'l') {
        size = 8;
        i += 2;
      } else {
        longFlag = true;
        i++;
      }
    } else if (ch(i) === 'I' && ch(i + 1) === '6' && ch(i + 2) === '4') {
      size = 8;
      i += 3;
    } else if (ch(i) === 'I' && ch(i + 1) === '3' && ch(i + 2) === '2') {
      size = 4;
      i += 3;
    } else if (ch(i) === 'I' || ch(i) === 'z' || ch(i) === 'j' || ch(i) === 't') {
      size = 8;
      i++;
    } else if (ch(i) === 'L') {
      longFlag = true;
      size = 8;
      i++;
    } else if (ch(i) === 'w') {
      longFlag = true;
      i++;
    }
    if (i >= format.length) return assigned;
    const conv = ch(i++);
    const dest = () => (suppress ? 0n : args.next());

    switch (conv) {
      case 'n': {
        const addr = dest();
        if (!suppress) sink.storeInt(addr, BigInt(consumed), size);
        continue;
      }
      case 'c':
      case 'C': {
        const count = width || 1;
        if (input.peek() < 0) return inputEnded();
        const units: number[] = [];
        while (units.length < count && input.peek() >= 0) units.push(next());
        const wideDest = conv === 'C' ? !opts.wide && !shortFlag : opts.wide ? !shortFlag : longFlag;
        const addr = dest();
        if (!suppress) {
          sink.storeChars(addr, units, false, wideDest);
          assigned++;
        }
        conversions++;
        continue;
      }
      case 's':
      case 'S':
      case '[': {
        let accept: (c: number) => boolean;
        if (conv === '[') {
          const set = new Set<number>();
          let negate = false;
          if (format[i] === 0x5e) {
            negate = true;
            i++;
          }
          let first = true;
          while (i < format.length && (first || format[i] !== 0x5d)) {
            const a = format[i]!;
            if (format[i + 1] === 0x2d && i + 2 < format.length && format[i + 2] !== 0x5d) {
              const b = format[i + 2]!;
              for (let c = Math.min(a, b); c <= Math.max(a, b); c++) set.add(c);
              i += 3;
            } else {
              set.add(a);
              i++;
            }
            first = false;
          }
          i++; // the closing ]
          accept = (c) => set.has(c) !== negate;
        } else {
          skipSpace();
          accept = (c) => !isSpace(c);
        }
        if (input.peek() < 0) return inputEnded();
        const units: number[] = [];
        const max = width || Infinity;
        while (units.length < max && input.peek() >= 0 && accept(input.peek())) units.push(next());
        if (units.length === 0) return assigned;
        const wideDest = conv === 'S' ? !opts.wide && !shortFlag : opts.wide ? !shortFlag : longFlag;
        const addr = dest();
        if (!suppress) {
          sink.storeChars(addr, units, true, wideDest);
          assigned++;
        }
        conversions++;
        continue;
      }
      case 'd':
      case 'i':
      case 'u':
      case 'o':
      case 'x':
      case 'X':
      case 'p': {
        skipSpace();
        if (input.peek() < 0) return inputEnded();
        const max = width || Infinity;
        let taken = 0;
        let negative = false;
        if (input.peek() === 0x2d || input.peek() === 0x2b) {
          negative = next() === 0x2d;
          taken++;
        }
        let base = conv === 'o' ? 8 : conv === 'x' || conv === 'X' || conv === 'p' ? 16 : conv === 'i' ? 0 : 10;
        let digits = 0;
        let value = 0n;
        if ((base === 0 || base === 16) && input.peek() === 0x30 && taken < max) {
          next();
          taken++;
          digits++;
          if ((input.peek() | 0x20) === 0x78 && taken < max) {
            next();
            taken++;
            base = 16;
            digits = 0;
          } else if (base === 0) base = 8;
        }
        if (base === 0) base = 10;
        while (taken < max && digitValue(input.peek()) < base) {
          value = value * BigInt(base) + BigInt(digitValue(next()));
          taken++;
          digits++;
        }
        if (digits === 0) return assigned;
        if (negative) value = -value;
        const addr = dest();
        if (!suppress) {
          sink.storeInt(addr, value, conv === 'p' ? 8 : size);
          assigned++;
        }
        conversions++;
        continue;
      }
      case 'e':
      case 'E':
      case 'f':
      case 'F':
      case 'g':
      case 'G':
      case 'a':
      case 'A': {
        skipSpace();
        if (input.peek() < 0) return inputEnded();
        const max = width || Infinity;
        let text = '';
        const take = () => {
          text += String.fromCharCode(next());
        };
        const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
        if ((input.peek() === 0x2d || input.peek() === 0x2b) && text.length < max) take();
        let mantissaDigits = 0;
        while (text.length < max && isDigit(input.peek())) {
          take();
          mantissaDigits++;
        }
        if (text.length < max && input.peek() === 0x2e) {
          take();
          while (text.length < max && isDigit(input.peek())) {
            take();
            mantissaDigits++;
          }
        }
        if (mantissaDigits === 0) return assigned;
        if (text.length < max && (input.peek() | 0x20) === 0x65) {
          const save = text.length;
          take();
          if (text.length < max && (input.peek() === 0x2d || input.peek() === 0x2b)) take();
          let expDigits = 0;
          while (text.length < max && isDigit(input.peek())) {
            take();
            expDigits++;
          }
          // "1e" with no exponent digits: the characters are consumed (one-character pushback), the value is the mantissa.
          if (expDigits === 0) text = text.slice(0, save);
        }
        const value = Number(text === '.' ? 'NaN' : text.endsWith('.') ? text.slice(0, -1) || '0' : text);
        const addr = dest();
        if (!suppress) {
          sink.storeFloat(addr, value, longFlag ? 8 : 4);
          assigned++;
        }
        conversions++;
        continue;
      }
      default:
        // An unknown conversion ends the scan, as msvcrt does.
        return assigned;
    }
  }
  return assigned;
}
