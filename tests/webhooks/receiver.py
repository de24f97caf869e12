"""A real HTTP receiver for webhook tests: http.server on 127.0.0.1 in a thread.

`answers` is what it answers, in turn (the last one repeats): a status code, or
("sleep", seconds, status) to answer late. Every request is kept in `requests`."""

from __future__ import annotations

import contextlib
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# How often serve_forever looks for shutdown(): 0.5 s by default, which every test that
# stops a server waited out (half a second each in the fast loop).
POLL = 0.01


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes


@dataclass
class Receiver:
    answers: list = field(default_factory=lambda: [200])
    requests: list = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks/accord"

    def answer_next(self):
        if len(self.answers) > 1:
            return self.answers.pop(0)
        return self.answers[0]

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 — http.server's name
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                receiver.requests.append(Received(self.path, dict(self.headers), body))
                answer = receiver.answer_next()
                if isinstance(answer, tuple):
                    _, seconds, answer = answer
                    time.sleep(seconds)
                self.send_response(answer)
                self.send_header("Content-Type", "text/plain")
                text = b"ok" if answer < 300 else b"down for maintenance"
                self.send_header("Content-Length", str(len(text)))
                self.end_headers()
                with contextlib.suppress(BrokenPipeError):  # the sender stopped waiting
                    self.wfile.write(text)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": POLL}, daemon=True
        ).start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
