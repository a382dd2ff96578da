#!/usr/bin/env python3
"""A loopback HTTP server that records every Authorization header it receives (credential tests).

    auth-log-http.py --log FILE --name NAME [--bind 127.0.0.1] [--redirect-to BASE | --proxy-to BASE]

Every request is appended to FILE as one JSON line, before it is answered:
    {"server": NAME, "method": "GET", "path": "/repo.git/info/refs?service=git-upload-pack",
     "host": "<Host header>", "authorization": "<Authorization header>" or null}
Then, with --redirect-to BASE, the request is answered `302 Found` to BASE + the request path (a remote
that moved to another host); without it, `401 Unauthorized` with a Basic challenge, whatever
credentials came with it (a private repository that accepts nobody), so a client shows every
credential it would send. With --proxy-to BASE (an http:// server), the request is forwarded there and
its answer relayed unchanged: a request counter in front of a real server (a registry).

Listens on an ephemeral port and prints `PORT <n>` once listening. Exits on SIGTERM, or when its
standard input closes (so it never outlives the test that started it). Standard library only.
"""
import argparse, json, signal, threading, urllib.parse

import loopback_http
from http.server import BaseHTTPRequestHandler


def main():
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--log", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--redirect-to")
    parser.add_argument("--proxy-to")
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

        def forward(self, body):
            loopback_http.forward(self, urllib.parse.urlsplit(args.proxy_to), body)

        def answer(self):
            self.record()
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            if args.proxy_to:
                self.forward(body)
                return
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
        do_HEAD = answer

    loopback_http.serve(args.bind, Handler)

if __name__ == "__main__":
    main()
