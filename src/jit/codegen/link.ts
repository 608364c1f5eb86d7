/**
 * Placing compiled code at its final guest address: applies the encoder's relocations
 * (`RelocKind`) to a copy of the bytes. The VM's code heap does the same when it installs a
 * method; tests use this directly.
 */
import { CodegenError } from '../errors';
import { ExternalSymbol } from '../x64/operands';
import { RelocKind, Relocation } from '../x64/code-buffer';

/**
 * The default symbol resolution: a call-site symbol (`data` is an `IrCallee`) resolves to the
 * callee's `entry`; anything else is an error naming the symbol.
 */
export function resolveCalleeEntry(s: ExternalSymbol): bigint {
  const entry = (s.data as { entry?: unknown } | undefined)?.entry;
  if (typeof entry === 'bigint') return entry;
  throw new CodegenError(`unresolved external symbol ${s.name}`, 'linking');
}

/** Returns the code with every relocation resolved for placement at `base`. */
export function linkCode(
  code: Uint8Array,
  relocations: readonly Relocation[],
  base: bigint,
  resolveSymbol: (s: ExternalSymbol) => bigint = resolveCalleeEntry,
): Uint8Array {
  const out = new Uint8Array(code);
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (const r of relocations) {
    switch (r.kind) {
      case RelocKind.CodeAbs64:
        dv.setBigUint64(r.offset, BigInt.asUintN(64, base + BigInt(r.addend)), true);
        break;
      case RelocKind.Abs64:
        dv.setBigUint64(r.offset, BigInt.asUintN(64, resolveSymbol(r.symbol!) + BigInt(r.addend)), true);
        break;
      case RelocKind.Rel32: {
        const v = resolveSymbol(r.symbol!) + BigInt(r.addend) - (base + BigInt(r.offset));
        if (v < -0x8000_0000n || v > 0x7fff_ffffn) throw new CodegenError(`rel32 to ${r.symbol!.name} out of range`, 'linking');
        dv.setInt32(r.offset, Number(v), true);
        break;
      }
    }
  }
  return out;
}
