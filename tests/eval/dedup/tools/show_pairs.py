#!/usr/bin/env python3
"""Show candidate pairs for labelling: python3 show.py BATCH_FILE START COUNT [--full]"""
import gzip, json, re, sys, unicodedata
CORPUS = '../shared/eval/vi-news/corpus.jsonl.gz'
pairs = [json.loads(l) for l in open(sys.argv[1])]
start, count = int(sys.argv[2]), int(sys.argv[3])
full = '--full' in sys.argv
pairs = pairs[start:start + count]
need = {p['a'] for p in pairs} | {p['b'] for p in pairs}
docs = {}
for line in gzip.open(CORPUS, 'rt', encoding='utf-8'):
    d = json.loads(line)
    if d['id'] in need: docs[d['id']] = d
SENT = re.compile(r'(?<=[.!?])\s+|\n')
def sents(t): return [s.strip() for s in SENT.split(unicodedata.normalize('NFC', t)) if len(s.strip()) > 20]
def norm(s): return ' '.join(re.findall(r'\w+', s.lower()))
for k, p in enumerate(pairs):
    a, b = docs[p['a']], docs[p['b']]
    print(f"\n######## #{start + k}  {p['a']}  vs  {p['b']}  source={p['source']} j5={p.get('j5')} containment={p.get('containment')}")
    for tag, d in (('A', a), ('B', b)):
        body = d['body']
        limit = 4000 if full else 900
        print(f"--- {tag} outlet={d['outlet']} category={d['category']} chars={len(body)} title={d['title']!r}")
        print(body[:limit] + (' […]' if len(body) > limit else ''))
    sa, sb = sents(a['body']), sents(b['body'])
    na, nb = {norm(s) for s in sa}, {norm(s) for s in sb}
    onlya = [s for s in sa if norm(s) not in nb]
    onlyb = [s for s in sb if norm(s) not in na]
    print(f"--- sentences: A {len(sa)}, B {len(sb)}, shared {len(na & nb)}; only in A {len(onlya)}, only in B {len(onlyb)}")
    for s in onlya[:4]: print('  A only:', s[:200])
    for s in onlyb[:4]: print('  B only:', s[:200])
