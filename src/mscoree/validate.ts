/**
 * `_CorValidateImage(PVOID *ImageBase, LPCWSTR FileName)` as a 64-bit process runs it: the check
 * the Windows loader delegates to mscoree for every image with a COM descriptor (data directory
 * 14), before the image's entry point is considered. Behaviour follows Mono's
 * mono/metadata/coree.c (_WIN64 branch) and Wine's convert_to_pe64:
 *
 *  PE32+ image: NumberOfRvaAndSizes must reach the COM descriptor and it must be present; reject
 *    32BITREQUIRED; an IL-only image gets AddressOfEntryPoint = 0 (its native stub is never run).
 *  PE32 image: same directory checks; require ILONLY and not 32BITREQUIRED; require SizeOfHeaders
 *    ≥ e_lfanew + sizeof(IMAGE_NT_HEADERS64) + 40 × NumberOfSections; then convert the headers to
 *    PE32+ in place (pe64-transform.ts).
 * Any failure returns STATUS_INVALID_IMAGE_FORMAT (0xC000007B), raised here as a
 * CorValidateImageError. On success the loader starts the image at mscoree!_CorExeMain (EXE) or
 * calls mscoree!_CorDllMain (DLL); the result says which, so the loader need not re-decide.
 *
 * Works over ImageMemory (read/write by RVA), so the same code runs on guest memory and on a host
 * buffer. Every decision and every changed field is recorded for `--trace-loader`.
 */
import { CorFlags, DataDirectoryIndex, FileCharacteristics, ImageMemory, PeMagic } from '../../loader/pe';
import { ImageAccessFailure, ImageFields, hex32 } from './image-fields';
import { NT_HEADERS64_SIZE, convertHeadersToPe32Plus } from './pe64-transform';
import { CorStatus, CorValidateImageError, FieldChange, ValidationDecision } from './status';

/** What `_CorValidateImage` did to an accepted image. */
export const enum ValidateAction {
  /** PE32+ image left as it was (not IL-only, or entry point already 0). */
  Unchanged = 'unchanged',
  /** PE32+ IL-only image: AddressOfEntryPoint cleared. */
  EntryPointCleared = 'entry-point-cleared',
  /** PE32 IL-only image: headers rewritten as PE32+. */
  ConvertedToPe32Plus = 'converted-to-pe32plus',
}

export interface ValidateImageResult {
  status: CorStatus.Success;
  action: ValidateAction;
  /** The mscoree export the loader must use as the image's entry. */
  entry: '_CorExeMain' | '_CorDllMain';
  /** COMIMAGE_FLAGS read from the CLI header. */
  corFlags: number;
  decisions: ValidationDecision[];
  changes: FieldChange[];
}

const IMAGE_DOS_SIGNATURE = 0x5a4d;
const IMAGE_NT_SIGNATURE = 0x00004550;
const SECTION_HEADER_SIZE = 40;

/**
 * Validates (and for PE32 converts) the image mapped behind `memory`. Throws CorValidateImageError
 * with the status Windows returns when the image cannot run in a 64-bit process.
 */
export function corValidateImage(memory: ImageMemory, fileName?: string): ValidateImageResult {
  const decisions: ValidationDecision[] = [];
  try {
    return validate(new ImageFields(memory), decisions, fileName);
  } catch (err) {
    if (!(err instanceof ImageAccessFailure)) throw err;
    // Windows' loader has checked the headers before mscoree runs, so a field outside the mapped
    // image is a bad image; a header page that cannot be written is Mono's E_UNEXPECTED case.
    const status = err.access === 'read' ? CorStatus.InvalidImageFormat : CorStatus.Unexpected;
    const check = `memory.${err.access}`;
    decisions.push({ check, passed: false, detail: err.message });
    throw new CorValidateImageError(status, check, err.message, decisions, fileName);
  }
}

