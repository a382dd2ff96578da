#!/usr/bin/env bash
# Renders a report page in real headless Chromium (Debian's `chromium`) and saves a PNG.
#   scripts/screenshot.sh [HTML] [PNG] [WIDTHxHEIGHT]
# Defaults: the newest reports/*/governance.html, docs/governance-report.png, 1280x2000.
# Installs chromium (and fonts) when missing and running as root; otherwise says how to.
set -euo pipefail

cd "$(dirname "$0")/.."

html=${1:-}
if [[ -z "$html" ]]; then
  html=$(ls -1d reports/*/governance.html 2>/dev/null | sort | tail -n 1 || true)
  if [[ -z "$html" ]]; then
    echo "screenshot: no reports/*/governance.html; run 'census report governance' first or pass a file" >&2
    exit 2
  fi
fi
png=${2:-docs/governance-report.png}
size=${3:-1280x2000}
if [[ ! -f "$html" ]]; then
  echo "screenshot: $html does not exist" >&2
  exit 2
fi
if [[ ! "$size" =~ ^[0-9]+x[0-9]+$ ]]; then
  echo "screenshot: size must be WIDTHxHEIGHT, e.g. 1280x2000" >&2
  exit 2
fi

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z "$browser" ]]; then
  if [[ $(id -u) -eq 0 ]]; then
    echo "screenshot: installing chromium" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core fonts-liberation >/dev/null
    browser=$(command -v chromium)
  else
    echo "screenshot: chromium is missing; install it with:  sudo apt-get install -y chromium fonts-liberation" >&2
    exit 2
  fi
fi

mkdir -p "$(dirname "$png")"
absolute_html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
absolute_png=$(cd "$(dirname "$png")" && pwd)/$(basename "$png")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT

# --no-sandbox: Chromium refuses to run as root with its sandbox (containers, CI). The page has no
# scripts and loads nothing from the network, so nothing is lost.
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run --no-default-browser-check \
  --disable-extensions --user-data-dir="$profile" --force-device-scale-factor=1 \
  --window-size="${size/x/,}" --default-background-color=ffffffff \
  --screenshot="$absolute_png" "file://$absolute_html" >/dev/null 2>&1

if [[ ! -s "$absolute_png" ]]; then
  echo "screenshot: chromium did not write $png" >&2
  exit 1
fi
echo "$png"
