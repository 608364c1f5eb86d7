/**
 * Recording and replaying a `JitHost`, so the JIT can be tested (and a miscompilation
 * reproduced) without the runtime: `RecordingJitHost` wraps a live host and logs every question
 * with its answer; `ReplayJitHost` answers the same questions from the log. The log is plain
 * JSON (bigints as `{"$bigint": "0x…"}`), small enough to attach to a bug report.
 *
 * Replay is exact-match: a question that was not recorded is a `JitHostReplayError` naming it,
 * never a made-up answer.
 */
import { IrArrayType, IrCallee, IrInstanceField, IrNewObject, IrStaticField, IrTypeRef } from './ir/ir';
import { ConstrainedCall, JIT_HELPER_NAMES, JitHelper, JitHost } from './host';
import { StructLayout } from './ir/types';

/** The questions a JitHost answers. */
export type JitHostQuestion =
  | 'resolveCall' | 'resolveDirectCall' | 'resolveString' | 'resolveStaticField' | 'resolveArrayType' | 'resolveInstanceField' | 'resolveNewObject' | 'resolveType' | 'resolveToken' | 'resolveConstrainedCall' | 'resolveSignature' | 'helper';

/** One recorded question and answer. */
export interface JitHostRecord {
  readonly question: JitHostQuestion;
  /** The token, or the helper number (for `resolveConstrainedCall`: the method token; see `arg2`). */
  readonly arg: number;
  /** `resolveConstrainedCall`'s type token. */
  readonly arg2?: number;
  readonly answer: unknown;
}

/** A replayed host was asked something the recording does not contain. */
export class JitHostReplayError extends Error {
  override name = 'JitHostReplayError';
  constructor(readonly question: JitHostQuestion, readonly arg: number) {
    super(`the recorded JIT host has no answer to ${question}(${question === 'helper' ? JIT_HELPER_NAMES[arg] ?? arg : `0x${arg.toString(16)}`})`);
  }
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? { $bigint: `0x${value.toString(16)}` } : value;
}

function reviver(_key: string, value: unknown): unknown {
  if (value && typeof value === 'object' && '$bigint' in value && typeof (value as { $bigint: unknown }).$bigint === 'string') {
    return BigInt((value as { $bigint: string }).$bigint);
  }
  return value;
}

/** Serialises a log to JSON text. */
export function serializeJitHostLog(log: readonly JitHostRecord[]): string {
  return JSON.stringify(log, replacer, 1);
}

/** Parses a log written by `serializeJitHostLog`. */
export function parseJitHostLog(text: string): JitHostRecord[] {
  return JSON.parse(text, reviver) as JitHostRecord[];
}

/** Wraps a live host and records every answer it gives. */
export class RecordingJitHost implements JitHost {
  readonly log: JitHostRecord[] = [];
  constructor(private readonly inner: JitHost) {
    const { resolveToken, resolveSignature, resolveConstrainedCall, resolveDirectCall } = inner;
    if (resolveDirectCall) this.resolveDirectCall = (t) => this.record('resolveDirectCall', t, resolveDirectCall.call(inner, t));
    if (resolveToken) this.resolveToken = (t) => this.record('resolveToken', t, resolveToken.call(inner, t));
    if (resolveSignature) this.resolveSignature = (t) => this.record('resolveSignature', t, resolveSignature.call(inner, t));
    if (resolveConstrainedCall) {
      this.resolveConstrainedCall = (type, method) => this.record('resolveConstrainedCall', method, resolveConstrainedCall.call(inner, type, method), type);
    }
  }

  private record<T>(question: JitHostQuestion, arg: number, answer: T, arg2?: number): T {
    this.log.push(arg2 === undefined ? { question, arg, answer } : { question, arg, arg2, answer });
    return answer;
  }

  // The optional questions exist on the recorder only when the live host answers them.
  readonly resolveToken?: (token: number) => { handle: bigint; type: StructLayout };
  readonly resolveSignature?: (token: number) => IrCallee;
  readonly resolveConstrainedCall?: (typeToken: number, methodToken: number) => ConstrainedCall;
  readonly resolveDirectCall?: (token: number) => IrCallee;

  resolveCall(token: number): IrCallee {
    return this.record('resolveCall', token, this.inner.resolveCall(token));
  }
  resolveString(token: number): { text: string; handle: bigint } {
    return this.record('resolveString', token, this.inner.resolveString(token));
  }
  resolveStaticField(token: number): IrStaticField {
    return this.record('resolveStaticField', token, this.inner.resolveStaticField(token));
  }
  resolveArrayType(token: number): IrArrayType {
    return this.record('resolveArrayType', token, this.inner.resolveArrayType(token));
  }
  resolveInstanceField(token: number): IrInstanceField {
    return this.record('resolveInstanceField', token, this.inner.resolveInstanceField(token));
  }
  resolveNewObject(token: number): IrNewObject {
    return this.record('resolveNewObject', token, this.inner.resolveNewObject(token));
  }
  resolveType(token: number): IrTypeRef {
    return this.record('resolveType', token, this.inner.resolveType(token));
  }

  helper(h: JitHelper): bigint {
    return this.record('helper', h, this.inner.helper(h));
  }

  toJSON(): string {
    return serializeJitHostLog(this.log);
  }
}

/** Answers from a recording. */
export class ReplayJitHost implements JitHost {
  private readonly answers = new Map<string, unknown>();

  constructor(log: readonly JitHostRecord[] | string) {
    const records = typeof log === 'string' ? parseJitHostLog(log) : log;
    for (const r of records) this.answers.set(`${r.question}:${r.arg}${r.arg2 === undefined ? '' : `:${r.arg2}`}`, r.answer);
    // Direct calls were asked separately only of a live host that answers them (see RecordingJitHost).
    if (records.some((r) => r.question === 'resolveDirectCall')) this.resolveDirectCall = (t) => this.answer('resolveDirectCall', t);
  }

  readonly resolveDirectCall?: (token: number) => IrCallee;

  resolveConstrainedCall(typeToken: number, methodToken: number): ConstrainedCall {
    return this.answer('resolveConstrainedCall', methodToken, typeToken);
  }

  private answer<T>(question: JitHostQuestion, arg: number, arg2?: number): T {
    const key = `${question}:${arg}${arg2 === undefined ? '' : `:${arg2}`}`;
    if (!this.answers.has(key)) throw new JitHostReplayError(question, arg);
    return this.answers.get(key) as T;
  }

  resolveCall(token: number): IrCallee {
    return this.answer('resolveCall', token);
  }
  resolveString(token: number): { text: string; handle: bigint } {
    return this.answer('resolveString', token);
  }
  resolveStaticField(token: number): IrStaticField {
    return this.answer('resolveStaticField', token);
  }
  resolveArrayType(token: number): IrArrayType {
    return this.answer('resolveArrayType', token);
  }
  resolveInstanceField(token: number): IrInstanceField {
    return this.answer('resolveInstanceField', token);
  }
  resolveNewObject(token: number): IrNewObject {
    return this.answer('resolveNewObject', token);
  }
  resolveType(token: number): IrTypeRef {
    return this.answer('resolveType', token);
  }
  resolveToken(token: number): { handle: bigint; type: StructLayout } {
    return this.answer('resolveToken', token);
  }
  resolveSignature(token: number): IrCallee {
    return this.answer('resolveSignature', token);
  }
  helper(h: JitHelper): bigint {
    return this.answer('helper', h);
  }
}
