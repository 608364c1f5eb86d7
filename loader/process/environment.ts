/**
 * The guest's environment. It is not the host's: a Windows program sees a small, deterministic
 * Windows-looking set (so runs are reproducible), plus whatever the caller adds (`--env`). The
 * README's environment table lists DEFAULT_ENVIRONMENT; keep the two in step. The UTF-16 block
 * layout is NAME=VALUE\0 … \0, as GetEnvironmentStringsW returns it.
 */

/**
 * The variables every guest process starts with: a Windows 10 machine named CLREMU with one
 * processor and a user `user`, its drive C: as the only drive. Nothing comes from the host.
 */
export const DEFAULT_ENVIRONMENT: readonly (readonly [string, string])[] = [
  ['ALLUSERSPROFILE', 'C:\\ProgramData'],
  ['APPDATA', 'C:\\Users\\user\\AppData\\Roaming'],
  ['COMPUTERNAME', 'CLREMU'],
  ['ComSpec', 'C:\\Windows\\system32\\cmd.exe'],
  ['HOMEDRIVE', 'C:'],
  ['HOMEPATH', '\\Users\\user'],
  ['LOCALAPPDATA', 'C:\\Users\\user\\AppData\\Local'],
  ['NUMBER_OF_PROCESSORS', '1'],
  ['OS', 'Windows_NT'],
  ['Path', 'C:\\Windows\\system32;C:\\Windows'],
  ['PATHEXT', '.COM;.EXE;.BAT;.CMD'],
  ['PROCESSOR_ARCHITECTURE', 'AMD64'],
  ['ProgramData', 'C:\\ProgramData'],
  ['ProgramFiles', 'C:\\Program Files'],
  ['PUBLIC', 'C:\\Users\\Public'],
  ['SystemDrive', 'C:'],
  ['SystemRoot', 'C:\\Windows'],
  ['TEMP', 'C:\\Windows\\Temp'],
  ['TMP', 'C:\\Windows\\Temp'],
  ['USERDOMAIN', 'CLREMU'],
  ['USERNAME', 'user'],
  ['USERPROFILE', 'C:\\Users\\user'],
  ['windir', 'C:\\Windows'],
];

/** The variables every guest process starts with (a fresh map: the process may change it). */
export function defaultEnvironment(): Map<string, string> {
  return new Map(DEFAULT_ENVIRONMENT.map(([k, v]) => [k, v]));
}

/**
 * Sets `name` the way SetEnvironmentVariable does: names are case-insensitive, so an existing
 * entry keeps its spelling and takes the new value.
 */
export function setVariable(env: Map<string, string>, name: string, value: string): void {
  const upper = name.toUpperCase();
  for (const k of env.keys()) {
    if (k.toUpperCase() === upper) {
      env.set(k, value);
      return;
    }
  }
  env.set(name, value);
}

/** `NAME=VALUE` as `--env` takes it; the name is non-empty and has no `=` (the value may). */
export function parseEnvironmentAssignment(text: string): [string, string] | undefined {
  const eq = text.indexOf('=');
  if (eq <= 0) return undefined;
  return [text.slice(0, eq), text.slice(eq + 1)];
}

/** Windows keeps the block sorted case-insensitively by name. */
export function environmentBlock(env: ReadonlyMap<string, string>): string {
  const entries = [...env.entries()].sort(([a], [b]) => (a.toUpperCase() < b.toUpperCase() ? -1 : a.toUpperCase() > b.toUpperCase() ? 1 : 0));
  return entries.map(([k, v]) => `${k}=${v}\0`).join('') + '\0';
}
