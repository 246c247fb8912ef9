#!/usr/bin/python3
"""The peer of the mail benchmark: Python's smtplib sending one message file to N recipients,
one SMTP transaction each (MAIL FROM, RCPT TO, DATA) over one connection, as fast as the
server takes them. No database, no composing: the floor of what a client costs.

Usage: smtp_peer.py HOST PORT MESSAGE_FILE COUNT   (prints "SECONDS" when done)
"""
import smtplib
import sys
import time

host, port, path, count = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
with open(path, "rb") as f:
    message = f.read()
started = time.monotonic()
with smtplib.SMTP(host, port) as client:
    client.ehlo("bench.example")
    for i in range(count):
        client.sendmail("lettre@bench.example", [f"peer{i}@example.org"], message)
print(f"{time.monotonic() - started:.3f}")
