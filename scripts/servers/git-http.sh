#!/usr/bin/env bash
# A real smart-HTTP git server on loopback for tests and the benchmark: Debian's git-http-backend
# run as CGI by lighttpd.
#
#   scripts/servers/git-http.sh start [ROOT]   start a server; prints `export VAR=value` lines and a
#                                              `STOP: command` line (the protocol scripts/test.sh reads)
#   scripts/servers/git-http.sh stop STATE     stop the server whose state folder is STATE
#
# Every bare repository under $CENSUS_TEST_GIT_HTTP_ROOT (default: a fresh folder; or ROOT) is served
# at $CENSUS_TEST_GIT_HTTP/<path below the root>, e.g. ROOT/fleet/app.git at
# http://127.0.0.1:PORT/fleet/app.git. Everything below ROOT/private/ requires HTTP basic auth as user
# `x-access-token` with the password in $CENSUS_TEST_GIT_TOKEN (a random token written by this script).
# Repositories may be added to the folder while the server runs.
#
# Pushes (git-receive-pack) are accepted only below ROOT/private/, that is only from a client that
# authenticated as `x-access-token` with the token; everywhere else they are refused with HTTP 403,
# whoever asks. Hooks of a served repository (hooks/pre-receive, …) run as in any git server.
#
# Exported: CENSUS_TEST_GIT_HTTP (base URL), CENSUS_TEST_GIT_HTTP_ROOT (served folder),
# CENSUS_TEST_GIT_TOKEN (the password of the private area).
set -euo pipefail

backend=/usr/lib/git-core/git-http-backend

die() { echo "git-http: $*" >&2; exit 2; }

free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
  else
    echo $((20000 + RANDOM % 20000))
  fi
}

# The CGI environment of git-http-backend (lighttpd array entries); $1 says whether it accepts pushes.
backend_environment() {
  printf '\n  "%s" => "%s",' \
    GIT_PROJECT_ROOT "$root" \
    GIT_HTTP_EXPORT_ALL 1 \
    GIT_CONFIG_COUNT 2 \
    GIT_CONFIG_KEY_0 safe.directory \
    GIT_CONFIG_VALUE_0 '*' \
    GIT_CONFIG_KEY_1 http.receivepack \
    GIT_CONFIG_VALUE_1 "$1"
}

start() {
  command -v lighttpd >/dev/null 2>&1 || die "lighttpd is not installed (run scripts/setup.sh --test)"
  [[ -x "$backend" ]] || die "$backend is missing (install git)"
  local state root token port config
  state=$(mktemp -d "${TMPDIR:-/tmp}/census-git-http.XXXXXX")
  root=${1:-$state/repos}
  mkdir -p "$root/private" "$state/www"
  root=$(cd "$root" && pwd -P)
  token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
  printf 'x-access-token:%s\n' "$token" >"$state/users"
  chmod 600 "$state/users"

  for attempt in 1 2 3 4 5; do
    port=$(free_port)
    config="$state/lighttpd.conf"
    cat >"$config" <<EOF
server.modules = ("mod_alias", "mod_setenv", "mod_auth", "mod_authn_file", "mod_cgi")
server.bind = "127.0.0.1"
server.port = $port
server.document-root = "$state/www"
server.pid-file = "$state/lighttpd.pid"
server.errorlog = "$state/error.log"
server.max-connections = 256
server.max-request-size = 1048576
# git-http-backend streams packs of any size. Request bodies are buffered: libgit2 sends a push's
# pack chunked, and lighttpd hands a CGI a chunked body only once it knows its length (else 411).
server.stream-response-body = 2
server.stream-request-body = 0
# Every path is a repository path handed to git-http-backend as PATH_INFO.
alias.url = ("/" => "$backend/")
cgi.assign = ("" => "")
# Configuration given this way outranks every served repository's own: http.receivepack is off
# everywhere and on below private/ only, where every request is authenticated.
setenv.add-environment = ($(backend_environment false)
)
auth.backend = "plain"
auth.backend.plain.userfile = "$state/users"
\$HTTP["url"] =~ "^/private/" {
  auth.require = ("" => ("method" => "basic", "realm" => "census-test", "require" => "valid-user"))
  setenv.add-environment = ($(backend_environment true)
  )
}
EOF
    if lighttpd -f "$config" 2>>"$state/error.log"; then
      # lighttpd daemonizes once it listens; wait for the pid file.
      for _ in $(seq 1 50); do [[ -s "$state/lighttpd.pid" ]] && break; sleep 0.1; done
      if [[ -s "$state/lighttpd.pid" ]]; then
        echo "export CENSUS_TEST_GIT_HTTP=http://127.0.0.1:$port"
        echo "export CENSUS_TEST_GIT_HTTP_ROOT=$root"
        echo "export CENSUS_TEST_GIT_TOKEN=$token"
        echo "STOP: bash $(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)/$(basename "${BASH_SOURCE[0]}") stop $state"
        return 0
      fi
    fi
  done
  cat "$state/error.log" >&2 || true
  die "could not start lighttpd"
}

stop() {
  local state=${1:?usage: git-http.sh stop STATE}
  [[ "$state" == */census-git-http.* ]] || die "refusing to stop: $state is not a git-http state folder"
  if [[ -s "$state/lighttpd.pid" ]]; then
    local pid
    pid=$(cat "$state/lighttpd.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  rm -rf "$state"
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) shift; stop "$@" ;;
  *) echo "usage: $0 start [ROOT] | stop STATE" >&2; exit 2 ;;
esac
