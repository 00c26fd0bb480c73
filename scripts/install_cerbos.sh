#!/usr/bin/env bash
# Cerbos PDP, a peer of the benchmarks (benchmarks/cerbos.py): the npm package `cerbos` ships its binary.
# Installed into build/cerbos/ of the checkout (nothing system-wide); does nothing when it is there already.
set -euo pipefail
VERSION="0.51.0"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
target="$here/build/cerbos"
if compgen -G "$target/node_modules/@cerbos/cerbos-*/cerbos-*" >/dev/null \
    && grep -q "\"version\": \"$VERSION\"" "$target/node_modules/cerbos/package.json" 2>/dev/null; then
    exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
    echo "npm is missing: install Node.js and npm to benchmark against Cerbos (or skip that peer)." >&2
    exit 1
fi
mkdir -p "$target"
npm install --prefix "$target" --no-audit --no-fund --no-save --loglevel=error "cerbos@$VERSION"
if ! compgen -G "$target/node_modules/@cerbos/cerbos-*/cerbos-*" >/dev/null; then
    echo "the cerbos package installed no binary for this platform ($(uname -s) $(uname -m))." >&2
    exit 1
fi
