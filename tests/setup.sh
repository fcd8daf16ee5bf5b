#!/usr/bin/env bash
# Installs what the tests start or call besides .NET and NuGet packages: Azurite and maildev (npm, pinned in package.json and
# its lock file) and shellcheck (Debian package; the infrastructure tests lint infra/deploy.sh with it).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v shellcheck > /dev/null; then
  sudo=""; if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq && $sudo apt-get install -y -qq shellcheck > /dev/null
fi
npm ci --no-audit --no-fund
