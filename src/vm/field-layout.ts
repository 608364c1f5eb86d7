/**
 * Instance field layout (ECMA-335 §II.10.1.2 and §II.22.8, §II.22.16), as a pure function so the
 * rules are testable without a runtime:
 *
 *  - sequential: fields in declaration order, each at its natural alignment (capped by the
 *    ClassLayout packing size when one is given), after the parent's fields. This is what Mono's
 *    class library relies on for the runtime-shared classes (shared/mono-bcl-contract.md §1.1);
 *  - explicit: each field at its FieldLayout offset (relative to the start of the fields, i.e.
 *    after the object header for a class);
 *  - auto: ours to choose. References first (so a future GC scans one run), then the other fields
 *    by decreasing alignment, declaration order within a group; no managed code depends on it.
 *
 * The size is the end of the last field rounded up to the largest alignment (value types) or to
 * 8 (classes), and at least ClassLayout's ClassSize when that is larger (§II.22.8).
 */

/** How a type's fields are placed (TypeAttributes.LayoutMask, §II.23.1.15). */
export const enum LayoutKind {
  /** `auto`: the runtime chooses. */
  Auto = 0,
  /** `sequential`: declaration order. */
  Sequential = 1,
  /** `explicit`: offsets from FieldLayout rows. */
  Explicit = 2,
}

export interface LayoutField {
  readonly size: number;
  readonly alignment: number;
  readonly isReference: boolean;
  /** FieldLayout offset (explicit layout only). */
  readonly explicitOffset?: number;
}

export interface LayoutInput {
  readonly kind: LayoutKind;
  readonly fields: readonly LayoutField[];
  /** Where the first field may go: the parent's instance size (classes) or 0 (value types). */
  readonly start: number;
  /** Offset that explicit FieldLayout offsets are relative to (16 for classes, 0 for value types). */
  readonly explicitBase: number;
  /** ClassLayout PackingSize (0 = default). */
  readonly packing: number;
  /** ClassLayout ClassSize (0 = none). */
  readonly classSize: number;
  /** Final rounding for a class instance (8) — value types round to their own alignment. */
  readonly isValueType: boolean;
}

export interface LayoutResult {
  /** Offset of each input field, in input order. */
  readonly offsets: number[];
  /** Instance size (class: including everything before `start`). */
  readonly size: number;
  /** Largest field alignment (value types use it as their own). */
  readonly alignment: number;
}

const alignUp = (n: number, a: number): number => Math.ceil(n / a) * a;

/** Computes field offsets and the instance size. Throws LayoutError on an unusable explicit offset. */
export function layoutFields(input: LayoutInput): LayoutResult {
  const { fields, packing } = input;
  const cap = (a: number): number => (packing > 0 ? Math.min(a, packing) : a);
  const offsets = new Array<number>(fields.length).fill(0);
  let end = input.start;
  let maxAlign = 1;

  if (input.kind === LayoutKind.Explicit) {
    fields.forEach((f, i) => {
      if (f.explicitOffset === undefined) throw new LayoutError(i, 'explicit layout without a FieldLayout offset');
      const at = input.explicitBase + f.explicitOffset;
      if (f.isReference && at % 8 !== 0) throw new LayoutError(i, `object reference at misaligned offset ${f.explicitOffset}`);
      offsets[i] = at;
      end = Math.max(end, at + f.size);
      maxAlign = Math.max(maxAlign, cap(f.alignment));
    });
  } else {
    let order = fields.map((_, i) => i);
    if (input.kind === LayoutKind.Auto) {
      const rank = (f: LayoutField): number => (f.isReference ? 16 : f.alignment);
      order = order.slice().sort((a, b) => rank(fields[b]!) - rank(fields[a]!) || a - b);
    }
    for (const i of order) {
      const f = fields[i]!;
      const a = cap(f.alignment);
      const at = alignUp(end, a);
      offsets[i] = at;
      end = at + f.size;
      maxAlign = Math.max(maxAlign, a);
    }
  }

  let size: number;
  if (input.isValueType) {
    size = Math.max(alignUp(end, maxAlign), input.classSize, 1);
  } else {
    size = alignUp(Math.max(end, input.explicitBase + input.classSize), 8);
  }
  return { offsets, size, alignment: maxAlign };
}

/** A field that cannot be placed; the type loader wraps it into a TypeLoadError with the names. */
export class LayoutError extends Error {
  override name = 'LayoutError';
  constructor(readonly fieldIndex: number, readonly reason: string) {
    super(reason);
  }
}
