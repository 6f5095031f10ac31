#!/usr/bin/env python3
import json, os, queue, threading

from psutil import pid_exists   # NOTE: `pip install psutil`
from sys import exit, stdin, stdout
from time import sleep

BUFFER_SIZE = 4096
MESSAGE_SEPARATOR = b'\0'

def is_parent_process_alive(none_is_alive=True):
        ppid = os.getppid()
        if ppid is None:
            return none_is_alive
        return pid_exists(ppid)

def process_message(bit):
    try:
        events = json.loads(bit)
    except:
        return None
    # -------- USER DATA MANIPULATION STARTS HERE --------
    if type(events) is not list:
        events = [events]
    for event in events:
        # Modify input data
        event["was_externally_modified"] = "YES"
    # -------- USER DATA MANIPULATION ENDS HERE --------
    return events

def send_messages_thread(events_queue):
    while True:
        try:
            events = events_queue.get(block=False)
        except queue.Empty:
            sleep(0.001)
            continue
        # Dump events to stdout
        stdout.write(json.dumps(events)+"\n")
        stdout.flush()

def run():
    read_buffer = b""
    loops = 0

    os.set_blocking(stdin.fileno(), False)

    writer_queue = queue.Queue(maxsize=1024)
    writer_thread = threading.Thread(target=send_messages_thread, args=(writer_queue, ))
    writer_thread.start()

    while True:
        # Check if parent process is alive
        if loops % 10 == 1:
            if not is_parent_process_alive():
                exit(0)
        loops += 1

        # Read from stdin
        try:
            read_buffer += os.read(0, BUFFER_SIZE)
        except:
            pass
        if not MESSAGE_SEPARATOR in read_buffer:
            # Sleep 10ms to prevent 100% CPU usage
            sleep(0.001)
            continue

        # Split buffer into messages
        messages = read_buffer.split(MESSAGE_SEPARATOR)
        # Reset buffer
        read_buffer = b""
        for idx, message in enumerate(messages):
            events = process_message(message)
            # If event was not json string
            if events is None:
                # If it was the last message, save it to buffer
                if idx == len(messages)-1:
                    read_buffer = message
                continue
            for _ in range(20):
                try:
                    writer_queue.put(events, block=False)
                    break
                except queue.Full:
                    # Sleep 10ms to prevent 100% CPU usage
                    sleep(0.01)
                    continue

        # Sleep 10ms to prevent 100% CPU usage
        sleep(0.01)

if __name__ == '__main__':
    run()
