/**
 * Tokens and handles (ECMA-335 §II.22, §III.1.9): a token is `table << 24 | row`; row 0 is the nil
 * handle of its table. Handles are plain numbers at run time but branded in the type system so a
 * row number cannot be passed where a token is expected. Downcasts are checked.
 */
import { BadImageFormatError } from './errors';
import { TableId, tableName } from './schema';

/** A metadata token: table in the high byte, 1-based row in the low 24 bits (0 = nil). */
export type Token = number & { readonly __brand: 'Token' };

/** Token type byte of a #US string (`ldstr`). */
export const USER_STRING_TOKEN_TYPE = 0x70;

export function makeToken(table: TableId | number, row: number): Token {
  return (((table & 0xff) << 24) | (row & 0xffffff)) >>> 0 as Token;
}

export function asToken(value: number): Token {
  return (value >>> 0) as Token;
}

export function tokenTable(t: Token | number): TableId {
  return (t >>> 24) as TableId;
}

export function tokenRow(t: Token | number): number {
  return t & 0xffffff;
}

export function isNil(t: Token | number): boolean {
  return (t & 0xffffff) === 0;
}

/** Checked downcast: the row of `t` if it names table `table`, else a BadImageFormatError. */
export function rowOf(t: Token | number, table: TableId, context: string): number {
  if (tokenTable(t) !== table) {
    throw new BadImageFormatError(`${context}: expected a ${tableName(table)} token, got 0x${(t >>> 0).toString(16).padStart(8, '0')}`);
  }
  return tokenRow(t);
}

export function formatToken(t: Token | number): string {
  return `0x${(t >>> 0).toString(16).padStart(8, '0')}`;
}
