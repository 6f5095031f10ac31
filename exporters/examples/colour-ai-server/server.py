#!/usr/bin/env python3
"""A small AI server in the Azure LVA HTTP extension style, Python standard library only: it finds
blobs of one colour (red by default) in the pictures POSTed to it and answers their boxes as
"entity" inferences (204 when there are none). Evex's http_extension stage (or any LVA-style
pipeline) can call it. It reads BMP (24/32-bit) and raw pixels (image/x-raw; format=bgr24|rgb24;
width=..; height=..) itself, and JPEG/PNG when Pillow is installed.

    python3 server.py --port 7001 [--colour red|green|blue|bright] [--min-share 0.002]
"""
import argparse
import io
import json
import struct
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

GRID = 4  # look at one pixel in GRID x GRID: plenty for blobs, and fast in pure Python


def parse_params(content_type):
    """'image/x-raw; format=bgr24; width=640' -> ('image/x-raw', {'format': 'bgr24', 'width': '640'})"""
    parts = [p.strip() for p in (content_type or "").split(";")]
    params = {}
    for p in parts[1:]:
        if "=" in p:
            k, v = p.split("=", 1)
            params[k.strip().lower()] = v.strip()
    return parts[0].lower(), params


def read_bmp(data):
    """Pixels of an uncompressed 24- or 32-bit BMP as (width, height, rows of (r, g, b) getters)."""
    if data[:2] != b"BM":
        raise ValueError("not a BMP")
    offset = struct.unpack_from("<I", data, 10)[0]
    width, height = struct.unpack_from("<ii", data, 18)
    bits = struct.unpack_from("<H", data, 28)[0]
    if bits not in (24, 32):
        raise ValueError(f"{bits}-bit BMP: only 24 and 32")
    step = bits // 8
    stride = (width * step + 3) & ~3
    bottom_up = height > 0
    height = abs(height)

    def pixel(x, y):
        row = height - 1 - y if bottom_up else y
        i = offset + row * stride + x * step
        return data[i + 2], data[i + 1], data[i]  # stored as B, G, R

    return width, height, pixel


def read_raw(data, params, headers):
    fmt = (params.get("format") or headers.get("X-Pixel-Format") or "bgr24").lower()
    width = int(params.get("width") or headers.get("X-Image-Width"))
    height = int(params.get("height") or headers.get("X-Image-Height"))
    if fmt not in ("bgr24", "rgb24"):
        raise ValueError(f"raw format {fmt}: only bgr24 and rgb24")
    if len(data) != width * height * 3:
        raise ValueError(f"{len(data)} bytes is not {width}x{height} {fmt}")

    def pixel(x, y):
        i = (y * width + x) * 3
        a, b, c = data[i], data[i + 1], data[i + 2]
        return (c, b, a) if fmt == "bgr24" else (a, b, c)

    return width, height, pixel


def read_with_pillow(data):
    try:
        from PIL import Image
    except ImportError:
        raise LookupError("JPEG and PNG need Pillow (python3-pil); send BMP or raw pixels instead")
    image = Image.open(io.BytesIO(data)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    return width, height, lambda x, y: pixels[x, y]


def wanted(colour):
    if colour == "red":
        return lambda r, g, b: r > 110 and r > 1.6 * g and r > 1.6 * b
    if colour == "green":
        return lambda r, g, b: g > 90 and g > 1.4 * r and g > 1.4 * b
    if colour == "blue":
        return lambda r, g, b: b > 90 and b > 1.4 * r and b > 1.3 * g
    return lambda r, g, b: r + g + b > 690  # bright


def blobs(width, height, pixel, match, min_share):
    """Boxes (l, t, w, h, fill) of the connected groups of matching grid cells."""
    cols, rows = max(1, width // GRID), max(1, height // GRID)
    hit = [[match(*pixel(c * GRID, r * GRID)) for c in range(cols)] for r in range(rows)]
    seen = [[False] * cols for _ in range(rows)]
    found = []
    for r0 in range(rows):
        for c0 in range(cols):
            if not hit[r0][c0] or seen[r0][c0]:
                continue
            stack, cells = [(r0, c0)], 0
            seen[r0][c0] = True
            top, left, bottom, right = r0, c0, r0, c0
            while stack:
                r, c = stack.pop()
                cells += 1
                top, left, bottom, right = min(top, r), min(left, c), max(bottom, r), max(right, c)
                for nr, nc in ((r + 1, c), (r - 1, c), (r, c + 1), (r, c - 1)):
                    if 0 <= nr < rows and 0 <= nc < cols and hit[nr][nc] and not seen[nr][nc]:
                        seen[nr][nc] = True
                        stack.append((nr, nc))
            if cells < min_share * cols * rows:
                continue
            w, h = right - left + 1, bottom - top + 1
            found.append((left / cols, top / rows, w / cols, h / rows, cells / (w * h)))
    return found


class Handler(BaseHTTPRequestHandler):
    colour = "red"
    min_share = 0.002
    requests = 0

    def log_message(self, fmt, *args):
        pass  # one line per request would drown a terminal at 25 fps

    def answer(self, status, body=None):
        payload = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length)
        kind, params = parse_params(self.headers.get("Content-Type"))
        try:
            if kind == "image/bmp":
                width, height, pixel = read_bmp(data)
            elif kind == "image/x-raw":
                width, height, pixel = read_raw(data, params, self.headers)
            elif kind in ("image/jpeg", "image/png"):
                width, height, pixel = read_with_pillow(data)
            else:
                return self.answer(415, {"error": f"cannot read {kind}"})
        except LookupError as e:
            return self.answer(415, {"error": str(e)})
        except (ValueError, struct.error, TypeError) as e:
            return self.answer(400, {"error": f"bad picture: {e}"})
        found = blobs(width, height, pixel, wanted(self.colour), self.min_share)
        if not found:
            return self.answer(204)
        inferences = [{
            "type": "entity",
            "entity": {
                "tag": {"value": self.colour, "confidence": round(min(1.0, 0.5 + fill / 2), 4)},
                "box": {"l": round(l, 4), "t": round(t, 4), "w": round(w, 4), "h": round(h, 4)},
            },
        } for (l, t, w, h, fill) in found]
        self.answer(200, {"inferences": inferences})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=7001)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--colour", choices=["red", "green", "blue", "bright"], default="red")
    parser.add_argument("--min-share", type=float, default=0.002, help="smallest blob, as a share of the picture")
    args = parser.parse_args()
    Handler.colour, Handler.min_share = args.colour, args.min_share
    server = ThreadingHTTPServer((args.bind, args.port), Handler)
    print(f"colour AI server: {args.colour} blobs at http://{args.bind}:{server.server_port}/score", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
