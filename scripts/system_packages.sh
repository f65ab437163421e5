#!/usr/bin/env bash
# Install the Debian packages given as arguments when they are missing.
# As root: apt-get installs them. Otherwise: print the exact command and stop.
set -euo pipefail
missing=()
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "Installing system packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "These system packages are missing. Install them, then run make again:"
  echo "  sudo apt-get install -y ${missing[*]}"
  exit 1
fi
