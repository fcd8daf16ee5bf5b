#!/usr/bin/env python3
# Run with PYTHONHASHSEED=0: shingle hashes use Python's hash(), which is salted per process otherwise.
"""Mine candidate pairs from the vi-news corpus for hand labelling (dedup dev set).
Writes candidates.jsonl: {a, b, source, j5, containment, lead_score}. Only ids and figures, never text."""
import gzip, json, re, random, sys, unicodedata, collections, itertools
CORPUS = sys.argv[1] if len(sys.argv) > 1 else '../shared/eval/vi-news/corpus.jsonl.gz'
WORD = re.compile(r'\w+', re.U)
docs = []
for line in gzip.open(CORPUS, 'rt', encoding='utf-8'):
    d = json.loads(line)
    docs.append(d)
print(len(docs), 'docs', file=sys.stderr)
def words(t): return WORD.findall(unicodedata.normalize('NFC', t).lower())
shingles = []
for d in docs:
    w = words(d['body'])
    shingles.append({hash(tuple(w[i:i+5])) for i in range(max(0, len(w) - 4))} if len(w) >= 5 else {hash(tuple(w))})
post = collections.defaultdict(list)
for i, s in enumerate(shingles):
    for h in s: post[h].append(i)
shared = collections.Counter()
for h, lst in post.items():
    if 2 <= len(lst) <= 30:
        for a, b in itertools.combinations(lst, 2): shared[(a, b)] += 1
print(len(shared), 'pairs sharing a rare shingle', file=sys.stderr)
def jc(a, b):
    sa, sb = shingles[a], shingles[b]
    inter = len(sa & sb)
    return inter / len(sa | sb), inter / max(1, min(len(sa), len(sb)))
silver = {tuple(sorted((p['a'], p['b']))) for p in map(json.loads, open('../shared/eval/vi-news/near_dup_pairs.jsonl'))}
idx = {d['id']: i for i, d in enumerate(docs)}
near = []
high = []
for (a, b), n in shared.items():
    if n < 4: continue
    j, c = jc(a, b)
    key = tuple(sorted((docs[a]['id'], docs[b]['id'])))
    if j >= 0.5:
        if key not in silver: high.append((key, j, c))
    elif j >= 0.08 or c >= 0.25:
        near.append((key, j, c))
print(len(high), 'J>=0.5 not in silver;', len(near), 'near misses', file=sys.stderr)
# lead features for same-event mining
def lead(d):
    t = (d['title'] or '') + ' ' + d['body'][:600]
    w = words(t)
    return {w[i] + ' ' + w[i+1] for i in range(len(w) - 1)}
leads = [lead(d) for d in docs]
df = collections.Counter(b for l in leads for b in l)
import math
N = len(docs)
lp = collections.defaultdict(list)
for i, l in enumerate(leads):
    for b in l:
        if 2 <= df[b] <= 12: lp[b].append(i)
score = collections.Counter()
for b, lst in lp.items():
    w = math.log(N / df[b])
    for a, c in itertools.combinations(lst, 2): score[(a, c)] += w
story = []
for (a, b), s in score.most_common(60000):
    if s < 25: break
    j, c = jc(a, b)
    if j < 0.1 and c < 0.2:
        story.append((tuple(sorted((docs[a]['id'], docs[b]['id']))), j, c, s))
print(len(story), 'same-event candidates', file=sys.stderr)
rnd = random.Random(20261123)
out = open('candidates.jsonl', 'w')
for a, b in sorted(silver):
    ia, ib = idx[a], idx[b]; j, c = jc(ia, ib)
    out.write(json.dumps({'a': a, 'b': b, 'source': 'silver', 'j5': round(j, 3), 'containment': round(c, 3)}) + '\n')
for key, j, c in rnd.sample(high, min(30, len(high))):
    out.write(json.dumps({'a': key[0], 'b': key[1], 'source': 'mined_high', 'j5': round(j, 3), 'containment': round(c, 3)}) + '\n')
near.sort(key=lambda x: -x[1])
for key, j, c in rnd.sample(near, min(150, len(near))):
    out.write(json.dumps({'a': key[0], 'b': key[1], 'source': 'near_miss', 'j5': round(j, 3), 'containment': round(c, 3)}) + '\n')
story.sort(key=lambda x: -x[3])
top = story[:600]
for key, j, c, s in rnd.sample(top, min(220, len(top))):
    out.write(json.dumps({'a': key[0], 'b': key[1], 'source': 'story_mined', 'j5': round(j, 3), 'containment': round(c, 3), 'lead_score': round(s, 1)}) + '\n')
out.close()
