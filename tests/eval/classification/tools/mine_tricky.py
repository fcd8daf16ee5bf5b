"""Picks candidate tricky non-cooperation articles for the classification dev set.

Run from the repository root: python3 tests/eval/classification/tools/mine_tricky.py > candidates.jsonl
Reads ../shared/eval/vi-news (corpus and cooperation_ids.txt); writes {"id", "trap"} lines, a fixed sample (seed 5)
of articles outside cooperation_ids.txt that carry one of the traps below. Labellers then read and label each one.
"""
import gzip, json, random, re, unicodedata

CORPUS = "../shared/eval/vi-news/corpus.jsonl.gz"
COOP = set(open("../shared/eval/vi-news/cooperation_ids.txt").read().split())

# trap name -> (pattern on the NFC text, how many to take)
TRAPS = {
    "anh_pronoun_or_name": (r"\b(anh ấy|anh ta|Tuấn Anh|Hoàng Anh Gia Lai|Quỳnh Anh|Lan Anh|Việt Anh|Đức Anh)\b", 9),
    "tieng_anh": (r"\b(tiếng Anh|Tiếng Anh)\b", 5),
    "phap_luat": (r"\b(pháp luật|biện pháp|phương pháp)\b", 4),
    "my_pham": (r"\b(mỹ phẩm|thẩm mỹ|Mỹ Tho|Mỹ Đình|mỹ thuật)\b", 6),
    "lao_cai": (r"\bLào Cai\b", 4),
    "duc_dao_duc": (r"\b(đạo đức|Minh Đức|Anh Đức|Trọng Đức)\b", 4),
    "nhat_cap_nhat": (r"\b(cập nhật|Nhật ký|nhật ký|chủ nhật|Chủ nhật)\b", 4),
    "nga_y": (r"\b(ngả|ngã ba|ý kiến|chú ý|Ý kiến)\b", 3),
    "foreign_news_no_vietnam": (r"\b(Tổng thống|Thủ tướng) (Mỹ|Pháp|Nga|Đức|Anh|Nhật)\b", 9),
    "domestic_cooperation_words": (r"\b(ký kết|hợp tác)\b", 9),
    "sport_foreign_team": (r"\b(đội tuyển|ĐT) (Thái Lan|Malaysia|Indonesia|Nhật Bản|Hàn Quốc|Trung Quốc)\b", 6),
    "foreign_brand_business": (r"\b(Samsung|Toyota|Honda|Apple|Nokia|Unilever|Nestlé)\b", 5),
}

def main():
    rng = random.Random(5)
    pools = {name: [] for name in TRAPS}
    for line in gzip.open(CORPUS, "rt", encoding="utf-8"):
        d = json.loads(line)
        if d["id"] in COOP:
            continue
        text = unicodedata.normalize("NFC", (d.get("title") or "") + "\n" + d["body"])
        if len(text) < 600 or len(text) > 6000:
            continue
        for name, (pattern, _) in TRAPS.items():
            if re.search(pattern, text):
                pools[name].append(d["id"])
    taken = set()
    for name, (_, count) in TRAPS.items():
        pool = sorted(pools[name])
        rng.shuffle(pool)
        n = 0
        for id_ in pool:
            if id_ in taken:
                continue
            taken.add(id_)
            print(json.dumps({"id": id_, "trap": name}))
            n += 1
            if n == count:
                break

main()
