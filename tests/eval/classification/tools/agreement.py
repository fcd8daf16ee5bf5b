"""Agreement between two labellers: micro precision, recall and F1 of one label file against another on the articles
both label (relevance as a yes/no, partners, sectors and events as sets).

Run from the repository root:
  python3 tests/eval/classification/tools/agreement.py tests/eval/classification/dev-labels.jsonl tests/eval/classification/second-labels.jsonl
"""
import json, sys


def load(path):
    with open(path, encoding="utf-8") as f:
        return {d["id"]: d for d in (json.loads(line) for line in f if line.strip())}


def score(first, second, ids, field):
    tp = fp = fn = 0
    for i in ids:
        a, b = first[i], second[i]
        if field == "relevant":
            tp += a["relevant"] and b["relevant"]
            fp += (not a["relevant"]) and b["relevant"]
            fn += a["relevant"] and not b["relevant"]
            continue
        x, y = set(a[field]), set(b[field])
        tp, fp, fn = tp + len(x & y), fp + len(y - x), fn + len(x - y)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main():
    first, second = load(sys.argv[1]), load(sys.argv[2])
    ids = [i for i in second if i in first]
    print(f"{len(ids)} articles labelled by both")
    for field in ("relevant", "partners", "sectors", "events"):
        p, r, f1 = score(first, second, ids, field)
        print(f"{field:10} precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")


main()
