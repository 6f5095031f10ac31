#!/usr/bin/env python3
"""A test AI server: answers every POST the way --mode says (ok with one entity, empty = 204,
busy = 503 with Retry-After, error = 500, garbage = a body that is not JSON, slow = 200 after
--delay seconds) and logs each request as a JSON line: when, content type, query, and the size of
the picture as decoded here (Pillow for JPEG/PNG/BMP, by hand for raw bgr24)."""
import argparse
import io
import json
import sys
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def decoded_size(kind, params, data):
    if kind == "image/x-raw":
        width, height = int(params["width"]), int(params["height"])
        if len(data) != width * height * 3:
            return None
        return width, height
    from PIL import Image
    image = Image.open(io.BytesIO(data))
    image.load()  # really decode it
    return image.size


class Handler(BaseHTTPRequestHandler):
    mode = "ok"
    delay = 0.0
    retry_after = "2"
    log = None

    def log_message(self, fmt, *args):
        pass

    def do_POST(self):
        data = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = [p.strip() for p in (self.headers.get("Content-Type") or "").split(";")]
        params = dict(p.split("=", 1) for p in parts[1:] if "=" in p)
        try:
            size = decoded_size(parts[0], params, data)
        except Exception as e:  # the test asserts on what it logs
            size = None
            params["error"] = str(e)
        entry = {"t": time.time() * 1000, "content_type": parts[0], "params": params,
                 "query": dict(urllib.parse.parse_qsl(urllib.parse.urlparse(self.path).query)),
                 "size": list(size) if size else None, "bytes": len(data),
                 "header_key": self.headers.get("X-Api-Key")}
        with open(self.log, "a") as f:
            f.write(json.dumps(entry) + "\n")
        if self.mode == "slow":
            time.sleep(self.delay)
        if self.mode in ("ok", "slow"):
            body = json.dumps({"inferences": [{"type": "entity", "entity": {
                "tag": {"value": "thing", "confidence": 0.9}, "box": {"l": 0.25, "t": 0.25, "w": 0.5, "h": 0.5}}}]}).encode()
            self.reply(200, "application/json", body)
        elif self.mode == "empty":
            self.reply(204, None, b"")
        elif self.mode == "busy":
            self.reply(503, "application/json", b"{}", {"Retry-After": self.retry_after})
        elif self.mode == "error":
            self.reply(500, "text/plain", b"it broke")
        else:  # garbage
            self.reply(200, "text/plain", b"not json \x00\x01")

    def reply(self, status, content_type, body, headers=None):
        self.send_response(status)
        if content_type:
            self.send_header("Content-Type", content_type)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--mode", default="ok")
    p.add_argument("--delay", type=float, default=3.0)
    p.add_argument("--log", required=True)
    a = p.parse_args()
    Handler.mode, Handler.delay, Handler.log = a.mode, a.delay, a.log
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(f"listening on {server.server_port}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
