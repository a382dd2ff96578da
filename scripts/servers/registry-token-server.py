#!/usr/bin/env python3
"""A minimal Docker registry token service for tests (the Bearer challenge flow).

GET /token?service=S&scope=repository:NAME:ACTIONS with HTTP basic auth for the configured user
returns {"token": JWT, "access_token": JWT, "expires_in": 300}; wrong or missing credentials get 401.
The JWT is RS256-signed with openssl and carries the certificate in its x5c header, which the
registry verifies against its rootcertbundle. GET /health answers 200. Standard library + openssl only.
"""
import argparse, base64, json, os, signal, subprocess, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    # A parent may have started us with SIGTERM blocked or ignored; `registry.sh stop` relies on it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    parser = argparse.ArgumentParser()
    for name in ("port", "key", "cert", "user", "password", "issuer", "service"):
        parser.add_argument("--" + name, required=True)
    args = parser.parse_args()
    der = subprocess.run(["openssl", "x509", "-in", args.cert, "-outform", "DER"], check=True,
                         capture_output=True).stdout
    expected = "Basic " + base64.b64encode(f"{args.user}:{args.password}".encode()).decode()

    def sign(scopes):
        header = {"typ": "JWT", "alg": "RS256", "x5c": [base64.b64encode(der).decode()]}
        now = int(time.time())
        access = []
        for scope in scopes:
            parts = scope.split(":")
            if len(parts) >= 3:
                access.append({"type": parts[0], "name": ":".join(parts[1:-1]), "actions": parts[-1].split(",")})
        claims = {"iss": args.issuer, "sub": args.user, "aud": args.service, "exp": now + 300,
                  "nbf": now - 10, "iat": now, "jti": b64url(os.urandom(12)), "access": access}
        signing_input = (b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())).encode()
        signature = subprocess.run(["openssl", "dgst", "-sha256", "-sign", args.key], input=signing_input,
                                   check=True, capture_output=True).stdout
        return signing_input.decode() + "." + b64url(signature)

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_):
            pass

        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            url = urlparse(self.path)
            if url.path == "/health":
                return self.reply(200, {"ok": True})
            if url.path != "/token":
                return self.reply(404, {"error": "not found"})
            if self.headers.get("Authorization") != expected:
                return self.reply(401, {"errors": [{"code": "UNAUTHORIZED", "message": "invalid username or password"}]})
            query = parse_qs(url.query)
            if query.get("service", [""])[0] != args.service:
                return self.reply(400, {"errors": [{"code": "DENIED", "message": "unknown service"}]})
            token = sign(query.get("scope", []))
            self.reply(200, {"token": token, "access_token": token, "expires_in": 300})

    ThreadingHTTPServer(("127.0.0.1", int(args.port)), Handler).serve_forever()


if __name__ == "__main__":
    main()