function validate(f: ImageFields, decisions: ValidationDecision[], fileName?: string): ValidateImageResult {
  // `seen` says what was read; `why` is added only when the check fails.
  const decide = (check: string, passed: boolean, seen: string, why = ''): void => {
    const detail = passed || !why ? seen : `${seen}: ${why}`;
    decisions.push({ check, passed, detail });
    if (!passed) throw new CorValidateImageError(CorStatus.InvalidImageFormat, check, detail, decisions, fileName);
  };

  const magicMz = f.u16(0);
  decide('dos.e_magic', magicMz === IMAGE_DOS_SIGNATURE, `e_magic ${hex32(magicMz)}`);
  const nt = f.u32(0x3c);
  const sig = f.u32(nt);
  decide('nt.signature', sig === IMAGE_NT_SIGNATURE, `signature ${hex32(sig)} at e_lfanew ${hex32(nt)}`);
  const fh = nt + 4;
  const oh = fh + 20;
  const characteristics = f.u16(fh + 18);
  const isDll = (characteristics & FileCharacteristics.Dll) !== 0;
  const entry = isDll ? '_CorDllMain' : '_CorExeMain';
  const magic = f.u16(oh);
  const is64 = magic === PeMagic.Pe32Plus;
  decide('optional.magic', is64 || magic === PeMagic.Pe32, `Magic ${hex32(magic)} (${is64 ? 'PE32+' : magic === PeMagic.Pe32 ? 'PE32' : 'unknown'})`);

  const rvaCountAt = oh + (is64 ? 0x6c : 0x5c);
  const rvaCount = f.u32(rvaCountAt);
  decide('optional.numberOfRvaAndSizes', rvaCount > DataDirectoryIndex.ComDescriptor,
    `NumberOfRvaAndSizes ${rvaCount} ${rvaCount > DataDirectoryIndex.ComDescriptor ? 'includes' : 'does not include'} the COM descriptor`);
  const comDirAt = oh + (is64 ? 0x70 : 0x60) + 8 * DataDirectoryIndex.ComDescriptor;
  const comRva = f.u32(comDirAt);
  decide('directory.comDescriptor', comRva !== 0, `COM descriptor at RVA ${hex32(comRva)}`);
  const corFlags = f.u32(comRva + 16);
  const ilOnly = (corFlags & CorFlags.IlOnly) !== 0;
  const required32 = (corFlags & CorFlags.Required32Bit) !== 0;
  const flagText = `COMIMAGE_FLAGS ${hex32(corFlags)} (ILONLY ${ilOnly ? 'set' : 'clear'}, 32BITREQUIRED ${required32 ? 'set' : 'clear'})`;

  if (is64) {
    decide('cli.flags.32bitRequired', !required32, flagText, 'a PE32+ image that requires 32 bits cannot run in a 64-bit process');
    const changes: FieldChange[] = [];
    let action = ValidateAction.Unchanged;
    const ep = f.u32(oh + 0x10);
    if (ilOnly && ep !== 0) {
      // Imports of an IL-only image are never bound, so its native stub must never run.
      f.writeU32(oh + 0x10, 0);
      changes.push({ field: 'IMAGE_OPTIONAL_HEADER.AddressOfEntryPoint', rva: oh + 0x10, old: hex32(ep), new: '0x0' });
      action = ValidateAction.EntryPointCleared;
    }
    decisions.push({ check: 'pe32plus.ilOnlyEntryPoint', passed: true,
      detail: ilOnly ? `IL-only: AddressOfEntryPoint ${hex32(ep)} → 0x0` : `not IL-only: AddressOfEntryPoint ${hex32(ep)} kept` });
    decisions.push({ check: 'entry', passed: true, detail: `the loader enters the image through mscoree!${entry}` });
    return { status: CorStatus.Success, action, entry, corFlags, decisions, changes };
  }

  decide('cli.flags.ilOnly', ilOnly, flagText, 'a PE32 image must be IL-only to run in a 64-bit process');
  decide('cli.flags.32bitRequired', !required32, flagText, 'the image requires a 32-bit process');
  const sectionCount = f.u16(fh + 2);
  const sizeOfHeaders = f.u32(oh + 0x3c);
  const needed = nt + NT_HEADERS64_SIZE + SECTION_HEADER_SIZE * sectionCount;
  decide('optional.sizeOfHeaders', sizeOfHeaders >= needed,
    `SizeOfHeaders ${hex32(sizeOfHeaders)} ${sizeOfHeaders >= needed ? '≥' : '<'} ${hex32(needed)} needed for 64-bit headers and ${sectionCount} section headers`);
  const changes = convertHeadersToPe32Plus(f, nt);
  decisions.push({ check: 'pe32.convert', passed: true, detail: `headers rewritten as PE32+ (${changes.length} changes)` });
  decisions.push({ check: 'entry', passed: true, detail: `the loader enters the image through mscoree!${entry}` });
  return { status: CorStatus.Success, action: ValidateAction.ConvertedToPe32Plus, entry, corFlags, decisions, changes };
}

/** Renders a result as the lines `--trace-loader` prints. */
export function formatValidateTrace(result: ValidateImageResult | CorValidateImageError): string[] {
  const lines = result.decisions.map((d) => `_CorValidateImage: ${d.passed ? 'ok  ' : 'FAIL'} ${d.check}: ${d.detail}`);
  if (result instanceof CorValidateImageError) {
    lines.push(`_CorValidateImage: ${result.message}`);
  } else {
    for (const c of result.changes) lines.push(`_CorValidateImage: ${c.field} @${hex32(c.rva)}: ${c.old} → ${c.new}`);
  }
  return lines;
}
