#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Writes (and checks) the extraction ground truth for every offline sample page.

Usage (from the repository root):
    python3 samples/tools/build_expected_extraction.py [--seeds ../shared/seeds]   # write + check
    python3 samples/tools/build_expected_extraction.py --check-only                # check only

For each page mirror/<host>/<path>.html|.htm this writes expected-extraction/<host>/<path>.json:
    {"url", "title", "publishedAt", "author", "lead", "paragraphs"}
The values come from the generator's source data (build_samples.build_pages: the seeds and
articles.py), never from running an extractor: title = the headline (no site suffix), lead = the
sapo as the layout prints it (with "(Dân trí) - " / "(Chinhphu.vn) - " where the layout adds it),
paragraphs = lead + every body paragraph in order (figure captions, byline, "ĐỌC THÊM" boxes,
related/most-read/teaser blocks and other chrome excluded).

The check parses each page and verifies that every expected paragraph (and the title and author)
occurs in the page's visible text (tags stripped, entities decoded, whitespace collapsed), that
each paragraph is the whole text of one element, that they appear in order, and that the <p>
elements of the layout's body container (minus captions, callouts and the byline) are exactly
the expected body paragraphs.
"""
import argparse
import glob
import json
import os
import re
import sys
import unicodedata
from html.parser import HTMLParser

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
OUT = os.path.join(SAMPLES, "expected-extraction")
sys.path.insert(0, HERE)
import build_samples  # noqa: E402

LEAD_PREFIX = {"dantri.com.vn": "(Dân trí) - ", "baochinhphu.vn": "(Chinhphu.vn) - "}
BODY_CLASS = {
    "vnexpress.net": "fck_detail", "tuoitre.vn": "detail-content", "thanhnien.vn": "detail__content",
    "dantri.com.vn": "singular-content", "vietnamplus.vn": "article__body", "baoquocte.vn": "article-content",
    "nhandan.vn": "detail-content-body", "baochinhphu.vn": "detail-content", "hochiminhcity.gov.vn": "news-content",
    "cantho.gov.vn": "news-content", "vufo.org.vn": "article-detail-content",
}


def norm(s):
    return unicodedata.normalize("NFC", " ".join(s.split()))


def out_path(p):
    stem, _ = os.path.splitext(p["path"].lstrip("/"))
    return os.path.join(OUT, p["host"], stem + ".json")


def expected_for(p):
    lead = norm(LEAD_PREFIX.get(p["host"], "") + p["sapo"])
    body = [norm(it) for it in p["body"] if isinstance(it, str)]
    return {
        "url": p["url"],
        "title": norm(p["title"]),
        "publishedAt": p["iso"],
        "author": norm(p["author"]) if p.get("author") else None,
        "lead": lead,
        "paragraphs": [lead] + body,
    }


# ------------------------------------------------------------------------------------------ check

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "li", "ul", "ol", "figure", "figcaption", "article", "section",
         "header", "footer", "nav", "aside", "main", "time", "span", "a", "b", "strong", "em", "i"}


class Page(HTMLParser):
    """Visible text, plus every element's own full text and its ancestors' classes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []        # (tag, classes, text-buffer)
        self.visible = []
        self.elements = []     # (tag, text, ancestor class set incl. own, ancestor tags)
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        cls = set((dict(attrs).get("class") or "").split())
        if tag in ("script", "style", "head", "title"):
            self.skip += 1
        self.stack.append((tag, cls, []))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            t, cls, buf = self.stack.pop()
            if t in ("script", "style", "head", "title"):
                self.skip -= 1
            text = norm("".join(buf))
            anc_cls = set().union(cls, *[c for _, c, _ in self.stack])
            anc_tags = [x for x, _, _ in self.stack]
            self.elements.append((t, text, anc_cls, anc_tags))
            if self.stack:
                self.stack[-1][2].append("".join(buf))
            if t == tag:
                break

    def handle_data(self, data):
        if self.skip:
            return
        self.visible.append(data)
        if self.stack:
            self.stack[-1][2].append(data)


def check(pages):
    problems = []
    for p in pages:
        rel = f"mirror/{p['host']}{p['path']}"
        exp = json.load(open(out_path(p), encoding="utf-8"))
        html_text = open(os.path.join(SAMPLES, rel), encoding="utf-8").read()
        pg = Page()
        pg.feed(html_text)
        pg.close()
        visible = norm(" ".join(pg.visible))
        whole = {text for _, text, _, _ in pg.elements}
        pos = -1
        for i, para in enumerate(exp["paragraphs"]):
            k = visible.find(para, pos + 1)
            if k < 0:
                problems.append(f"{rel}: paragraph {i} not in visible text (in order): {para[:60]!r}")
                continue
            pos = k
            if para not in whole:
                problems.append(f"{rel}: paragraph {i} is not the whole text of one element: {para[:60]!r}")
        for key in ("title", "author", "lead"):
            if exp[key] and exp[key] not in visible:
                problems.append(f"{rel}: {key} not in visible text: {exp[key]!r}")
        # the body container's own <p>s, minus captions, callouts and the byline
        bc = BODY_CLASS[p["host"]]
        body_ps = [text for tag, text, cls, tags in pg.elements
                   if tag == "p" and bc in cls and "figure" not in tags and "figcaption" not in tags and text]
        if body_ps and body_ps[-1] == exp["author"]:
            body_ps = body_ps[:-1]
        # elements are recorded at their end tags; <p>s do not nest here, so document order holds
        if body_ps != exp["paragraphs"][1:]:
            problems.append(f"{rel}: body <p>s of .{bc} differ from expected paragraphs "
                            f"({len(body_ps)} vs {len(exp['paragraphs']) - 1})")
        if exp["url"] not in html_text or exp["publishedAt"][:16] != p["iso"][:16]:
            problems.append(f"{rel}: url/date mismatch")
    return problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default=os.path.join(SAMPLES, "..", "..", "shared", "seeds"))
    ap.add_argument("--check-only", action="store_true")
    args = ap.parse_args()
    pages = build_samples.build_pages(os.path.abspath(args.seeds))
    mirror = sorted(os.path.relpath(f, os.path.join(SAMPLES, "mirror"))
                    for f in glob.glob(os.path.join(SAMPLES, "mirror", "**", "*.htm*"), recursive=True))
    built = sorted(p["host"] + p["path"] for p in pages)
    if mirror != built:
        sys.exit(f"mirror/ does not match the generator's pages: {set(mirror) ^ set(built)}")
    if not args.check_only:
        for p in pages:
            path = out_path(p)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8", newline="\n") as f:
                json.dump(expected_for(p), f, ensure_ascii=False, indent=2)
                f.write("\n")
        print(f"{len(pages)} files written under {os.path.relpath(OUT, os.getcwd())}")
    problems = check(pages)
    for m in problems:
        print("FAIL", m)
    print(f"checked {len(pages)} pages: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
