#!/usr/bin/env python3
# The targets of `make security` (scripts/security.sh): every form and every parameter a
# running Tribune site offers, public and admin, found on its own pages, one line each.
#
# Usage: security_targets.py BASE_URL SESSION_COOKIE LOGIN_TOKEN > targets.tsv
# Each line: METHOD <tab> URL <tab> BODY <tab> WHO, where WHO says which cookie the request
# needs ("public": none, "login": the login form's token cookie, "admin": the signed-in
# session). A GET form becomes a URL with its parameters; a path segment the router looks up
# in the database (a slug, a token, a page number) is marked with sqlmap's "*".
import html.parser
import re
import sys
import urllib.parse
import urllib.request

# Forms sqlmap must not submit: they would end the scan's own session.
SKIPPED_ACTIONS = re.compile(r"/logout/")
# The form that changes the signed-in account's password (and ends its sessions).
PASSWORD_FORM = "/admin/password/"
# Admin pages never worth a visit for forms.
SKIPPED_PAGES = re.compile(r"/admin/(assets|login|logout)/|\.(css|js|csv|png|svg)$|/export/")


class Forms(html.parser.HTMLParser):
    """The forms of a page and the links it holds, as an HTML parser sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self.links, self._form = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = {"method": (attrs.get("method") or "get").upper(),
                          "action": attrs.get("action") or "", "fields": [],
                          "multipart": "multipart" in (attrs.get("enctype") or "")}
            self.forms.append(self._form)
        elif self._form is not None and tag in ("input", "select", "textarea", "button"):
            self._field(tag, attrs)
        elif self._form is not None and tag == "option" and self._form["fields"]:
            name, value = self._form["fields"][-1]
            if value is None:  # a select's first option is its value
                self._form["fields"][-1] = (name, attrs.get("value", ""))

    def _field(self, tag, attrs):
        name = attrs.get("name")
        if not name:
            return
        kind = (attrs.get("type") or "text").lower()
        if kind in ("checkbox", "radio") and "checked" not in attrs:
            return
        if kind in ("submit", "button", "file") or tag == "button":
            if tag == "button" and attrs.get("value"):
                self._form["fields"].append((name, attrs["value"]))
            return
        # A trap for robots (hidden from people, left empty by them) stays empty, so that the
        # request is not taken for a robot's and still reaches the database.
        # A hidden field keeps its value, empty or not (an empty "parent": no comment answered).
        trap = attrs.get("tabindex") == "-1"
        value = attrs.get("value") if tag != "select" else None
        if tag == "textarea":
            value = ""
        if not value and not trap and tag != "select" and kind != "hidden":
            value = {"email": "scan@example.org", "url": "https://example.org",
                     "number": "1", "date": "2025-07-01", "datetime-local": "2025-07-01T09:00",
                     "password": "scan-password-123"}.get(kind, "Scan")
        self._form["fields"].append((name, value))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def fetch(url, cookie):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return answer.read().decode("utf-8", "replace")


def page_forms(base, path, cookie):
    parser = Forms()
    parser.feed(fetch(base + path, cookie))
    return parser


def shape(path):
    """The kind of a path: numbers, tokens and marked slugs replaced, so that one page of each
    kind is seen and each kind of injection point tested once."""
    path = re.sub(r"[0-9a-f]{16,}|\d+", "N", path.split("?")[0])
    return re.sub(r"[^/]+\*", "S*", path)


def main():
    base, session, login_token = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    admin_cookie = f"tribune_session={session}"
    targets, seen = [], set()

    def add(method, url, body, who):
        names = urllib.parse.parse_qsl(body or url.partition("?")[2], keep_blank_values=True)
        key = (method, shape(url.removeprefix(base)), tuple(sorted(k for k, _ in names)), who)
        if key not in seen:
            seen.add(key)
            targets.append((method, url, body, who))

    def add_forms(path, parser, who):
        for form in parser.forms:
            action = urllib.parse.urljoin(path, form["action"] or path)
            if SKIPPED_ACTIONS.search(action) or form["multipart"] or not form["fields"]:
                continue
            fields = [(name, value or "") for name, value in form["fields"]]
            body = urllib.parse.urlencode(fields)
            if form["method"] == "GET":
                add("GET", base + action.split("?")[0] + "?" + body, "", who)
            else:
                add("POST", base + action, body, who)

    # The public site: the home page, an article (comment and subscription forms), a list of
    # each kind, the search page, a subscriber's pages (their signed links).
    home = page_forms(base, "/", "")
    add_forms("/", home, "public")
    public_pages = ["/search?q=mali", "/en/search?q=mali"] + [
        link for link in home.links
        if link.startswith("/") and not link.startswith("/admin")]
    shapes = set()
    for path in public_pages + sys.stdin.read().split():
        if shape(path) in shapes:
            continue
        shapes.add(shape(path))
        try:
            add_forms(path, page_forms(base, path, ""), "public")
        except urllib.error.HTTPError:
            continue
        # Path segments looked up by slug or token, and list pages' numbers.
        marked = re.sub(r"^(/(?:category|tag|author)/[^/]+)/", r"\1*/", path)
        marked = re.sub(r"^(/subscription/[a-z]+/[^/]+)/$", r"\1*/", marked)
        marked = re.sub(r"/page/(\d+)/", r"/page/\1*/", marked)
        marked = re.sub(r"^(/\d{4}/\d\d/\d\d/[^/]+)/$", r"\1*/", marked)
        if "*" in marked:
            add("GET", base + marked, "", "public")
    # WordPress's old addresses and search, which the router reads from the query.
    # The ids are those of tests/data/wordpress/newsroom.wxr, imported into the site.
    for query in ("p=101", "page_id=108", "cat=3", "tag=securite", "author=1",
                  "attachment_id=201", "feed=rss2", "s=mali&page=1"):
        add("GET", f"{base}/?{query}", "", "public")
    add("GET", f"{base}/search?q=mali&page=1", "", "public")

    # The login form, with the token its cookie carries.
    login = urllib.parse.urlencode({"login_token": login_token, "next": "/admin/articles/",
                                    "email": "scan@example.org", "password": "wrong-password"})
    add("POST", f"{base}/admin/login/", login, "login")
    add("GET", f"{base}/admin/login/?next=/admin/articles/", "", "public")

    # The admin: every page the dashboard's links lead to, and the pages theirs lead to, one of
    # each kind (one article's editor, one comment, one subscriber...).
    queue, visited = ["/admin/"], set()
    while queue and len(visited) < 80:
        path = queue.pop(0)
        if shape(path) in visited or SKIPPED_PAGES.search(path):
            continue
        visited.add(shape(path))
        try:
            parser = page_forms(base, path, admin_cookie)
        except urllib.error.HTTPError:
            continue
        add_forms(path, parser, "admin")
        if "?" in path:
            add("GET", base + path, "", "admin")
        for link in parser.links:
            link = urllib.parse.urljoin(path, link).split("#")[0]
            if link.startswith("/admin/"):
                queue.append(link)

    # A new password ends every session, the scan's too: that form goes last.
    targets.sort(key=lambda target: PASSWORD_FORM in target[1])
    for method, url, body, who in targets:
        print(f"{method}\t{url}\t{body}\t{who}")


if __name__ == "__main__":
    main()
