#!/usr/bin/env bash
# Installs the system libraries dsr links against (OpenBLAS, LAPACKE, FFTW), only if missing,
# and any packages named as arguments.
# Idempotent: checks with dpkg first and calls apt-get only for what is absent.
# Works as root or through sudo; prints what it does.
set -euo pipefail

# Extra packages may be named as arguments (`make test` adds chromium for the report's browser test).
packages=(libopenblas-dev liblapacke-dev libfftw3-dev zlib1g-dev pkg-config "$@")
missing=()
for p in "${packages[@]}"; do
  if dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    :
  else
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: system libraries present (${packages[*]})"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "setup: missing ${missing[*]} and not root, and sudo is not available." >&2
  echo "setup: install them yourself: apt-get install ${missing[*]}" >&2
  exit 1
fi

echo "setup: installing ${missing[*]} with apt-get"
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "setup: done"
