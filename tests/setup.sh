#!/usr/bin/env bash
# Installs what the tests start or call besides .NET and NuGet packages: Azurite and maildev (npm, pinned in package.json and
# its lock file), shellcheck (Debian package; the infrastructure tests lint infra/deploy.sh with it) and Chromium (Debian
# package; the browser tests drive it with Playwright, which downloads no browser).
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v shellcheck > /dev/null || missing+=(shellcheck)
command -v chromium > /dev/null || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""; if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq && $sudo apt-get install -y -qq "${missing[@]}" > /dev/null
fi
npm ci --no-audit --no-fund
