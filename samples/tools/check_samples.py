#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Checks the offline samples for consistency (and, optionally, against the vi-news corpus).

Usage (from the repository root):
    python3 samples/tools/check_samples.py [--seeds ../shared/seeds] [--corpus ../shared/eval/vi-news/corpus.jsonl.gz]

Checks: every HTML page is UTF-8 with <html lang="vi">, balanced tags, canonical/og:url equal to
its URL; every feed is well-formed XML whose links all map to mirror files (and every page is
in exactly one feed); sources.json points at existing feeds; expected.json has one entry per
page and its publishedAt matches the page's own metadata; seed paragraphs appear verbatim.
With --corpus: no 12-word run of a non-seed page is shared with any corpus article (seed pages
are reported, not failed: the seeds may themselves be corpus articles).
"""
import argparse
import glob
import gzip
import html
import json
import os
import re
import sys
import unicodedata
from html.parser import HTMLParser
from xml.dom import minidom

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
errors = []


def err(msg):
    errors.append(msg)


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.meta, self.links, self.text = [], [], {}, {}, []
        self.html_lang = None
        self.in_script = False
        self.jsonld = []
        self._script_type = None

    def handle_starttag(self, tag, attrs):
        d = dict(attrs)
        if tag == "html":
            self.html_lang = d.get("lang")
        if tag == "meta":
            k = d.get("property") or d.get("name") or d.get("itemprop")
            if k:
                self.meta[k] = d.get("content")
            if "charset" in d:
                self.meta["charset"] = d["charset"]
        if tag == "link" and d.get("rel"):
            self.links[d["rel"]] = d.get("href")
        if tag == "script":
            self.in_script = True
            self._script_type = d.get("type")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag == "script":
            self.in_script = False
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"unexpected </{tag}> (open: {self.stack[-3:]})")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
        else:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_script:
            if self._script_type == "application/ld+json":
                self.jsonld.append(data)
        else:
            self.text.append(data)


def tok(t):
    return re.findall(r"\w+", unicodedata.normalize("NFC", t).lower())


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default=os.path.join(SAMPLES, "..", "..", "shared", "seeds"))
    ap.add_argument("--corpus")
    args = ap.parse_args()

    expected = json.load(open(os.path.join(SAMPLES, "expected.json"), encoding="utf-8"))
    by_file = {x["file"]: x for x in expected}
    pages = sorted(os.path.relpath(p, SAMPLES) for p in glob.glob(os.path.join(SAMPLES, "mirror", "**", "*"), recursive=True)
                   if os.path.isfile(p))
    if sorted(by_file) != pages:
        err(f"expected.json files != mirror files: {set(by_file) ^ set(pages)}")
    texts = {}
    for rel in pages:
        x = by_file.get(rel)
        raw = open(os.path.join(SAMPLES, rel), "rb").read()
        s = raw.decode("utf-8")
        if s != unicodedata.normalize("NFC", s):
            err(f"{rel}: not NFC")
        if not rel.endswith((".html", ".htm")):
            err(f"{rel}: not .html/.htm")
        c = Checker()
        c.feed(s)
        c.close()
        if c.problems or c.stack:
            err(f"{rel}: tag problems {c.problems[:3]} open={c.stack}")
        if c.html_lang != "vi":
            err(f"{rel}: html lang {c.html_lang}")
        if c.meta.get("charset", "").lower() != "utf-8":
            err(f"{rel}: charset")
        texts[rel] = " ".join(c.text)
        if not x:
            continue
        url = x["url"]
        if rel != "mirror/" + url.split("://", 1)[1]:
            err(f"{rel}: url {url} does not map to this file")
        if c.links.get("canonical") != url or c.meta.get("og:url") != url:
            err(f"{rel}: canonical/og:url mismatch")
        for k in ("og:title", "og:site_name", "og:description"):
            if not c.meta.get(k):
                err(f"{rel}: missing {k}")
        if c.meta.get("og:title") != x["title"]:
            err(f"{rel}: og:title != expected title")
        for k in ("article:published_time",):
            if k in c.meta and c.meta[k] != x["publishedAt"]:
                err(f"{rel}: {k} {c.meta[k]} != {x['publishedAt']}")
        for j in c.jsonld:
            d = json.loads(j)
            if d.get("@type") == "NewsArticle":
                if d["datePublished"] != x["publishedAt"] or d["headline"] != x["title"]:
                    err(f"{rel}: JSON-LD mismatch")
        if not ("2025-10-20" <= x["publishedAt"][:10] <= "2025-11-10"):
            err(f"{rel}: date out of range")
        if x["relevant"] != bool(x["partners"]) or x["relevant"] != bool(x["sectors"]) or x["relevant"] != bool(x["story"]):
            err(f"{rel}: relevant/partners/sectors/story inconsistent")

    # seeds verbatim
    seed_pages = {x["seed"]: x["file"] for x in expected if x["seed"]}
    for num, rel in sorted(seed_pages.items()):
        body = html.unescape(open(os.path.join(SAMPLES, rel), encoding="utf-8").read())
        text = open(glob.glob(os.path.join(args.seeds, f"{num}_*.txt"))[0], encoding="utf-8").read()
        text = re.sub(r"^\s*date \d{4}-\d{2}-\d{2} ", "", text)
        if num == "003":
            # one line of word-segmented text: rejoin at the 4 split points, then the whole seed must
            # appear as one run in the page's text (title, sapo, paragraphs, caption, author)
            joined = text.strip()
            for a_, b_ in (("ASEAN_Anh", "ASEAN Anh"), ("HCM._Sự", "HCM. Sự"), ("Á.Ngoài", "Á. Ngoài"), ("Trần_Vương", "Trần Vương")):
                assert joined.count(a_) == 1, a_
                joined = joined.replace(a_, b_)
            c = Checker()
            c.feed(open(os.path.join(SAMPLES, rel), encoding="utf-8").read())
            page_text = " ".join(" ".join(c.text).split())
            if " ".join(joined.split()) not in page_text:
                err(f"seed 003 not verbatim (as one run) in {rel}")
            lines = []
        elif num == "002":
            lines = [ln.strip() for ln in text.split("\n") if ln.strip() and ln.strip() != "![]() |"]
            lines = [ln[2:-2] if ln.startswith("| ") else ln for ln in lines]
            lines = [ln for ln in lines if not ln.startswith("Miền đất - Con người ")]
        else:
            lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
        missing = [ln for ln in lines if ln not in body]
        if missing:
            err(f"seed {num}: {len(missing)} lines not verbatim in {rel}: {missing[0][:80]}")

    # feeds and sources
    src = json.load(open(os.path.join(SAMPLES, "sources.json"), encoding="utf-8"))
    if src.get("offlineMirror") != "mirror":
        err("sources.json offlineMirror")
    seen = {}
    atom = 0
    for s in src["sources"]:
        if set(s) != {"id", "name", "outlet", "type", "url", "language"}:
            err(f"sources.json keys {sorted(s)}")
        fp = os.path.join(SAMPLES, s["url"])
        if not os.path.isfile(fp):
            err(f"feed missing {s['url']}")
            continue
        doc = minidom.parse(fp)
        root = doc.documentElement.tagName
        if (s["type"], root) not in (("rss", "rss"), ("atom", "feed")):
            err(f"{s['url']}: type {s['type']} root {root}")
        if s["type"] == "atom":
            atom += 1
            links = [l.getAttribute("href") for en in doc.getElementsByTagName("entry") for l in en.getElementsByTagName("link")]
            for en in doc.getElementsByTagName("entry"):
                for t in ("title", "id", "published", "updated", "summary"):
                    if not en.getElementsByTagName(t):
                        err(f"{s['url']}: entry lacks {t}")
        else:
            links = [it.getElementsByTagName("link")[0].firstChild.data for it in doc.getElementsByTagName("item")]
            for it in doc.getElementsByTagName("item"):
                for t in ("title", "link", "description", "pubDate", "guid"):
                    if not it.getElementsByTagName(t):
                        err(f"{s['url']}: item lacks {t}")
                pd = it.getElementsByTagName("pubDate")[0].firstChild.data
                if not re.fullmatch(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0700", pd):
                    err(f"{s['url']}: pubDate {pd}")
        for u in links:
            rel = "mirror/" + u.split("://", 1)[1]
            if "?" in u or not os.path.isfile(os.path.join(SAMPLES, rel)):
                err(f"{s['url']}: link {u} has no mirror file")
            seen[rel] = seen.get(rel, 0) + 1
    if atom < 2:
        err("fewer than 2 Atom feeds")
    for rel in pages:
        if seen.get(rel) != 1:
            err(f"{rel}: in {seen.get(rel, 0)} feeds")

    # corpus check
    if args.corpus:
        N = 12
        grams = {}
        for rel, t in texts.items():
            w = tok(t)
            for i in range(len(w) - N + 1):
                grams.setdefault(hash(tuple(w[i:i + N])), set()).add(rel)
        # the written texts themselves, from articles.py, tokenised paragraph by paragraph
        sys.path.insert(0, HERE)
        from articles import WRITTEN
        for a in WRITTEN:
            t = " ".join([a["title"], a["sapo"], a["summary"]] + [p if isinstance(p, str) else p[1] for p in a["body"]]
                         + [c[1] for c in a.get("comments", [])])
            w = tok(t)
            for i in range(len(w) - N + 1):
                grams.setdefault(hash(tuple(w[i:i + N])), set()).add("articles.py:" + a["id"])
        shared, n_art = {}, 0
        with gzip.open(args.corpus, "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                n_art += 1
                w = tok((r.get("body") or "") + " " + (r.get("title") or ""))
                hit = {}
                for i in range(len(w) - N + 1):
                    for rel in grams.get(hash(tuple(w[i:i + N])), ()):
                        hit[rel] = hit.get(rel, 0) + 1
                for rel, n in hit.items():
                    if n > shared.get(rel, (0, None))[0]:
                        shared[rel] = (n, r.get("id"))
        seed_files = set(seed_pages.values())
        print(f"corpus: {n_art} articles scanned")
        for rel, (n, aid) in sorted(shared.items()):
            tag = "seed page" if rel in seed_files else "WRITTEN"
            print(f"  {tag}: {rel} shares {n} 12-word runs with corpus article {aid}")
            if rel not in seed_files:
                err(f"{rel}: shares {n} 12-word runs with corpus article {aid}")
        if not any(rel not in seed_files for rel in shared):
            print("  no 12-word run of any written text or non-seed page is shared with the corpus")

    print(f"{len(pages)} pages, {len(src['sources'])} feeds ({atom} Atom), {len(expected)} expected entries")
    if errors:
        print("FAILED:\n  " + "\n  ".join(errors))
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
