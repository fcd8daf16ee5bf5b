#!/usr/bin/env python3
"""How well simple pair signals tell same_story pairs from different ones in dev-pairs.jsonl (for story clustering,
issue 4). Run from the repository root; reads the corpus, prints counts only (never text).

Signals: TF-IDF cosine over syllable unigrams and bigrams of title and body (IDF from the whole corpus, or from syllable
document frequencies alone, a bigram weighing the mean of its two syllables'), whether each text names a day the other
lacks (as DateMentions), and whether the two come from one outlet (templates, series and follow-ups do). For each
variant and cosine threshold: same_story pairs caught / different pairs caught, among pairs from different (or unknown)
outlets without a conflicting day."""
import gzip, json, math, re, sys, collections
CORPUS = sys.argv[1] if len(sys.argv) > 1 else '../shared/eval/vi-news/corpus.jsonl.gz'
PAIRS = 'tests/eval/dedup/dev-pairs.jsonl'
TOKEN = re.compile(r"[0-9]+(?:[.,/][0-9]+)*|[^\W\d_]+", re.U)
DAY = re.compile(r"\b(\d{1,2})/(\d{1,2})\b|ngày (\d{1,2}) tháng (\d{1,2})")

pairs = [json.loads(l) for l in open(PAIRS, encoding='utf-8')]
pairs = [p for p in pairs if p['label'] in ('same_story', 'different')]
need = {p['a'] for p in pairs} | {p['b'] for p in pairs}
df, docs, n = collections.Counter(), {}, 0
for line in gzip.open(CORPUS, 'rt', encoding='utf-8'):
    d = json.loads(line)
    n += 1
    text = (d.get('title') or '') + '\n' + d['body']
    words = [w.lower() for w in TOKEN.findall(text)]
    df.update(set(words) | {words[i] + ' ' + words[i + 1] for i in range(len(words) - 1)})
    if d['id'] in need: docs[d['id']] = (text, d.get('outlet'))

def idf_corpus(g): return math.log(n / (1 + df[g]))
def idf_syllables(g):
    parts = g.split(' ')
    return sum(math.log(n / (1 + df[p])) for p in parts) / len(parts)
def vector(text, idf, unigrams):
    words = [w.lower() for w in TOKEN.findall(text)]
    grams = collections.Counter(words[i] + ' ' + words[i + 1] for i in range(len(words) - 1))
    if unigrams: grams.update(words)
    return {g: (1 + math.log(c)) * idf(g) for g, c in grams.items()}
def cosine(a, b):
    dot = sum(v * b[g] for g, v in a.items() if g in b)
    norm = math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0
def days(text): return {(m[0] or m[2], m[1] or m[3]) for m in DAY.findall(text)}

for name, idf, unigrams in [('corpus IDF, unigrams and bigrams', idf_corpus, True), ('syllable IDF, bigrams only', idf_syllables, False)]:
    scored = []
    for p in pairs:
        (ta, oa), (tb, ob) = docs[p['a']], docs[p['b']]
        da, db = days(ta), days(tb)
        eligible = not (da - db and db - da) and (oa is None or ob is None or oa != ob)
        scored.append((cosine(vector(ta, idf, unigrams), vector(tb, idf, unigrams)), eligible, p['label']))
    row = []
    for t in (0.3, 0.35, 0.4, 0.45, 0.5):
        caught = [label for c, ok, label in scored if ok and c >= t]
        row.append(f"{t}: {caught.count('same_story')}/{caught.count('different')}")
    print(f"{name:34} " + '  '.join(row))
print(f"(of {sum(p['label'] == 'same_story' for p in pairs)} same_story and {sum(p['label'] == 'different' for p in pairs)} different pairs)")
