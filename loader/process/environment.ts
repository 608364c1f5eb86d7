/**
 * The guest's environment. It is not the host's: a Windows program sees a small, deterministic
 * Windows-looking set (so runs are reproducible), plus whatever the caller adds. The UTF-16 block
 * layout is NAME=VALUE\0 … \0, as GetEnvironmentStringsW returns it.
 */

/** The variables every guest process starts with. */
export function defaultEnvironment(): Map<string, string> {
  return new Map([
    ['ALLUSERSPROFILE', 'C:\\ProgramData'],
    ['COMPUTERNAME', 'CLREMU'],
    ['ComSpec', 'C:\\Windows\\system32\\cmd.exe'],
    ['NUMBER_OF_PROCESSORS', '1'],
    ['OS', 'Windows_NT'],
    ['Path', 'C:\\Windows\\system32;C:\\Windows'],
    ['PATHEXT', '.COM;.EXE;.BAT;.CMD'],
    ['PROCESSOR_ARCHITECTURE', 'AMD64'],
    ['ProgramFiles', 'C:\\Program Files'],
    ['SystemDrive', 'C:'],
    ['SystemRoot', 'C:\\Windows'],
    ['TEMP', 'C:\\Windows\\Temp'],
    ['TMP', 'C:\\Windows\\Temp'],
    ['USERNAME', 'user'],
    ['USERPROFILE', 'C:\\Users\\user'],
    ['windir', 'C:\\Windows'],
  ]);
}

/** Windows keeps the block sorted case-insensitively by name. */
export function environmentBlock(env: ReadonlyMap<string, string>): string {
  const entries = [...env.entries()].sort(([a], [b]) => (a.toUpperCase() < b.toUpperCase() ? -1 : a.toUpperCase() > b.toUpperCase() ? 1 : 0));
  return entries.map(([k, v]) => `${k}=${v}\0`).join('') + '\0';
}
