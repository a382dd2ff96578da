"""What the project's small loopback test servers share: forwarding a request to an upstream server,
and serving on a free loopback port until standard input closes (the test that started the server
holds it open)."""
import http.client, os, sys, threading
from http.server import ThreadingHTTPServer

HOP_BY_HOP = ("connection", "keep-alive", "transfer-encoding")


def forward(handler, upstream, body):
    """Sends `handler`'s request (with `body`, bytes or None) to `upstream` (a urlsplit result) and
    writes the answer back through `handler`."""
    connection = http.client.HTTPConnection(upstream.hostname, upstream.port or 80, timeout=30)
    headers = {key: value for key, value in handler.headers.items()
               if key.lower() not in ("host",) + HOP_BY_HOP}
    connection.request(handler.command, handler.path, body=body or None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    handler.send_response(response.status)
    for key, value in response.getheaders():
        if key.lower() not in HOP_BY_HOP + ("content-length",):
            handler.send_header(key, value)
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(data)
    connection.close()


def serve(bind, handler_class):
    """Serves on a free port of `bind`, prints `PORT <n>` and exits when standard input closes."""
    server = ThreadingHTTPServer((bind, 0), handler_class)
    print(f"PORT {server.server_address[1]}", flush=True)

    def stop_when_stdin_closes():
        sys.stdin.read()
        os._exit(0)

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    server.serve_forever()
