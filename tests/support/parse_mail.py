#!/usr/bin/python3
"""Parses one email file with Python's own `email` package, as a second opinion on what
Tribune writes, and prints what it found as JSON on stdout.

Usage: /usr/bin/python3 parse_mail.py FILE [--dkim-dns TXT_FILE]

Output (one JSON object):
  headers       {lower-case name: [decoded values, in order]}: RFC 2047 decoded, unfolded
  content_type  the message's content type ("multipart/alternative", "text/plain")
  parts         [{"content_type", "charset", "content"}] for each leaf part, in order; content
                is the decoded text (transfer encoding and charset undone, lines ending in \n)
  defects       ["ClassName: description"] for every defect the parser noticed, in any part
  dkim_valid    (with --dkim-dns) whether the DKIM-Signature verifies, with TXT_FILE's content
                ("v=DKIM1; k=rsa; p=...") as the answer to every DNS query

Exit status 0 when the file could be read and parsed, 2 otherwise (with a message on stderr).
Run it with /usr/bin/python3: `dkim` comes from Debian's python3-dkim.
"""

import argparse
import email.parser
import email.policy
import json
import sys


def describe_defects(message):
    found = []
    for part in message.walk():
        for defect in part.defects:
            found.append(f"{type(defect).__name__}: {defect}")
    return found


def leaf_parts(message):
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        try:
            content = part.get_content()
        except Exception as error:  # an undecodable part is reported, not fatal
            content = f"<cannot decode: {error}>"
        if isinstance(content, bytes):
            content = content.decode("utf-8", "replace")
        elif not isinstance(content, str):
            content = str(content)
        content = content.replace("\r\n", "\n")
        parts.append({
            "content_type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "content": content,
        })
    return parts


def verify_dkim(data, dns_file):
    import dkim  # python3-dkim

    with open(dns_file, "rb") as f:
        record = f.read().strip()

    def dnsfunc(name, timeout=5):
        return record

    try:
        return bool(dkim.verify(data, dnsfunc=dnsfunc))
    except Exception as error:  # a malformed signature is simply not valid
        print(f"dkim: {error}", file=sys.stderr)
        return False


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file")
    parser.add_argument("--dkim-dns", help="file holding the DKIM TXT record")
    args = parser.parse_args()

    try:
        with open(args.file, "rb") as f:
            data = f.read()
    except OSError as error:
        print(f"parse_mail: {error}", file=sys.stderr)
        return 2

    message = email.parser.BytesParser(policy=email.policy.default).parsebytes(data)
    headers = {}
    for name, value in message.items():
        headers.setdefault(name.lower(), []).append(str(value))
    result = {
        "headers": headers,
        "content_type": message.get_content_type(),
        "parts": leaf_parts(message),
        "defects": describe_defects(message),
    }
    if args.dkim_dns:
        result["dkim_valid"] = verify_dkim(data, args.dkim_dns)
    json.dump(result, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
