#!/usr/bin/python3
"""Timing client for bench/search.sh: the 20 typical queries through the HTTP server.

  search_client.py PORT QUERIES_FILE ROUNDS PEER_PATH

Sequential (one connection, keep-alive): every query ROUNDS times, then PEER_PATH (a page
the server answers from memory) as many times, for the ratio. Then 4 connections at once
for 10 s cycling the queries. Prints "key value" lines: p50/p99/max in ms, results per
query, requests per second.
"""
import http.client
import statistics
import sys
import threading
import time
import urllib.parse

port, queries_file, rounds, peer_path = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
queries = [line.strip() for line in open(queries_file, encoding="utf-8") if line.strip()]
paths = ["/search?q=" + urllib.parse.quote(q) for q in queries]
HEADERS = {"Accept-Encoding": "gzip, br", "User-Agent": "Mozilla/5.0 (bench search)"}


def fetch(connection, path):
    start = time.perf_counter()
    connection.request("GET", path, headers=HEADERS)
    response = connection.getresponse()
    body = response.read()
    elapsed = (time.perf_counter() - start) * 1000
    if response.status != 200:
        raise SystemExit(f"GET {path}: {response.status}")
    return elapsed, body


def percentile(values, p):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
for path in paths:  # warm: the first search of a word reads its index pages from disk
    fetch(connection, path)

timings, per_query = [], {}
for _ in range(rounds):
    for query, path in zip(queries, paths):
        elapsed, _ = fetch(connection, path)
        timings.append(elapsed)
        per_query.setdefault(query, []).append(elapsed)
peer = [fetch(connection, peer_path)[0] for _ in range(len(timings))]

# How many articles each query finds, from an uncompressed page's count line.
plain = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
for query, path in zip(queries, paths):
    plain.request("GET", path)
    page = plain.getresponse().read().decode("utf-8")
    count = page.split('<p class="count">', 1)[1].split("<", 1)[0] if '<p class="count">' in page else "?"
    print(f"query {statistics.median(per_query[query]):.2f} ms\t{count}\t{query}")

print(f"requests {len(timings)}")
print(f"p50_ms {percentile(timings, 50):.2f}")
print(f"p99_ms {percentile(timings, 99):.2f}")
print(f"max_ms {max(timings):.2f}")
print(f"peer_p50_ms {percentile(peer, 50):.3f}")
print(f"ratio_p50 {percentile(timings, 50) / percentile(peer, 50):.1f}")

done = 0
lock = threading.Lock()
deadline = time.perf_counter() + 10


def reader(offset):
    global done
    own = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = offset
    while time.perf_counter() < deadline:
        fetch(own, paths[i % len(paths)])
        i += 1
        with lock:
            done += 1


threads = [threading.Thread(target=reader, args=(k * 5,)) for k in range(4)]
started = time.perf_counter()
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(f"concurrent_rps {done / (time.perf_counter() - started):.1f}")
