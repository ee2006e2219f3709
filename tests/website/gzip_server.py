"""A small static file server that compresses with gzip, as every static host does.

``python -m http.server`` sends everything uncompressed, which makes page-weight and
Lighthouse numbers meaningless.  This one serves a folder on 127.0.0.1 and gzips text
responses (HTML, CSS, JavaScript, JSON, SVG) for clients that accept it.

    python -m tests.website.gzip_server _build/html [port]
"""

from __future__ import annotations

import gzip
import http.server
import mimetypes
import sys
import threading
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".txt", ".map", ".xml", ".inv"}
TYPES = {
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".svg": "image/svg+xml",
    ".js": "text/javascript",
    ".ipynb": "application/x-ipynb+json",
}


@lru_cache(maxsize=512)
def _gzipped(path: str, mtime: float) -> bytes:
    return gzip.compress(Path(path).read_bytes(), compresslevel=6, mtime=0)


class Handler(http.server.BaseHTTPRequestHandler):
    root: Path = Path(".")
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _file(self) -> Path | None:
        rel = unquote(urlsplit(self.path).path).lstrip("/")
        target = (self.root / rel).resolve()
        if target.is_dir():
            target = target / "index.html"
        try:
            target.relative_to(self.root)
        except ValueError:
            return None
        return target if target.is_file() else None

    def do_HEAD(self) -> None:
        self._serve(body=False)

    def do_GET(self) -> None:
        self._serve(body=True)

    def _serve(self, body: bool) -> None:
        f = self._file()
        if f is None:
            data = b"not found"
            self.send_response(404)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if body:
                self.wfile.write(data)
            return
        kind = TYPES.get(f.suffix) or mimetypes.guess_type(f.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in {"image/svg+xml", "application/json"}:
            kind += "; charset=utf-8"
        zipped = f.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
        data = _gzipped(str(f), f.stat().st_mtime) if zipped else f.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        if body:
            self.wfile.write(data)


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)  # a browser closing a socket is fine


def serve(root: Path, port: int = 0) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Start serving ``root`` in a daemon thread; return the server and its base URL."""
    handler = type("RootHandler", (Handler,), {"root": Path(root).resolve()})
    httpd = Server(("127.0.0.1", port), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


if __name__ == "__main__":  # pragma: no cover
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "_build/html")
    server, url = serve(site, int(sys.argv[2]) if len(sys.argv) > 2 else 8000)
    print(f"Serving {site} at {url}/ (gzip); Ctrl-C to stop")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()
