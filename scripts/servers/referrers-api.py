#!/usr/bin/env python3
"""A loopback front for a registry without the OCI referrers API (Debian's docker-registry, distribution
2.8), answering that one endpoint and passing every other request to the real registry (tests).

    referrers-api.py --upstream http://127.0.0.1:PORT --referrers DIR [--bind 127.0.0.1]

`GET /v2/<name>/referrers/<alg>:<hex>[?artifactType=T]` answers `200` with the image index the test
wrote to DIR/<alg>-<hex>.json (an empty index when there is none, as the distribution spec asks), keeping
only the entries of artifact type T when one is given and saying so in `OCI-Filters-Applied`. Any other
request goes to --upstream unchanged (method, path, headers, body) and its answer comes back unchanged,
so tags, manifests, blobs and authentication are the real registry's.

Listens on an ephemeral port and prints `PORT <n>` once listening. Exits on SIGTERM, or when its
standard input closes (so it never outlives the test that started it). Standard library only.
"""
import argparse, json, os, re, signal, urllib.parse

import loopback_http
from http.server import BaseHTTPRequestHandler

REFERRERS = re.compile(r"^/v2/(?P<name>.+)/referrers/(?P<alg>[a-z0-9+._-]+):(?P<hex>[0-9a-f]+)$")
INDEX = "application/vnd.oci.image.index.v1+json"


def main():
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parser = argparse.ArgumentParser()
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--referrers", required=True)
    parser.add_argument("--bind", default="127.0.0.1")
    args = parser.parse_args()
    upstream = urllib.parse.urlsplit(args.upstream)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def referrers(self, match, query):
            path = os.path.join(args.referrers, f"{match['alg']}-{match['hex']}.json")
            index = {"schemaVersion": 2, "mediaType": INDEX, "manifests": []}
            if os.path.exists(path):
                with open(path) as file:
                    index = json.load(file)
            wanted = query.get("artifactType", [None])[0]
            if wanted:
                index["manifests"] = [m for m in index.get("manifests", []) if m.get("artifactType") == wanted]
            body = json.dumps(index).encode()
            self.send_response(200)
            self.send_header("Content-Type", INDEX)
            if wanted:
                self.send_header("OCI-Filters-Applied", "artifactType")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            loopback_http.forward(self, upstream, body)

        def answer(self):
            split = urllib.parse.urlsplit(self.path)
            match = REFERRERS.match(split.path)
            if match and self.command == "GET":
                self.referrers(match, urllib.parse.parse_qs(split.query))
            else:
                self.forward()

        do_GET = answer
        do_HEAD = answer
        do_POST = answer
        do_PUT = answer
        do_PATCH = answer
        do_DELETE = answer

    loopback_http.serve(args.bind, Handler)

if __name__ == "__main__":
    main()
