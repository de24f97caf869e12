"""A local stand-in for the Slack Web API: a real HTTP server in a thread that answers
users.lookupByEmail, chat.postMessage and chat.update with Slack's JSON shapes, checks the
bot token, and records every call. `fail_next(n, status=…, error=…)` makes the next n calls
fail as Slack does (HTTP 5xx, or HTTP 429 with Retry-After, or 200 with ok=false)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

# How often serve_forever looks for shutdown(): 0.5 s by default, which every test that
# stops a server waited out (half a second each in the fast loop).
POLL = 0.01

BOT_TOKEN = "xoxb-test-1234"


class SlackStub:
    def __init__(self):
        self.users = {}  # email → (id, display name)
        self.calls = []  # (method, arguments)
        self.failures = []  # (status, error) for the next calls
        self.lock = threading.Lock()
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode()
                method = self.path.rsplit("/", 1)[-1]
                if self.headers.get("Content-Type", "").startswith("application/json"):
                    arguments = json.loads(raw or "{}")
                else:
                    arguments = {k: v[0] for k, v in parse_qs(raw).items()}
                status, answer, headers = stub.answer(
                    method, arguments, self.headers.get("Authorization", "")
                )
                body = json.dumps(answer).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": POLL}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/api/"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def add_user(self, email, user_id, handle):
        self.users[email.lower()] = (user_id, handle)

    def fail_next(self, count=1, *, status=500, error="internal_error"):
        self.failures.extend([(status, error)] * count)

    def calls_of(self, method):
        return [arguments for name, arguments in self.calls if name == method]

    def answer(self, method, arguments, authorization):
        with self.lock:
            self.calls.append((method, arguments))
            if self.failures:
                status, error = self.failures.pop(0)
                headers = {"Retry-After": "1"} if status == 429 else {}
                return status, {"ok": False, "error": error}, headers
        if authorization != f"Bearer {BOT_TOKEN}":
            return 200, {"ok": False, "error": "invalid_auth"}, {}
        if method == "users.lookupByEmail":
            found = self.users.get(arguments.get("email", "").lower())
            if not found:
                return 200, {"ok": False, "error": "users_not_found"}, {}
            user_id, handle = found
            return (
                200,
                {
                    "ok": True,
                    "user": {
                        "id": user_id,
                        "team_id": "T0TEST",
                        "name": handle,
                        "deleted": False,
                        "is_bot": False,
                        "profile": {
                            "display_name": handle,
                            "real_name": handle.title(),
                            "email": arguments["email"],
                        },
                    },
                },
                {},
            )
        if method == "chat.postMessage":
            if arguments.get("channel") not in {u for u, _ in self.users.values()}:
                return 200, {"ok": False, "error": "channel_not_found"}, {}
            ts = f"{time.time():.6f}"
            channel = "D" + arguments["channel"][1:]
            message = {
                "type": "message",
                "text": arguments.get("text"),
                "ts": ts,
                "blocks": arguments.get("blocks", []),
                "bot_id": "B0TEST",
            }
            return 200, {"ok": True, "channel": channel, "ts": ts, "message": message}, {}
        if method == "views.open":
            if not arguments.get("trigger_id"):
                return 200, {"ok": False, "error": "invalid_trigger_id"}, {}
            view = {"id": "V0TEST", "team_id": "T0TEST", **arguments.get("view", {})}
            return 200, {"ok": True, "view": view}, {}
        if method == "chat.update":
            return (
                200,
                {
                    "ok": True,
                    "channel": arguments.get("channel"),
                    "ts": arguments.get("ts"),
                    "text": arguments.get("text"),
                },
                {},
            )
        return 200, {"ok": False, "error": "unknown_method"}, {}
