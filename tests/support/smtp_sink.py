#!/ usr / bin / python3
"""A real SMTP server for tests (aiosmtpd) that keeps every message it accepts in a folder.

Usage: /usr/bin/python3 smtp_sink.py --port N --dir DIR [options]
  --host HOST                 address to listen on (127.0.0.1)
  --port N                    port to listen on (required)
  --dir DIR                   where accepted messages go (created when missing)
  --temporary-failures N      answer "451 4.3.0 Try again later" to the first N RCPT TO
                              commands (counted over all connections), then accept
  --reject ADDRESS            answer "550 5.1.1 Mailbox unavailable" to RCPT TO for ADDRESS,
                              always (repeatable; compared without case)
  --reject-reply REPLY        the reply for --reject instead ("553 5.7.1 <news@…>: Sender address
                              rejected: not owned by user", as Postfix answers RCPT TO, say)
  --refuse-mail-from N        answer "553 5.7.1 Sender address rejected: not owned by user" to
                              the first N MAIL FROM commands (counted over all connections;
                              -1: every one), then accept: a relay refusing the site's sender
  --refuse-data N             answer the --data-refusal reply after the data of the first N
                              messages (-1: every one), then accept: a relay refusing the message
  --data-refusal REPLY        the reply for --refuse-data ("554 5.7.1 Message refused by policy")
  --auth USER:PASSWORD        require AUTH (PLAIN or LOGIN, offered without TLS) before MAIL
  --delay-ms N                wait N ms after the message's data before answering 250
  --idle-timeout SECONDS      close a connection idle for that long (aiosmtpd: 300)

Each accepted message becomes DIR/NNNNNN.eml (000001, 000002…: the raw bytes received after
DATA, dot-unstuffed, CRLF line ends) and DIR/NNNNNN.json:
  {"mail_from": "...", "rcpt_tos": ["..."], "connection": K}
where K numbers the TCP connections from 1, so a test can count them. The .json is written
first and each file is written under a temporary name then renamed: a test that sees
NNNNNN.eml can read both whole.

Every MAIL FROM, RCPT TO and end of DATA is also logged, as it is answered, to DIR/commands.log,
one line each: "MAIL FROM <address> 553", "RCPT TO <address> 250", "DATA 554", so that a test
can count what a client tried, refused or not.

Prints "ready PORT" on stdout (flushed) once listening; exits with status 0 on SIGTERM or
SIGINT or when its parent process is gone, and with status 1 when it cannot listen (the port
is taken, say).
Run it with /usr/bin/python3, which sees Debian's python3-aiosmtpd.
"""

import argparse
import asyncio
import json
import logging
import os
import re
import signal
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    """The aiosmtpd handler: decides each MAIL FROM, RCPT TO and DATA and stores each message."""

    def __init__(self, args):
        self.dir = args.dir
        self.temporary_failures = args.temporary_failures
        self.rejected = {address.lower() for address in args.reject}
        self.reject_reply = args.reject_reply
        self.refuse_mail_from = args.refuse_mail_from
        self.refuse_data = args.refuse_data
        self.data_refusal = args.data_refusal
        self.delay = args.delay_ms / 1000.0
        os.makedirs(self.dir, exist_ok=True)
        numbers = [int(name[:6]) for name in os.listdir(self.dir)
                   if re.fullmatch(r"\d{6}\.eml", name)]
        self.last_number = max(numbers, default=0)

    def log(self, line, reply):
        with open(os.path.join(self.dir, "commands.log"), "a", encoding="utf-8") as f:
            f.write(f"{line} {reply[:3]}\n")
        return reply

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        if self.refuse_mail_from != 0:
            self.refuse_mail_from -= 1 if self.refuse_mail_from > 0 else 0
            return self.log(f"MAIL FROM <{address}>",
                            f"553 5.7.1 <{address}>: Sender address rejected: not owned by user")
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return self.log(f"MAIL FROM <{address}>", "250 OK")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        line = f"RCPT TO <{address}>"
        if self.temporary_failures > 0:
            self.temporary_failures -= 1
            return self.log(line, "451 4.3.0 Try again later")
        if address.lower() in self.rejected:
            return self.log(line, self.reject_reply)
        envelope.rcpt_tos.append(address)
        return self.log(line, "250 OK")

    async def handle_DATA(self, server, session, envelope):
        if self.delay > 0:
            await asyncio.sleep(self.delay)
        if self.refuse_data != 0:
            self.refuse_data -= 1 if self.refuse_data > 0 else 0
            return self.log("DATA", self.data_refusal)
        self.last_number += 1
        stem = os.path.join(self.dir, f"{self.last_number:06d}")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            "connection": server.connection_number,
        }
        write_atomically(stem + ".json", json.dumps(meta).encode("utf-8"))
        write_atomically(stem + ".eml", envelope.original_content)
        return self.log("DATA", "250 OK")


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(data)
    os.rename(temporary, path)


def make_authenticator(user_password):
    user, _, password = user_password.partition(":")
    expected = LoginPassword(user.encode("utf-8"), password.encode("utf-8"))

    def authenticator(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=auth_data == expected, handled=False)

    return authenticator


async def stop_when_orphaned(stopped):
    """Stops the sink when the test that started it is gone (killed, crashed) without a
    SIGTERM, rather than leaving it to listen forever."""
    parent = os.getppid()
    while os.getppid() == parent:
        await asyncio.sleep(0.5)
    stopped.set()


async def serve(args):
    loop = asyncio.get_running_loop()
    handler = Sink(args)
    connections = 0
    options = {
  "timeout" : args.idle_timeout}
    if args.auth:
        options.update(authenticator=make_authenticator(args.auth), auth_required=True,
                       auth_require_tls=False)

    def new_connection():
        nonlocal connections
        connections += 1
        smtp = SMTP(handler, hostname="sink.test", **options)
        smtp.connection_number = connections
        return smtp

    try:
        server = await loop.create_server(new_connection, args.host, args.port)
    except OSError as error:
        print(f"smtp_sink: cannot listen on {args.host}:{args.port}: {error}", file=sys.stderr)
        return 1
    stopped = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stopped.set)
    print(f"ready {args.port}", flush=True)
    watcher = asyncio.create_task(stop_when_orphaned(stopped))
    await stopped.wait()
    watcher.cancel()
#Not server.wait_closed() : from Python 3.12 it waits for every client to hang up, and a
#test stopping the sink may still hold a connection open.
    server.close()
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--temporary-failures", type=int, default=0)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--reject-reply", default="550 5.1.1 Mailbox unavailable")
    parser.add_argument("--refuse-mail-from", type=int, default=0)
    parser.add_argument("--refuse-data", type=int, default=0)
    parser.add_argument("--data-refusal", default="554 5.7.1 Message refused by policy")
    parser.add_argument("--auth")
    parser.add_argument("--delay-ms", type=int, default=0)
    parser.add_argument("--idle-timeout", type=float, default=300.0)
    args = parser.parse_args()
#aiosmtpd logs every connection at INFO and warns about AUTH without TLS, which is the
#point here : keep stderr for real problems.
    logging.basicConfig(level=logging.ERROR)
    warnings.filterwarnings("ignore", message="Requiring AUTH while not requiring TLS")
    return asyncio.run(serve(args))


if __name__ == "__main__":
    sys.exit(main())
