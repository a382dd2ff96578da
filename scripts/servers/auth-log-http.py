#!/usr/bin/env python3
"""A loopback HTTP server that records every Authorization header it receives (credential tests).

    auth-log-http.py --log FILE --name NAME [--bind 127.0.0.1] [--redirect-to BASE]

Every request is appended to FILE as one JSON line, before it is answered:
    {"server": NAME, "method": "GET", "path": "/repo.git/info/refs?service=git-upload-pack",
     "host": "<Host header>", "authorization": "<Authorization header>" or null}
Then, with --redirect-to BASE, the request is answered `302 Found` to BASE + the request path (a remote
that moved to another host); without it, `401 Unauthorized` with a Basic challenge, whatever
credentials came with it (a private repository that accepts nobody), so a client shows every
credential it would send.

Listens on an ephemeral port and prints `PORT <n>` once listening. Exits on SIGTERM, or when its
standard input closes (so it never outlives the test that started it). Standard library only.
"""
import argparse, json, os, signal, sys, threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--redirect-to")
    args = parser.parse_args()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        # Keep-alive, as real git hosts answer; libgit2 then replays on the same connection.
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def record(self):
            entry = {"server": args.name, "method": self.command, "path": self.path,
                     "host": self.headers.get("Host"), "authorization": self.headers.get("Authorization")}
            with lock, open(args.log, "a") as log:
                log.write(json.dumps(entry) + "\n")

        def answer(self):
            self.record()
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            if args.redirect_to:
                self.send_response(302)
                self.send_header("Location", args.redirect_to.rstrip("/") + self.path)
            else:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="census-auth-log"')
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = answer
        do_POST = answer

    server = ThreadingHTTPServer((args.bind, 0), Handler)
    print(f"PORT {server.server_address[1]}", flush=True)

    def stop_when_stdin_closes():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    server.serve_forever()


if __name__ == "__main__":
    main()
