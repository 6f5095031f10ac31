#!/usr/bin/env python3
"""An Evex (and CVEDIA-RT) exporter: reads NUL-separated JSON messages on stdin, writes one JSON
line per event. With --ack it makes each message durable (fsync) and reports "ack N" on stdout,
for descriptors with "delivery": "at-least-once". With --images DIR the pictures carried by crop
and best-crop events are saved as JPEG files under DIR/<channel>/, and the line names the file
instead of carrying the base64 picture."""
import argparse
import base64
import json
import os
import re
import sys


def message_groups(stream):
    """Yields the complete messages of each read; a message is an event object or an array of them."""
    pending = b""
    while True:
        chunk = stream.read1(65536)
        if not chunk:
            return  # EOF: the runtime is stopping
        *complete, pending = (pending + chunk).split(b"\0")
        if complete:
            yield complete


def safe(part):
    """A file name part made only of harmless characters (names come from the events)."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", str(part)).lstrip(".") or "_"


def save_image(event, folder):
    """Writes the event's picture to a file and puts the file's path in its place."""
    image = event.get("image")
    if not isinstance(image, dict) or "data" not in image:
        return
    suffix = "-best" if event.get("$id") == "best-crop" else ""
    name = f"{safe(event.get('ref_tracking_id', 'object'))}-{safe(event.get('frame_id', 0))}{suffix}.jpg"
    path = os.path.join(folder, safe(event.get("channel", "_")), name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as picture:
        picture.write(base64.b64decode(image.pop("data")))
    image["file"] = path


def drop_torn_tail(path):
    """A kill in the middle of a write leaves a partial last line; that event was never acknowledged,
    so it comes again, and the partial line is cut off rather than left to break every reader."""
    try:
        with open(path, "r+b") as f:
            size = f.seek(0, os.SEEK_END)
            if size == 0:
                return
            f.seek(size - 1)
            if f.read(1) == b"\n":
                return
            keep = size
            while keep > 0:
                step = min(65536, keep)
                f.seek(keep - step)
                block = f.read(step)
                newline = block.rfind(b"\n")
                if newline >= 0:
                    keep = keep - step + newline + 1
                    break
                keep -= step
            f.truncate(keep)
    except FileNotFoundError:
        pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--ack", action="store_true", help="fsync and acknowledge what was written")
    parser.add_argument("--images", help="save the pictures of crop events as JPEG files in this folder")
    args = parser.parse_args()
    # relative paths mean the runtime's working directory, not this script's folder
    workdir = os.environ.get("EVEX_WORKDIR", ".")
    path = os.path.join(workdir, args.out)
    images = os.path.join(workdir, args.images) if args.images else None
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    drop_torn_tail(path)
    handled = 0
    out = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        for group in message_groups(sys.stdin.buffer):
            lines = []
            for message in group:
                events = json.loads(message)
                for event in events if isinstance(events, list) else [events]:
                    if images:
                        save_image(event, images)
                    lines.append(json.dumps(event, separators=(",", ":")))
            # one write per read, so a kill tears at most the last line of it
            data = memoryview(("\n".join(lines) + "\n").encode("utf-8")) if lines else b""
            while data:
                data = data[os.write(out, data):]
            handled += len(group)
            if args.ack:
                os.fsync(out)
                print(f"ack {handled}", flush=True)
    finally:
        os.close(out)


if __name__ == "__main__":
    main()
