#!/usr/bin/env python3
"""bench/lib/walk-pages.py BASE_URL KEY_FILE — every GET a full `featherctl sources` listing
makes over the API, in the order a sequential walk makes them: the KB list pages
(limit=200, following next_cursor), then each KB's source pages. One URI a line on stdout.
One keep-alive connection, so walking 4,000 KBs takes seconds, not one curl and jq per page."""
import http.client
import json
import sys
import urllib.parse

base, key_file = sys.argv[1], sys.argv[2]
with open(key_file, encoding="utf-8") as f:
    key = f.read().strip()
url = urllib.parse.urlsplit(base)
conn = http.client.HTTPConnection(url.hostname, url.port)
prefix = url.path.rstrip("/") + "/v1/knowledge-base"


def walk(path):
    """Yields (uri, items) for every page of the cursor-paged list at `path`."""
    cursor = None
    while True:
        uri = f"{prefix}{path}?limit=200"
        if cursor:
            uri += "&cursor=" + urllib.parse.quote(cursor, safe="")
        conn.request("GET", uri, headers={"x-api-key": key})
        reply = conn.getresponse()
        body = reply.read()
        if reply.status != 200:
            sys.exit(f"walk-pages: {uri}: HTTP {reply.status}")
        page = json.loads(body)
        yield uri, page["items"]
        if not page.get("has_more"):
            return
        cursor = page["next_cursor"]


kbs = []
out = sys.stdout
for uri, items in walk("/knowledge-bases"):
    out.write(f"{url.scheme}://{url.netloc}{uri}\n")
    kbs.extend(item["id"] for item in items)
for kb in kbs:
    for uri, _ in walk(f"/knowledge-bases/{kb}/sources"):
        out.write(f"{url.scheme}://{url.netloc}{uri}\n")
