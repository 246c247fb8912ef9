#!/usr/bin/python3
"""Reads a site's RSS and Atom feeds with a real feed reader's parser (feedparser) and checks
what any reader needs of them; run by tests/cli/feeds_test.cpp on feeds the server served.

Usage: /usr/bin/python3 feed_check.py RSS_FILE ATOM_FILE --title TITLE [--text TEXT]... [--excerpt]

Each feed must parse without error (not "bozo"), be of its format, and have entries that all
carry a title, an absolute link, a publication date, an author and their content (only the
summary with --excerpt). An entry must be titled TITLE, and each TEXT must be in an entry's
content (or summary), character for character: the thin and no-break spaces of French
typography and accents survive the trip. Both feeds must name the same entries by the same
ids. Prints what is wrong and exits 1, or exits 0.

Run it with /usr/bin/python3: `feedparser` comes from Debian's python3-feedparser.
"""

import argparse
import sys

import feedparser


def check_feed(path, version, args, problems):
    with open(path, "rb") as file:
        parsed = feedparser.parse(file.read())
    name = f"{path} ({version})"
    if parsed.bozo:
        problems.append(f"{name}: not well-formed: {parsed.bozo_exception}")
    if parsed.version != version:
        problems.append(f"{name}: read as {parsed.version!r}")
    if not parsed.feed.get("title"):
        problems.append(f"{name}: the feed has no title")
    if not parsed.entries:
        problems.append(f"{name}: no entries")
    for entry in parsed.entries:
        label = f"{name}: entry {entry.get('title', '?')!r}"
        for field in ("title", "link", "id", "author"):
            if not entry.get(field):
                problems.append(f"{label} has no {field}")
        if not entry.get("link", "").startswith(("http://", "https://")):
            problems.append(f"{label}: link {entry.get('link')!r} is not absolute")
        if not entry.get("published_parsed"):
            problems.append(f"{label} has no publication date")
        if not entry.get("summary"):
            problems.append(f"{label} has no summary")
        has_content = bool(entry.get("content")) and bool(entry.content[0].value)
        if has_content == args.excerpt:
            wanted = "only its summary" if args.excerpt else "its content"
            problems.append(f"{label} should carry {wanted}")
    titles = [entry.get("title") for entry in parsed.entries]
    if args.title not in titles:
        problems.append(f"{name}: no entry titled {args.title!r} among {titles!r}")
    texts = [
        entry.content[0].value if entry.get("content") else entry.get("summary", "")
        for entry in parsed.entries
    ]
    for wanted in args.text:
        if not any(wanted in text for text in texts):
            problems.append(f"{name}: no entry's text has {wanted!r}")
    return [entry.get("id") for entry in parsed.entries]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rss")
    parser.add_argument("atom")
    parser.add_argument("--title", required=True)
    parser.add_argument("--text", action="append", default=[])
    parser.add_argument("--excerpt", action="store_true")
    args = parser.parse_args()
    problems = []
    rss_ids = check_feed(args.rss, "rss20", args, problems)
    atom_ids = check_feed(args.atom, "atom10", args, problems)
    if rss_ids != atom_ids:
        problems.append(f"RSS ids {rss_ids!r} differ from Atom ids {atom_ids!r}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
