"""What every harness server shares: the stub engine client and the request log."""
import json
import time


class StubEngine:
    """Only what the app touches outside inference: health, sleep state, KV-event sources, stats."""

    async def check_health(self):
        return None

    async def is_sleeping(self):
        return False

    async def is_paused(self):  # /is_paused (0.12+): an engine nobody paused, so the handler answers as on a live server
        return False

    def get_kv_event_sources(self):
        return {}

    async def do_log_stats(self):
        return None


class RequestLog:
    """ASGI wrapper: every request as {method, path, status, authorized} in a JSONL file."""

    def __init__(self, app, path):
        self.app = app
        self.path = path

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        seen = {"method": scope.get("method", "WEBSOCKET"), "path": scope["path"], "status": None,
                "authorized": any(k == b"authorization" for k, _ in scope.get("headers", [])), "t": time.time()}

        async def logged_send(message):
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
            elif message["type"] == "websocket.accept":
                seen["status"] = 101
            elif message["type"] == "websocket.close" and seen["status"] is None:
                seen["status"] = 403
            await send(message)

        try:
            await self.app(scope, receive, logged_send)
        finally:
            with open(self.path, "a") as f:
                f.write(json.dumps(seen) + "\n")
