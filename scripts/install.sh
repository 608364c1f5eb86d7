#!/usr/bin/env bash
# Installs everything clremu needs on a Debian machine (run as root), builds it, builds the
# samples and runs the hello samples (native, then managed through Mono's class library). Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libunicorn2 mono-runtime mono-mcs mono-utils mono-devel gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 binutils-mingw-w64-x86-64 lldb)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if ! command -v node >/dev/null; then
  echo "Node.js 20 or newer is required" >&2; exit 1
fi
# `npm install` against the committed lock file rather than `npm ci`: npm 11 leaves other
# platforms' optional packages (swc's, the resolver's native bindings) out of the lock file it
# writes, and `npm ci` then refuses that lock as out of sync. The lock still pins every version.
npm install --no-audit --no-fund --loglevel=error
npm run -s build
npm run -s setup
if [ "${1:-}" != "--no-sample" ]; then
  node bin/clremu run build/samples/native/hello.exe
  node bin/clremu run build/samples/managed/hello.exe
fi
