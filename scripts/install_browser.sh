#!/usr/bin/env bash
# The browser of the service's page tests (tests/service/test_browser.py): Debian's Chromium, when missing.
# Playwright drives it; it never downloads a browser of its own.
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Chromium is missing: install it with your package manager (Debian: apt-get install chromium);" \
        "the browser tests skip without it (and fail under CI)." >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
