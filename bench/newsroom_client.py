#!/usr/bin/python3
"""Helpers of bench/newsroom.sh.

  newsroom_client.py urls --db FILE --out DIR [--seed S] [--crawl-max N]
      reads the site's database (articles, sections, authors, tags, comments, settings) and
      writes the URL lists the scenario needs, one path a line:
        DIR/uncached.txt   300 article pages (older articles, drawn at random)
        DIR/readers.txt    the 200 newest articles; the first 10 are the hot ones
        DIR/lists.txt      "LABEL PATH": home, a section's page 1, a deep page of it, an author,
                           a tag, /most-read.json
        DIR/crawl.txt      every archive page (articles, their older comment pages, section,
                           author and tag lists with their /page/N/), shuffled, cut at N
      and prints "key value" lines (counts) on stdout.

  newsroom_client.py latency --port P [--user-agent UA] [--max-seconds S] FILE
      fetches each path of FILE (or each "LABEL PATH" line) once, one at a time over one
      keep-alive connection (http.client), with Accept-Encoding: gzip, and prints
      "LABEL MS STATUS BYTES" per request, then "p50 MS" and "p99 MS" (nearest rank),
      "failures N" (answers other than 200) and "fetched N" (fewer than the lines of FILE
      when S seconds ran out first).
"""
import argparse
import datetime
import http.client
import math
import os
import random
import sqlite3
import sys
import time

# Tribune refuses list pages past this one (src/site/page_builder.cpp, kMaxListPage).
MAX_LIST_PAGE = 1000


def setting(db, key, default):
    row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
    return int(row[0]) if row else default


def permalink(slug, published_at):
    # The default site.permalink, /%year%/%monthnum%/%day%/%postname%/, in UTC as Tribune.
    day = datetime.datetime.fromtimestamp(published_at, datetime.timezone.utc)
    return "/%04d/%02d/%02d/%s/" % (day.year, day.month, day.day, slug)


def list_pages(base, count, per_page):
    pages = min(max(1, math.ceil(count / per_page)), MAX_LIST_PAGE)
    return [base] + [f"{base}page/{n}/" for n in range(2, pages + 1)], math.ceil(count / per_page)


