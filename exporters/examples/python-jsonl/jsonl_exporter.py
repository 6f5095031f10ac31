#!/usr/bin/env python3
"""An Evex (and CVEDIA-RT) exporter: reads NUL-separated JSON messages on stdin, writes one JSON
line per event. With --ack it makes each message durable (fsync) and reports "ack N" on stdout,
for descriptors with "delivery": "at-least-once"."""
import argparse
import json
import os
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--ack", action="store_true", help="fsync and acknowledge what was written")
    args = parser.parse_args()
    # relative paths mean the runtime's working directory, not this script's folder
    path = os.path.join(os.environ.get("EVEX_WORKDIR", "."), args.out)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    handled = 0
    with open(path, "a", encoding="utf-8") as out:
        for group in message_groups(sys.stdin.buffer):
            for message in group:
                events = json.loads(message)
                for event in events if isinstance(events, list) else [events]:
                    out.write(json.dumps(event, separators=(",", ":")) + "\n")
            handled += len(group)
            out.flush()  # once per read, not per message
            if args.ack:
                os.fsync(out.fileno())
                print(f"ack {handled}", flush=True)


if __name__ == "__main__":
    main()
