#!/usr/bin/env python3
# The attacker and the reader of bench/flood.sh: idle connections, then a slowloris attack,
# against a server on 127.0.0.1, while a reader times GETs; prints "name value" lines.
#
# Usage: flood_client.py PORT PIDS PATH IDLE SLOWLORIS SECONDS
#   PIDS       the server's processes, comma-separated (RSS is their sum; sockets are counted
#              in all of them)
#   PATH       the page the reader GETs
#   IDLE       idle connections to open and hold
#   SLOWLORIS  connections that trickle a request's head, one header line every 2 s
#   SECONDS    how long the slowloris attack lasts
import http.client
import os
import socket
import statistics
import sys
import time


def resident_kib(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


def open_sockets(pids):
    count = 0
    for pid in pids:
        folder = f"/proc/{pid}/fd"
        for name in os.listdir(folder):
            try:
                if os.readlink(f"{folder}/{name}").startswith("socket:"):
                    count += 1
            except OSError:
                pass  # closed meanwhile
    return count


def settled_sockets(pids):
    """The sockets held once connections closing meanwhile are gone: unchanged for 300 ms."""
    count, steady_since, deadline = open_sockets(pids), time.monotonic(), time.monotonic() + 3
    while time.monotonic() - steady_since < 0.3 and time.monotonic() < deadline:
        time.sleep(0.05)
        now = open_sockets(pids)
        if now != count:
            steady_since = time.monotonic()
        count = now
    return count


def connect(port, index):
    """Connection `index` to the server, from one of 64 loopback addresses in turn: finding a
    free local port for the ten-thousandth connection between the same two addresses makes
    the kernel search long, and the flood would take minutes to build."""
    return socket.create_connection(("127.0.0.1", port),
                                    source_address=(f"127.0.1.{1 + index % 64}", 0))


def timed_get(port, path):
    """Milliseconds a GET from a new connection takes; raises unless it answers 200."""
    started = time.monotonic()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path)
    answer = connection.getresponse()
    answer.read()
    connection.close()
    if answer.status != 200:
        raise RuntimeError(f"GET {path} answered {answer.status}")
    return (time.monotonic() - started) * 1000


def wait_for(condition, patience):
    deadline = time.monotonic() + patience
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(name, value):
    print(f"{name} {value}", flush=True)


def idle_flood(port, pids, path, count):
    timed_get(port, path)  # rendered once, as before any flood
    sockets_before = settled_sockets(pids)
    report("idle_rss_kib_before", resident_kib(pids))
    started = time.monotonic()
    flood = [connect(port, index) for index in range(count)]
    wait_for(lambda: open_sockets(pids) - sockets_before >= count, 30)
    report("idle_connect_seconds", f"{time.monotonic() - started:.1f}")
    report("idle_connections_held", open_sockets(pids) - sockets_before)
    waits = []
    until = time.monotonic() + 5
    while time.monotonic() < until:
        waits.append(timed_get(port, path))
        time.sleep(0.1)
    report("idle_rss_kib_during", resident_kib(pids))
    report("idle_get_ms_p50", f"{statistics.median(waits):.2f}")
    report("idle_get_ms_max", f"{max(waits):.2f}")
    for connection in flood:
        connection.close()
    report("idle_first_get_ms_after", f"{timed_get(port, path):.2f}")
    wait_for(lambda: open_sockets(pids) <= sockets_before, 10)
    report("idle_rss_kib_after", resident_kib(pids))


def slowloris(port, pids, path, count, seconds):
    report("slowloris_rss_kib_before", resident_kib(pids))
    attackers = []
    for _ in range(count):
        attacker = connect(port, len(attackers))
        attacker.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        attacker.setblocking(False)
        attackers.append(attacker)
    started = time.monotonic()
    alive = set(range(count))
    all_cut_at = None
    waits, rss = [], []
    next_line, line = started + 2, 0
    while time.monotonic() < started + seconds:
        if time.monotonic() >= next_line:
            for index in list(alive):
                try:
                    attackers[index].send(f"X-Line-{line}: 1\r\n".encode())
                except OSError:
                    alive.discard(index)  # the server ended it
            line += 1
            next_line += 2
        for index in list(alive):
            try:
                if attackers[index].recv(1, socket.MSG_PEEK) == b"":
                    alive.discard(index)
            except BlockingIOError:
                pass
            except OSError:
                alive.discard(index)
        if not alive and all_cut_at is None:
            all_cut_at = time.monotonic() - started
        waits.append(timed_get(port, path))
        rss.append(resident_kib(pids))
        time.sleep(0.1)
    report("slowloris_connections", count)
    report("slowloris_cut", count - len(alive))
    report("slowloris_all_cut_seconds", f"{all_cut_at:.1f}" if all_cut_at is not None else "never")
    report("slowloris_rss_kib_during_max", max(rss))
    report("slowloris_get_ms_p50", f"{statistics.median(waits):.2f}")
    report("slowloris_get_ms_max", f"{max(waits):.2f}")
    for attacker in attackers:
        attacker.close()
    report("slowloris_first_get_ms_after", f"{timed_get(port, path):.2f}")
    time.sleep(1)
    report("slowloris_rss_kib_after", resident_kib(pids))


def main():
    if len(sys.argv) != 7:
        sys.exit("usage: flood_client.py PORT PIDS PATH IDLE SLOWLORIS SECONDS")
    port, pids, path = int(sys.argv[1]), sys.argv[2].split(","), sys.argv[3]
    idle, attackers, seconds = int(sys.argv[4]), int(sys.argv[5]), float(sys.argv[6])
    idle_flood(port, pids, path, idle)
    slowloris(port, pids, path, attackers, seconds)


if __name__ == "__main__":
    main()