def urls(args):
    db = sqlite3.connect(f"file:{args.db}?mode=ro", uri=True)
    per_page = setting(db, "list.per_page", 10)
    comments_per_page = setting(db, "comments.per_page", 50)
    rows = db.execute("SELECT id, slug, published_at FROM articles WHERE draft = 0 "
                      "ORDER BY published_at DESC, id DESC").fetchall()
    article_paths = {row[0]: permalink(row[1], row[2]) for row in rows}
    rng = random.Random(args.seed)
    os.makedirs(args.out, exist_ok=True)

    newest = [article_paths[row[0]] for row in rows[:200]]
    older = [article_paths[row[0]] for row in rows[200:]] or [article_paths[row[0]] for row in rows]
    uncached = rng.sample(older, min(300, len(older)))
    with open(os.path.join(args.out, "readers.txt"), "w") as f:
        f.write("\n".join(newest) + "\n")
    with open(os.path.join(args.out, "uncached.txt"), "w") as f:
        f.write("\n".join(uncached) + "\n")

    crawl = list(article_paths.values())
    # Older pages of comments: the article shows the newest page, links to the older ones.
    comment_pages = 0
    for article_id, threads in db.execute(
            "SELECT article_id, COUNT(*) FROM comments WHERE status = 'approved' AND parent_id IS NULL "
            "GROUP BY article_id"):
        pages = math.ceil(threads / comments_per_page)
        for page in range(1, pages):
            crawl.append(f"{article_paths[article_id]}comment-page-{page}/")
            comment_pages += 1

    section_counts = db.execute(
        "SELECT s.path, (SELECT COUNT(*) FROM articles a JOIN sections x ON x.id = a.section_id "
        "WHERE a.draft = 0 AND (x.path = s.path OR x.path LIKE s.path || '/%')) FROM sections s").fetchall()
    author_counts = db.execute(
        "SELECT au.slug, COUNT(a.id) FROM authors au LEFT JOIN articles a ON a.author_id = au.id "
        "AND a.draft = 0 GROUP BY au.id").fetchall()
    tag_counts = db.execute(
        "SELECT t.slug, COUNT(*) FROM tags t JOIN article_tags at ON at.tag_id = t.id "
        "JOIN articles a ON a.id = at.article_id AND a.draft = 0 GROUP BY t.id").fetchall()
    lists = 0
    unreachable = 0  # list pages past MAX_LIST_PAGE
    for prefix, counts in (("/category/", section_counts), ("/author/", author_counts),
                           ("/tag/", tag_counts)):
        for name, count in counts:
            pages, wanted = list_pages(f"{prefix}{name}/", count, per_page)
            crawl += pages
            lists += len(pages)
            unreachable += max(0, wanted - len(pages))

    biggest_section = max((c, p) for p, c in section_counts if "/" not in p)
    section_pages = min(max(1, math.ceil(biggest_section[0] / per_page)), MAX_LIST_PAGE)
    deep = min(300, section_pages)
    section_base = f"/category/{biggest_section[1]}/"
    author = max((c, s) for s, c in author_counts)[1]
    tag = max((c, s) for s, c in tag_counts)[1]
    with open(os.path.join(args.out, "lists.txt"), "w") as f:
        f.write("home /\n")
        f.write(f"section {section_base}\n")
        f.write(f"section_deep {section_base}page/{deep}/\n" if deep > 1 else f"section_deep {section_base}\n")
        f.write(f"author /author/{author}/\n")
        f.write(f"tag /tag/{tag}/\n")
        f.write("most_read /most-read.json\n")

    total = len(crawl)
    rng.shuffle(crawl)
    walked = crawl[:args.crawl_max] if args.crawl_max > 0 else crawl
    with open(os.path.join(args.out, "crawl.txt"), "w") as f:
        f.write("\n".join(walked) + "\n")
    print(f"articles {len(rows)}")
    print(f"comment_pages {comment_pages}")
    print(f"list_pages {lists}")
    print(f"list_pages_unreachable {unreachable}")
    print(f"archive_pages {total}")
    print(f"crawl_urls {len(walked)}")
    print(f"deep_page {deep}")
    print(f"section_pages {section_pages}")


def latency(args):
    conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=600)
    headers = {"User-Agent": args.user_agent, "Accept-Encoding": "gzip", "Accept": "text/html"}
    times = []
    failures = 0
    with open(args.file) as f:
        lines = [line.split() for line in f if line.strip()]
    deadline = time.monotonic() + args.max_seconds if args.max_seconds > 0 else None
    for parts in lines:
        if deadline is not None and time.monotonic() > deadline:
            break
        label, path = (parts[0], parts[1]) if len(parts) == 2 else (parts[0], parts[0])
        for attempt in (1, 2):
            try:
                started = time.perf_counter()
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                body = response.read()
                elapsed = (time.perf_counter() - started) * 1000
                break
            except (http.client.HTTPException, OSError):
                # The server closed an idle connection: reconnect once, then give up.
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=600)
                if attempt == 2:
                    raise
        if response.status != 200:
            failures += 1
        times.append(elapsed)
        print(f"{label} {elapsed:.2f} {response.status} {len(body)}")
    times.sort()

    def rank(p):
        return times[max(0, math.ceil(p / 100 * len(times)) - 1)] if times else float("nan")

    print(f"p50 {rank(50):.2f}")
    print(f"p99 {rank(99):.2f}")
    print(f"failures {failures}")
    print(f"fetched {len(times)}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    u = sub.add_parser("urls")
    u.add_argument("--db", required=True)
    u.add_argument("--out", required=True)
    u.add_argument("--seed", type=int, default=42)
    u.add_argument("--crawl-max", type=int, default=0)
    lat = sub.add_parser("latency")
    lat.add_argument("--port", type=int, required=True)
    lat.add_argument("--user-agent", default="Mozilla/5.0 (Linux; Android 13) AppleWebKit/537.36 "
                     "(KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36")
    lat.add_argument("--max-seconds", type=float, default=0)
    lat.add_argument("file")
    args = parser.parse_args()
    urls(args) if args.command == "urls" else latency(args)


if __name__ == "__main__":
    sys.exit(main())
