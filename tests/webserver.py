"""A loopback HTTP server that serves the fixture pages and every kind of bad reply.

Routes:
  /story/<file>          fixture HTML pages (fixtures/story/html)
  /text/<file>           fixture text files, as text/plain
  /redirect/<n>/<file>   n redirects, then the page
  /loop/a, /loop/b       a redirect loop
  /to-ftp                a redirect to an ftp:// URL
  /status/<code>         an error page with that status
  /slow                  waits longer than any test's --timeout
  /drip                  sends a byte at a time (tests the overall deadline)
  /big                   a body of 2 MB (tests --max-bytes)
  /image.png             a binary content type
  /gzip/<file>           the page gzip-encoded
  /latin1                a windows-1252 page that declares its charset only in a header
  /versioned             a page whose text is set by the test (`server.version`)
  /pace/<n>              page n of a generated set, each after `server.pace` seconds
"""

from __future__ import annotations

import gzip
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "story"


def generated_page(n: int, version: str = "") -> bytes:
    words = " ".join(f"word{n}x{i}" for i in range(120))
    return (
        f"<html><head><title>Generated page {n}</title></head><body><article><h1>Generated {n}</h1>"
        f"<p>This is generated page number {n} about the river commission. {version}</p>"
        f"<p>{words}</p><p>The commission meets in September to review page {n}.</p>"
        "</article></body></html>"
    ).encode()


class Handler(BaseHTTPRequestHandler):
    server: FixtureServer  # type: ignore[assignment]

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        return

    def send(self, status: int, body: bytes, ctype: str = "text/html; charset=utf-8",
             headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send(status, b"", headers={"Location": location})

    def do_GET(self) -> None:  # noqa: C901 - a routing table
        self.server.requests.append(self.path)
        parts = self.path.strip("/").split("/")
        head = parts[0]
        if head == "story" and len(parts) == 2 and (FIXTURES / "html" / parts[1]).exists():
            self.send(200, (FIXTURES / "html" / parts[1]).read_bytes())
        elif head == "text" and len(parts) == 2 and (FIXTURES / "text" / parts[1]).exists():
            self.send(200, (FIXTURES / "text" / parts[1]).read_bytes(), "text/plain; charset=utf-8")
        elif head == "redirect":
            n = int(parts[1])
            target = "/story/" + parts[2] if n <= 1 else f"/redirect/{n - 1}/{parts[2]}"
            self.redirect(target, 301 if n % 2 else 302)
        elif head == "loop":
            self.redirect("/loop/b" if parts[1] == "a" else "/loop/a")
        elif head == "to-ftp":
            self.redirect("ftp://127.0.0.1/file.html")
        elif head == "status":
            code = int(parts[1])
            self.send(code, f"<html><body><h1>Error {code}</h1></body></html>".encode())
        elif head == "slow":
            time.sleep(3)
            self.send(200, (FIXTURES / "html" / "01-meridian-origin.html").read_bytes())
        elif head == "drip":
            body = (FIXTURES / "html" / "01-meridian-origin.html").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            try:
                for i in range(0, len(body), 64):
                    self.wfile.write(body[i:i + 64])
                    self.wfile.flush()
                    time.sleep(0.05)
            except (BrokenPipeError, ConnectionResetError):
                return
        elif head == "big":
            para = b"<p>" + b"Filler text about the river. " * 30 + b"</p>\n"
            body = b"<html><body><article>" + para * (2 * 1024 * 1024 // len(para)) + b"</article></body></html>"
            try:
                self.send(200, body)
            except (BrokenPipeError, ConnectionResetError):
                return
        elif head == "image.png":
            self.send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "image/png")
        elif head == "gzip" and len(parts) == 2:
            body = gzip.compress((FIXTURES / "html" / parts[1]).read_bytes())
            self.send(200, body, headers={"Content-Encoding": "gzip"})
        elif head == "latin1":
            body = ("<html><head><title>Caf\u00e9 r\u00e9ouvert</title></head><body><article>"
                    "<p>Le caf\u00e9 de la biblioth\u00e8que a rouvert samedi apr\u00e8s dix-huit mois "
                    "de travaux, avec un jardin sur le toit et des \u00e9tag\u00e8res neuves.</p>"
                    "<p>Plus de six cents habitants \u00e9taient l\u00e0 d\u00e8s neuf heures.</p>"
                    "</article></body></html>").encode("cp1252")
            self.send(200, body, "text/html; charset=windows-1252")
        elif head == "versioned":
            self.send(200, generated_page(0, self.server.version))
        elif head == "pace":
            time.sleep(self.server.pace)
            self.send(200, generated_page(int(parts[1])))
        else:
            self.send(404, b"<html><body>Not found</body></html>")


class FixtureServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.requests: list[str] = []
        self.version = "first version"
        self.pace = 0.0
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def url(self, path: str) -> str:
        return self.base + path

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hung up on purpose (timeouts, size limits) is not an error here, and
        # printing to sys.stderr would land in whatever CliRunner output is being captured.
        return

    def start(self) -> FixtureServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
