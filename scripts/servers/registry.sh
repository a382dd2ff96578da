#!/usr/bin/env bash
# Starts two real OCI distribution registries (Debian's docker-registry) on loopback for the tests:
#   - one with htpasswd basic auth,
#   - one with Bearer token auth, backed by scripts/servers/registry-token-server.py.
# Both allow deleting manifests (storage.delete.enabled: true), which `census cleanup execute` tests need.
# Usage: scripts/servers/registry.sh start   prints `export VAR=value` lines and a `STOP: command` line
#        scripts/servers/registry.sh stop DIR
# Needs: docker-registry, apache2-utils (htpasswd), openssl, python3, curl (scripts/setup.sh --test).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
user="census"
password="census-registry-test-password"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

wait_for() { # url
  for _ in $(seq 1 100); do
    if curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null | grep -qE '^(200|401)$'; then return 0; fi
    sleep 0.1
  done
  echo "registry.sh: nothing answered at $1" >&2
  return 1
}

start() {
  for tool in docker-registry htpasswd openssl python3 curl; do
    command -v "$tool" >/dev/null || { echo "registry.sh: '$tool' is missing; run scripts/setup.sh --test" >&2; exit 2; }
  done
  dir="$(mktemp -d "${TMPDIR:-/tmp}/census-registry.XXXXXX")"
  htpasswd -Bbn "$user" "$password" > "$dir/htpasswd" 2>/dev/null
  openssl req -x509 -newkey rsa:2048 -nodes -subj "/CN=census-test-token" -days 3 \
    -keyout "$dir/token.key" -out "$dir/token.crt" >/dev/null 2>&1

  basic_port="$(free_port)"; token_port="$(free_port)"; auth_port="$(free_port)"
  cat > "$dir/basic.yml" <<YAML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $dir/basic-data }, delete: { enabled: true } }
http: { addr: "127.0.0.1:$basic_port", secret: census-test-secret }
auth: { htpasswd: { realm: census-test, path: $dir/htpasswd } }
YAML
  cat > "$dir/token.yml" <<YAML
version: 0.1
log: { level: error, accesslog: { disabled: true } }
storage: { filesystem: { rootdirectory: $dir/token-data }, delete: { enabled: true } }
http: { addr: "127.0.0.1:$token_port", secret: census-test-secret }
auth:
  token:
    realm: "http://127.0.0.1:$auth_port/token"
    service: census-test-registry
    issuer: census-test-issuer
    rootcertbundle: $dir/token.crt
YAML
  nohup docker-registry serve "$dir/basic.yml" > "$dir/basic.log" 2>&1 &
  echo $! > "$dir/basic.pid"
  nohup docker-registry serve "$dir/token.yml" > "$dir/token.log" 2>&1 &
  echo $! > "$dir/token.pid"
  nohup python3 "$here/registry-token-server.py" --port "$auth_port" --key "$dir/token.key" --cert "$dir/token.crt" \
    --user "$user" --password "$password" --issuer census-test-issuer --service census-test-registry \
    > "$dir/auth.log" 2>&1 &
  echo $! > "$dir/auth.pid"

  wait_for "http://127.0.0.1:$basic_port/v2/" || { cat "$dir/basic.log" >&2; stop "$dir"; exit 1; }
  wait_for "http://127.0.0.1:$token_port/v2/" || { cat "$dir/token.log" >&2; stop "$dir"; exit 1; }
  wait_for "http://127.0.0.1:$auth_port/health" || { cat "$dir/auth.log" >&2; stop "$dir"; exit 1; }

  echo "export CENSUS_TEST_REGISTRY_BASIC=127.0.0.1:$basic_port"
  echo "export CENSUS_TEST_REGISTRY_TOKEN=127.0.0.1:$token_port"
  echo "export CENSUS_TEST_REGISTRY_USER=$user"
  echo "export CENSUS_TEST_REGISTRY_PASSWORD=$password"
  echo "STOP: bash $here/registry.sh stop $dir"
}

stop() { # dir
  local dir="$1"
  local pids=()
  for name in basic token auth; do
    if [[ -f "$dir/$name.pid" ]]; then pids+=("$(cat "$dir/$name.pid")"); fi
  done
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 20); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  case "$dir" in
    */census-registry.*) rm -rf "$dir" ;;
  esac
}

case "${1:-}" in
  start) start ;;
  stop) stop "${2:?registry.sh stop DIR}" ;;
  *) echo "usage: $0 start | stop DIR" >&2; exit 2 ;;
esac
