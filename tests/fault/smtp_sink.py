"""A local SMTP server for the fault test: counts every message it accepts by Message-ID,
and can refuse (answer 421, like a mail server that is down) or be slow (hold the reply to
DATA, so a worker is provably mid-send). Loopback only; standard library only."""

from __future__ import annotations

import email
import socketserver
import threading
import time
from collections import defaultdict


class Sink:
    def __init__(self):
        self.refuse = False
        self.delay = 0.0
        self.accepted: dict[str, list[float]] = defaultdict(list)  # Message-ID -> times
        self.refused = 0
        self.in_flight: set[int] = set()  # client ports of open SMTP exchanges
        self.lock = threading.Lock()
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def reply(self, line):
                self.wfile.write(line.encode() + b"\r\n")

            def handle(self):
                if sink.refuse:
                    with sink.lock:
                        sink.refused += 1
                    self.reply("421 4.3.2 Service not available, try later")
                    return
                port = self.client_address[1]
                with sink.lock:
                    sink.in_flight.add(port)
                try:
                    self.converse()
                finally:
                    with sink.lock:
                        sink.in_flight.discard(port)

            def converse(self):
                self.reply("220 sink ESMTP")
                while line := self.rfile.readline():
                    verb = line.decode(errors="replace").strip().upper()
                    if verb.startswith(("EHLO", "HELO")):
                        self.reply("250 sink")
                    elif verb.startswith("DATA"):
                        self.reply("354 End data with <CR><LF>.<CR><LF>")
                        self.data()
                    elif verb.startswith("QUIT"):
                        self.reply("221 bye")
                        return
                    else:  # MAIL, RCPT, RSET, NOOP
                        self.reply("250 OK")

            def data(self):
                lines = []
                while (line := self.rfile.readline()) not in (b".\r\n", b".\n", b""):
                    lines.append(line[1:] if line.startswith(b"..") else line)
                message = email.message_from_bytes(b"".join(lines))
                if sink.delay:
                    time.sleep(sink.delay)
                # Accepted once the data is complete, as a real server would deliver it even
                # if the client vanished before reading the reply.
                with sink.lock:
                    sink.accepted[message["Message-ID"]].append(time.time())
                self.reply("250 2.0.0 queued")

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

            def handle_error(self, request, client_address):
                pass  # a worker SIGKILLed mid-exchange resets its connection: expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def busy_ports(self) -> set[int]:
        with self.lock:
            return set(self.in_flight)
