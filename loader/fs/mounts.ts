/**
 * Mounts: the only way host files become visible to the guest. `--mount host:guest[:ro]` makes
 * the host directory `host` appear at the guest path `guest` (e.g. `./data:C:\data`), read-write
 * unless `:ro` follows. Nothing else of the host is visible; the guest's drive C: is otherwise a
 * tree of empty virtual directories (its root, the ancestors of each mount point, the
 * application directory).
 *
 * Invariants: host roots are absolute and real (symlinks resolved when the mount is made, so the
 * escape check compares real paths); guest points are canonical; no two mounts share a guest point.
 */
import * as fs from 'fs';
import * as path from 'path';
import { absoluteGuestPath, formatGuestPath, isPrefixOf, type GuestPath } from './guest-path';

export interface Mount {
  /** Real absolute host directory. */
  readonly hostRoot: string;
  /** Canonical guest directory where it appears. */
  readonly guest: GuestPath;
  readonly readOnly: boolean;
}

/** A mount request as the user wrote it (before it is checked against the host). */
export interface MountSpec {
  readonly host: string;
  readonly guest: string;
  readonly readOnly: boolean;
}

/** `host:guest[:ro|:rw]`, where guest starts with a drive letter (`./data:C:\data:ro`). */
export function parseMountSpec(spec: string): MountSpec {
  let rest = spec;
  let readOnly = false;
  const mode = /:(ro|rw)$/i.exec(rest);
  if (mode) {
    readOnly = mode[1]!.toLowerCase() === 'ro';
    rest = rest.slice(0, -3);
  }
  const m = /^(.+?):([A-Za-z]:(?:[\\/].*)?)$/.exec(rest);
  if (!m) throw new MountError(spec, 'expected host:guest with a guest path such as C:\\data (and an optional :ro)');
  return { host: m[1]!, guest: m[2]!, readOnly };
}

/** Checks each spec against the host (an existing directory) and the guest (an absolute path, not shared). */
export function createMounts(specs: readonly MountSpec[], hostCwd: string = process.cwd()): Mount[] {
  const mounts: Mount[] = [];
  for (const spec of specs) {
    const label = `${spec.host}:${spec.guest}`;
    let hostRoot: string;
    try {
      hostRoot = fs.realpathSync(path.resolve(hostCwd, spec.host));
    } catch {
      throw new MountError(label, `the host directory ${spec.host} does not exist`);
    }
    if (!fs.statSync(hostRoot).isDirectory()) throw new MountError(label, `${spec.host} is not a directory`);
    let guest: GuestPath;
    try {
      guest = absoluteGuestPath(spec.guest);
    } catch {
      throw new MountError(label, `${spec.guest} is not an absolute guest path`);
    }
    if (!/^[A-Za-z]:[\\/]?/.test(spec.guest)) throw new MountError(label, `${spec.guest} must start with a drive, e.g. C:\\data`);
    const clash = mounts.find((m) => isPrefixOf(m.guest, guest) && isPrefixOf(guest, m.guest));
    if (clash) throw new MountError(label, `${formatGuestPath(guest)} is already mounted`);
    mounts.push({ hostRoot, guest, readOnly: spec.readOnly });
  }
  return mounts;
}

/** A `--mount` option that cannot be honoured; the message says why. */
export class MountError extends Error {
  override name = 'MountError';
  constructor(
    readonly spec: string,
    readonly reason: string,
  ) {
    super(`--mount ${spec}: ${reason}`);
  }
}
