#!/usr/bin/env python3
# -*- coding: utf-8 -*-
"""Builds NewsMonitor's offline samples: mirror pages, feeds, sources.json and expected.json.

Usage (from the repository root):
    python3 samples/tools/build_samples.py [--seeds ../shared/seeds]

Inputs: the five seed articles (read verbatim from --seeds) and the articles written for the
project in articles.py. Outputs (overwritten): samples/mirror/**, samples/feeds/*,
samples/sources.json, samples/expected.json. subscriptions.json and README.md are hand-written.

The page layouts imitate the markup *shape* of each outlet (container names, where the sapo,
date, byline, captions and chrome sit) so that extraction has realistic work to do. They are
not copies of the outlets' pages: all chrome text (menus, most-read headlines, footers,
licence numbers, comments) was written for the project and is invented.
"""
import argparse
import datetime as dt
import glob
import html
import json
import os
import re
import sys
import unicodedata

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLES = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from articles import WRITTEN, FIG  # noqa: E402

TZ = dt.timezone(dt.timedelta(hours=7))
WEEKDAY = ["Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật"]
WEEKDAY_CAP = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]
RFC822_DAY = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
RFC822_MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def e(s):
    """Escape text for an HTML text node (&, <, >)."""
    return html.escape(s, quote=False)


def a(s):
    """Escape text for a double-quoted HTML attribute value."""
    return html.escape(s, quote=True)


def slugify(s):
    s = s.replace("đ", "d").replace("Đ", "D")
    s = unicodedata.normalize("NFD", s)
    s = "".join(c for c in s if unicodedata.category(c) != "Mn")
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s


def parse_iso(s):
    return dt.datetime.fromisoformat(s)


# --------------------------------------------------------------------------------------------
# Outlets: display name, feed format and the URL shape of an article.

OUTLETS = {
    "vnexpress.net": dict(id="vnexpress", outlet="VnExpress", feed="rss", feed_title="VnExpress - Tin mới nhất",
                          feed_self="https://vnexpress.net/rss/tin-moi-nhat.rss"),
    "tuoitre.vn": dict(id="tuoitre", outlet="Tuổi Trẻ", feed="rss", feed_title="Tuổi Trẻ Online - Tin mới nhất",
                       feed_self="https://tuoitre.vn/rss/tin-moi-nhat.rss"),
    "thanhnien.vn": dict(id="thanhnien", outlet="Thanh Niên", feed="rss", feed_title="Báo Thanh Niên - Trang chủ",
                         feed_self="https://thanhnien.vn/rss/home.rss"),
    "dantri.com.vn": dict(id="dantri", outlet="Dân trí", feed="rss", feed_title="Dân trí - Tin mới",
                          feed_self="https://dantri.com.vn/rss/home.rss"),
    "vietnamplus.vn": dict(id="vietnamplus", outlet="VietnamPlus", feed="rss", feed_title="VietnamPlus - Tin mới nhất",
                           feed_self="https://vietnamplus.vn/rss/news.rss"),
    "baoquocte.vn": dict(id="baoquocte", outlet="Báo Quốc tế", feed="atom", feed_title="Báo Quốc tế - Tin mới",
                         feed_self="https://baoquocte.vn/atom/tin-moi.xml"),
    "nhandan.vn": dict(id="nhandan", outlet="Nhân Dân", feed="atom", feed_title="Báo Nhân Dân điện tử - Tin mới",
                       feed_self="https://nhandan.vn/atom/tin-moi.xml"),
    "baochinhphu.vn": dict(id="baochinhphu", outlet="Báo Chính phủ", feed="rss", feed_title="Báo điện tử Chính phủ - Tin mới",
                           feed_self="https://baochinhphu.vn/rss/home.rss"),
    "hochiminhcity.gov.vn": dict(id="hochiminhcity", outlet="Cổng TTĐT TP.HCM", feed="rss",
                                 feed_title="Cổng Thông tin điện tử Thành phố Hồ Chí Minh - Tin tức",
                                 feed_self="https://hochiminhcity.gov.vn/rss/tin-tuc.rss"),
    "cantho.gov.vn": dict(id="cantho", outlet="Cổng TTĐT TP. Cần Thơ", feed="atom",
                          feed_title="Cổng thông tin điện tử thành phố Cần Thơ - Tin tức sự kiện",
                          feed_self="https://cantho.gov.vn/atom/tin-tuc-su-kien.xml"),
    "vufo.org.vn": dict(id="vufo", outlet="Liên hiệp các tổ chức hữu nghị Việt Nam", feed="rss",
                        feed_title="VUFO - Liên hiệp các tổ chức hữu nghị Việt Nam",
                        feed_self="https://vufo.org.vn/rss/tin-moi.rss"),
}


def make_path(a):
    """URL path of an article, in the outlet's shape (always ending in .html or .htm)."""
    if a.get("path"):
        return a["path"]
    host, slug, sid = a["host"], slugify(a["title"]), a["slug_id"]
    if host == "vnexpress.net":
        return f"/{slug}-{sid}.html"
    if host == "tuoitre.vn":
        return f"/{slug}-{sid}.htm"
    if host == "thanhnien.vn":
        return f"/{slug}-{sid}.htm"
    if host == "dantri.com.vn":
        return f"/{a['section_path']}/{slug}-{sid}.htm"
    if host == "vietnamplus.vn":
        return f"/{slug}-post{sid}.html"
    if host == "baoquocte.vn":
        return f"/{slug}-{sid}.html"
    if host == "nhandan.vn":
        return f"/{slug}-post{sid}.html"
    if host == "baochinhphu.vn":
        return f"/{slug}-{sid}.htm"
    if host == "hochiminhcity.gov.vn":
        return f"/tin-tuc/{a['category']}/{slug}.html"
    if host == "cantho.gov.vn":
        return f"/tin-tuc-su-kien/{slug}-t{sid}.html"
    if host == "vufo.org.vn":
        return f"/{slug}-{sid}.html"
    raise ValueError(host)


# --------------------------------------------------------------------------------------------
# Seeds

SEED_META = {
    "000": dict(host="vnexpress.net", path="/tp-hcm-va-liverpool-ky-ban-ghi-nho-4961234.html",
                title="TP.HCM và Liverpool ký bản ghi nhớ hợp tác y tế, giáo dục, khoa học - công nghệ",
                time="06:15", crumbs=["Thời sự", "Chính trị"], author="Hà An",
                summary="TP.HCM và Vùng Đô thị Liverpool (Anh) ký bản ghi nhớ hợp tác về y tế, giáo dục và khoa học - công nghệ.",
                comments=[("Minh Tâm", "Hy vọng hợp tác y tế sớm có kết quả cụ thể, nhất là cấp cứu ngoài bệnh viện.", "4 giờ trước"),
                          ("Phúc Lâm", "Liverpool có nhiều trường đại học tốt, sinh viên thành phố có thêm cơ hội.", "2 giờ trước")],
                relevant=True, partners=["GB"],
                sectors=["health", "education", "science_technology", "finance", "infrastructure", "energy"],
                story="hcm-liverpool-mou"),
    "001": dict(host="hochiminhcity.gov.vn",
                path="/tin-tuc/doi-ngoai/tphcm-va-vung-do-thi-liverpool-ky-ket-ban-ghi-nho-hop-tac-trong-ba-linh-vuc-trong-tam.html",
                title="TPHCM và vùng đô thị Liverpool ký kết Bản ghi nhớ hợp tác trong ba lĩnh vực trọng tâm",
                date="2025-10-31", time="10:20", crumbs=["Tin tức - Sự kiện", "Đối ngoại"], author="Hồng Phúc",
                summary="TPHCM ký Bản ghi nhớ hợp tác với vùng đô thị Liverpool về y tế, giáo dục - đào tạo và khoa học - công nghệ.",
                relevant=True, partners=["GB"],
                sectors=["health", "education", "science_technology", "finance", "infrastructure", "energy"],
                story="hcm-liverpool-mou"),
    "002": dict(host="vufo.org.vn",
                path="/tong-lanh-su-anh-tai-thanh-pho-ho-chi-minh-quan-tam-tiem-nang-dinh-huong-phat-trien-cua-can-tho-7-18201.html",
                date="2025-10-23", time="10:05", crumbs=["Hoạt động hữu nghị", "Đối ngoại nhân dân"], author="Ngọc Minh",
                summary="Tổng Lãnh sự Anh tại TP.HCM làm việc với Cần Thơ về hợp tác đầu tư, thương mại, giáo dục và y tế.",
                relevant=True, partners=["GB"],
                sectors=["health", "education", "trade_investment", "digital", "environment"],
                story="uk-consul-cantho-visit"),
    "003": dict(host="vnexpress.net", path="/anh-ho-tro-tp-hcm-tro-thanh-trung-tam-y-te-khu-vuc-asean-4960215.html",
                date="2025-10-25", time="17:20", crumbs=["Sức khỏe", "Tin tức"],
                summary="Anh tài trợ 75.000 bảng giúp TP HCM phát triển thành trung tâm đổi mới y tế của khu vực ASEAN.",
                comments=[("Thùy Dung", "Y tế thành phố mà được đào tạo theo chuẩn Anh thì người bệnh được lợi nhiều.", "3 giờ trước")],
                relevant=True, partners=["GB"], sectors=["health", "education", "science_technology"],
                story="uk-hcm-health-hub-funding"),
    "004": dict(host="vietnamplus.vn",
                path="/pho-thu-tuong-nguyen-chi-dung-thuc-day-hop-tac-khoa-hoc-cong-nghe-doi-moi-sang-tao-voi-anh-post1072655.html",
                title="Phó Thủ tướng Nguyễn Chí Dũng thúc đẩy hợp tác khoa học công nghệ, đổi mới sáng tạo với Anh",
                time="21:30", crumbs=["Chính trị", "Đối ngoại"], author="TTXVN/Vietnam+",
                summary="Phó Thủ tướng Nguyễn Chí Dũng thăm Anh, thúc đẩy hợp tác khoa học công nghệ và đổi mới sáng tạo.",
                relevant=True, partners=["GB"], sectors=["science_technology", "digital", "education", "trade_investment"],
                story="dpm-uk-innovation-visit"),
}

CAPTION_RE = re.compile(r"(Ảnh: TTXVN\.$)|(\(Ảnh: [^)]*\)$)")


def read_seed(seeds_dir, num):
    path = glob.glob(os.path.join(seeds_dir, f"{num}_*.txt"))
    if len(path) != 1:
        raise SystemExit(f"seed {num} not found in {seeds_dir}")
    return open(path[0], encoding="utf-8").read()


def strip_date(text):
    m = re.match(r"\s*date (\d{4}-\d{2}-\d{2}) ", text)
    return m.group(1), text[m.end():]


def lines_of(text):
    return [ln.strip() for ln in text.split("\n") if ln.strip()]


def seed_plain(num, text, meta):
    """Seeds 000, 001, 004: one paragraph per non-empty line; caption lines become figures."""
    date = meta.get("date")
    if text.lstrip().startswith("date "):
        date, text = strip_date(text)
    lines = lines_of(text)
    sapo, rest = lines[0], lines[1:]
    body = [(FIG, ln) if CAPTION_RE.search(ln) else ln for ln in rest]
    return date, meta["title"], sapo, body, {}


def seed_002(text, meta):
    lines = [ln.strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln]
    title = lines[0]
    i = 1
    body, teasers = [], []
    while i < len(lines):
        ln = lines[i]
        if ln == "![]() |":
            cap = lines[i + 1]
            assert cap.startswith("| ") and cap.endswith(" |"), cap
            body.append((FIG, cap[2:-2]))
            i += 2
            continue
        if ln.startswith("| ") and ln.endswith(" |"):
            teasers.append(ln[2:-2])
            i += 1
            continue
        if ln == "Tin bài liên quan":
            break
        body.append(ln)
        i += 1
    sections, cur = {}, None
    heads = ["Tin bài liên quan", "Các tin bài khác", "Đọc nhiều", "Bờ cõi biển đảo", "Multimedia"]
    for ln in lines[i:]:
        if ln in heads:
            cur = ln
            sections[cur] = []
        else:
            sections[cur].append(ln)
    tabs_line = sections["Bờ cõi biển đảo"].pop(0)
    tabs = ["Miền đất - Con người", "Cuộc sống vùng biên", "Nhịp sống biển đảo", "Lịch sử chủ quyền", "Giao lưu hữu nghị"]
    assert " ".join(tabs) == tabs_line, tabs_line
    chrome = dict(teasers=teasers, related=sections["Tin bài liên quan"], others=sections["Các tin bài khác"],
                  mostread=sections["Đọc nhiều"], border_tabs=tabs, border=sections["Bờ cõi biển đảo"],
                  multimedia=sections["Multimedia"])
    sapo, body = body[0], body[1:]
    return meta["date"], title, sapo, body, chrome


# Seed 003 is one line of word-segmented text. Its title runs up to "ASEAN_", and three
# sentence joins carry a joining underscore ("TP HCM._Sự", "Ảnh : Quỳnh_Trần_Vương_quốc_Anh")
# or no space ("Đông_Nam_Á.Ngoài"). We split there, keep every token exactly as it is (with
# its underscores), and drop only those joining underscores.
SEED3_SPLITS = [
    ("title", "Anh hỗ_trợ TP HCM trở_thành trung_tâm y_tế khu_vực ASEAN", "_"),
    ("sapo", "của khu_vực ASEAN.", " "),
    ("p", "học_tập tại nước này .", " "),
    ("p", "với Sở Y_tế TP HCM.", "_"),
    ("p", "trong lĩnh_vực y_tế .", " "),
    ("p", "ở Đông_Nam_Á.", ""),
    ("p", "đối_mặt_hàng ngày .", " "),
    ("fig", "Ảnh : Quỳnh_Trần", "_"),
    ("p", "ở các quốc_gia .", " "),
    ("p", "khu_vực ASEAN \" .", " "),
]


def seed_003(text, meta):
    rest = text.strip()
    out = []
    for kind, end, joiner in SEED3_SPLITS:
        k = rest.index(end) + len(end)
        out.append((kind, rest[:k]))
        assert rest[k:k + len(joiner)] == joiner, (end, rest[k:k + 5])
        rest = rest[k + len(joiner):]
    author = rest.strip()
    assert author == "Lê_Phương", author
    title = out[0][1]
    sapo = out[1][1]
    body = []
    for kind, s in out[2:]:
        body.append((FIG, s) if kind == "fig" else s)
    return meta["date"], title, sapo, body, {"author": author}


# --------------------------------------------------------------------------------------------
# Chrome text written for the project (menus, most-read, related, footers). Invented.

MOST_READ_POOL = [
    "Lào khánh thành tuyến cao tốc nối Viêng Chăn với các tỉnh miền Bắc",
    "Campuchia mở lại cửa khẩu biên giới sau đợt mưa lũ kéo dài",
    "Nhật Bản cân nhắc tăng lãi suất lần thứ hai trong năm",
    "Trung Quốc công bố tăng trưởng quý III thấp hơn dự báo",
    "Hàn Quốc siết quy định với xe điện nhập khẩu từ tháng 1",
    "Ấn Độ phóng thành công vệ tinh quan sát Trái Đất thế hệ mới",
    "Cuba nỗ lực khắc phục sự cố mất điện diện rộng",
    "Phần Lan dẫn đầu bảng xếp hạng chất lượng giáo dục châu Âu",
    "Thái Lan giảm thuế nhập khẩu linh kiện ô tô điện",
    "Indonesia khởi công thêm một đoạn đường sắt cao tốc",
    "Philippines sơ tán hàng chục nghìn người trước bão mạnh",
    "Giá vàng trong nước lập đỉnh mới, chênh lệch với thế giới nới rộng",
    "Pháp: Đình công giao thông khiến hàng trăm chuyến tàu bị hủy",
    "Đức tranh luận gay gắt về ngân sách quốc phòng năm 2026",
    "Mỹ: Hàng nghìn chuyến bay bị hoãn do thời tiết xấu",
    "Singapore thử nghiệm xe buýt tự lái ở khu trung tâm",
    "Australia áp dụng quy định hạn chế trẻ em dùng mạng xã hội",
    "Nga và Ukraine trao đổi tù binh lần thứ ba trong tháng",
    "Hà Nội đề xuất thu phí ô tô vào nội đô giờ cao điểm",
    "Malaysia tăng lương tối thiểu cho lao động nước ngoài",
]

RELATED_POOL = {
    "coop": [
        "Việt Nam - Nhật Bản thúc đẩy hợp tác chuyển đổi xanh ở các địa phương",
        "Doanh nghiệp Hàn Quốc tìm hiểu cơ hội đầu tư vào công nghiệp bán dẫn",
        "Việt Nam và Cuba ký kế hoạch hợp tác y tế giai đoạn mới",
        "Lào và Việt Nam tăng cường kết nối hạ tầng giao thông biên giới",
        "Phần Lan chia sẻ kinh nghiệm cải cách giáo dục phổ thông",
        "Ấn Độ mở đường bay thẳng mới tới Đà Nẵng",
    ],
    "other": [
        "Thời tiết miền Bắc chuyển rét, vùng núi có nơi dưới 10 độ C",
        "Giá xăng dầu điều chỉnh giảm từ chiều nay",
        "Nhật Bản công bố gói kích thích kinh tế mới",
        "Campuchia đón lượng khách quốc tế tăng mạnh dịp lễ hội nước",
        "Trung Quốc mở rộng miễn thị thực cho công dân nhiều nước",
    ],
}

FOOTER_ADDR = {
    "vnexpress.net": ("Tầng 8, tòa nhà số 17 phố Duy Tân, phường Cầu Giấy, Hà Nội", "112/GP-BTTTT ngày 15/03/2022"),
    "tuoitre.vn": ("60A Hoàng Văn Thụ, phường Phú Nhuận, TP.HCM", "207/GP-BTTTT ngày 09/05/2022"),
    "thanhnien.vn": ("268-270 Nguyễn Đình Chiểu, phường Xuân Hòa, TP.HCM", "318/GP-BTTTT ngày 21/07/2022"),
    "dantri.com.vn": ("Nhà 48 Láng Hạ, phường Láng, Hà Nội", "226/GP-BTTTT ngày 30/05/2022"),
    "vietnamplus.vn": ("Số 5 Lý Thường Kiệt, phường Cửa Nam, Hà Nội", "405/GP-BTTTT ngày 12/09/2022"),
    "baoquocte.vn": ("Số 40 Trần Phú, phường Ba Đình, Hà Nội", "173/GP-BTTTT ngày 18/04/2022"),
    "nhandan.vn": ("Số 71 Hàng Trống, phường Hoàn Kiếm, Hà Nội", "290/GP-BTTTT ngày 27/06/2022"),
    "baochinhphu.vn": ("Số 16 Lê Hồng Phong, phường Ba Đình, Hà Nội", "356/GP-BTTTT ngày 08/08/2022"),
    "hochiminhcity.gov.vn": ("Số 86 Lê Thánh Tôn, phường Sài Gòn, TP.HCM", "47/GP-TTĐT ngày 11/04/2023"),
    "cantho.gov.vn": ("Số 2 Hòa Bình, phường Ninh Kiều, thành phố Cần Thơ", "19/GP-TTĐT ngày 02/03/2023"),
    "vufo.org.vn": ("Số 105A Quán Thánh, phường Ba Đình, Hà Nội", "83/GP-TTĐT ngày 25/05/2023"),
}


# --------------------------------------------------------------------------------------------
# Shared helpers for layouts

def share_links(url, title):
    from urllib.parse import quote
    u = quote(url, safe="")
    return (f'https://www.facebook.com/sharer/sharer.php?u={u}', f'https://sp.zalo.me/share_inline?url={u}')


def jsonld(p, publisher, logo):
    d = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": p["url"]},
        "headline": p["title"],
        "description": p["sapo_plain"],
        "image": {"@type": "ImageObject", "url": p["images"][0] if p["images"] else logo},
        "datePublished": p["iso"],
        "dateModified": p["iso_mod"],
        "author": {"@type": "Person", "name": p["author"]},
        "publisher": {"@type": "Organization", "name": publisher, "logo": {"@type": "ImageObject", "url": logo}},
        "inLanguage": "vi",
    }
    s = json.dumps(d, ensure_ascii=False, indent=2)
    return '<script type="application/ld+json">\n' + s.replace("</", "<\\/") + "\n</script>"


def jsonld_breadcrumb(host, crumbs):
    items = [{"@type": "ListItem", "position": i + 1, "item": {"@id": f"https://{host}/{slugify(c)}.htm", "name": c}}
             for i, c in enumerate(crumbs)]
    s = json.dumps({"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": items},
                   ensure_ascii=False, indent=2)
    return '<script type="application/ld+json">\n' + s + "\n</script>"


def og(p, site_name, extra=""):
    return (f'<meta property="og:type" content="article">\n'
            f'<meta property="og:site_name" content="{a(site_name)}">\n'
            f'<meta property="og:title" content="{a(p["title"])}">\n'
            f'<meta property="og:description" content="{a(p["sapo_plain"])}">\n'
            f'<meta property="og:url" content="{a(p["url"])}">\n'
            f'<meta property="og:image" content="{a(p["images"][0] if p["images"] else "")}">\n' + extra)


def d_slash(d):
    return d.strftime("%d/%m/%Y")


def hm(d):
    return d.strftime("%H:%M")


def nav(items, host, ul_cls, li_cls="", ext=""):
    lis = "".join(f'<li class="{li_cls}"><a href="https://{host}/{slugify(x)}{ext}" title="{a(x)}">{e(x)}</a></li>' if li_cls
                  else f'<li><a href="https://{host}/{slugify(x)}{ext}" title="{a(x)}">{e(x)}</a></li>' for x in items)
    return f'<ul class="{ul_cls}">{lis}</ul>'


def body_items(p, para, fig):
    """Render body items with the layout's paragraph and figure renderers."""
    out, k = [], 0
    for it in p["body"]:
        if isinstance(it, tuple):
            out.append(fig(p["images"][k], it[1], p))
            k += 1
        else:
            out.append(para(it))
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# Layouts. Each returns the whole page.

def layout_vnexpress(p):
    host = "vnexpress.net"
    d = p["dt"]
    fb, zalo = share_links(p["url"], p["title"])
    date_text = f"{WEEKDAY[d.weekday()]}, {d_slash(d)}, {hm(d)} (GMT+7)"
    menu = ["Thời sự", "Góc nhìn", "Thế giới", "Video", "Podcasts", "Kinh doanh", "Bất động sản", "Khoa học công nghệ",
            "Giải trí", "Thể thao", "Pháp luật", "Giáo dục", "Sức khỏe", "Đời sống", "Du lịch", "Số hóa", "Xe", "Ý kiến"]

    def para(t):
        return f'<p class="Normal">{e(t)}</p>'

    def fig(img, cap, p):
        return ('<figure data-size="true" itemprop="associatedMedia image" itemscope itemtype="http://schema.org/ImageObject" class="tplCaption action_thumb_added">'
                f'<div class="fig-picture"><picture><img itemprop="contentUrl" loading="lazy" intrinsicsize="680x0" alt="{a(cap[:90])}" class="lazy" src="{a(img)}"></picture></div>'
                f'<figcaption itemprop="description"><p class="Image">{e(cap)}</p></figcaption></figure>')

    related = "".join(f'<article class="item-news"><h4 class="title-news"><a href="{a(u)}" title="{a(t)}">{e(t)}</a></h4></article>'
                      for t, u in p["related"])
    most = "".join(f'<li><span class="number">{i + 1}</span><h3 class="title-news"><a href="{a(u)}" title="{a(t)}">{e(t)}</a></h3></li>'
                   for i, (t, u) in enumerate(p["mostread"]))
    comments = "".join(
        f'<div class="comment_item"><div class="content-comment"><p class="full_content"><span class="txt-name"><a class="nickname" href="#"><b>{e(n)}</b></a></span>{e(c)}</p></div>'
        f'<div class="user-status"><a class="link-like" href="#">Thích</a><a class="link-reply" href="#">Trả lời</a><span class="time-com">{e(w)}</span></div></div>'
        for n, c, w in p["comments"])
    addr, lic = FOOTER_ADDR[host]
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(p["title"])} - VnExpress</title>
<meta name="description" content="{a(p["sapo_plain"])}">
<meta name="tt_site_id" content="1000000">
<meta name="its_section" content="{a(slugify(p["crumbs"][0]))}">
{og(p, "VnExpress")}<meta property="article:published_time" content="{p["iso"]}">
<meta property="article:section" content="{a(p["crumbs"][0])}">
<meta itemprop="datePublished" content="{p["iso"]}">
<link rel="canonical" href="{a(p["url"])}">
<link rel="amphtml" href="{a(p["url"].replace(".html", ".amp.html"))}">
{jsonld(p, "VnExpress", "https://s1.vnecdn.net/vnexpress/restruct/i/v9/logos/vne_logo_rss.png")}
</head>
<body class="page-detail">
<header class="header">
<div class="container flexbox">
<a class="logo" href="https://vnexpress.net/" title="VnExpress - Báo tiếng Việt nhiều người xem nhất">VnExpress</a>
<span class="time-now">{WEEKDAY[d.weekday()]}, {d_slash(d)}</span>
<div class="search-box"><form action="https://timkiem.vnexpress.net/"><input type="text" name="q" placeholder="Tìm kiếm"></form></div>
<a class="login" href="https://my.vnexpress.net/">Đăng nhập</a>
</div>
<nav class="main-nav">
<ul class="parent"><li class="home"><a href="https://vnexpress.net/" title="Trang chủ">Trang chủ</a></li>{"".join(f'<li><a href="https://vnexpress.net/{slugify(x)}" title="{a(x)}">{e(x)}</a></li>' for x in menu)}</ul>
</nav>
</header>
<section class="section page-detail top-detail">
<div class="container flexbox">
<div class="sidebar-1">
<div class="header-content width_common">
<ul class="breadcrumb" data-campaign="Header">{"".join(f'<li><a href="https://vnexpress.net/{slugify(c)}" title="{a(c)}">{e(c)}</a></li>' for c in p["crumbs"])}</ul>
<span class="date">{date_text}</span>
</div>
<h1 class="title-detail">{e(p["title"])}</h1>
<p class="description">{e(p["sapo"])}</p>
<article class="fck_detail ">
{body_items(p, para, fig)}
<p class="Normal" style="text-align:right;"><strong>{e(p["author"])}</strong></p>
</article>
<div class="footer-content width_common">
<div class="social_share flexbox"><span class="txt">Chia sẻ</span><a class="btn_share facebook" href="{a(fb)}" rel="nofollow" target="_blank">Facebook</a><a class="btn_share zalo" href="{a(zalo)}" rel="nofollow" target="_blank">Zalo</a><a class="btn_share twitter" href="#" rel="nofollow">X</a><a class="btn_share copylink" href="#" data-url="{a(p["url"])}">Sao chép liên kết</a></div>
</div>
<div class="box-tinlienquanv2 width_common"><div class="title-box"><h3>Tin liên quan</h3></div>{related}</div>
<div class="box_comment_vne width_common" id="box_comment_vne"><h3 class="title_box_category">Ý kiến <span class="number">({len(p["comments"])})</span></h3>
<div class="main_show_comment width_common" id="list_comment">{comments}</div>
<p class="note-comment">Ý kiến của bạn sẽ được biên tập trước khi đăng. Xin vui lòng gõ tiếng Việt có dấu.</p></div>
</div>
<div class="sidebar-2">
<div class="box-category box-most-read"><h3 class="title-box"><a href="https://vnexpress.net/tin-xem-nhieu">Xem nhiều</a></h3><ul class="list-news">{most}</ul></div>
</div>
</div>
</section>
<footer class="footer">
<div class="container">
<div class="footer-nav">{nav(menu[:12], host, "list-footer")}</div>
<div class="copyright"><p>Báo tiếng Việt nhiều người xem nhất</p>
<p>Số giấy phép: {e(lic)}</p>
<p>Địa chỉ: {e(addr)}</p>
<p>© 1997-2025. Toàn bộ bản quyền thuộc VnExpress</p></div>
</div>
</footer>
</body>
</html>
'''


def layout_tuoitre(p):
    host = "tuoitre.vn"
    d = p["dt"]
    fb, zalo = share_links(p["url"], p["title"])
    menu = ["Thời sự", "Thế giới", "Pháp luật", "Kinh doanh", "Công nghệ", "Xe", "Du lịch", "Nhịp sống trẻ", "Văn hóa",
            "Giải trí", "Thể thao", "Giáo dục", "Nhà đất", "Sức khỏe", "Giả thật", "Bạn đọc"]

    def para(t):
        return f"<p>{e(t)}</p>"

    def fig(img, cap, p):
        return ('<figure class="VCSortableInPreviewMode" type="Photo" style="">'
                f'<div><a href="{a(img)}" data-fancybox="img-lightbox" title="{a(cap[:90])}" target="_blank" class="detail-img-lightbox">'
                f'<img src="{a(img)}" alt="{a(cap[:90])}" title="{a(cap[:90])}" width="640" height="400" loading="lazy" class="lightbox-content"></a></div>'
                f'<figcaption class="PhotoCMS_Caption"><p data-placeholder="Nhập chú thích ảnh">{e(cap)}</p></figcaption></figure>')

    # an inline "ĐỌC THÊM" box inside the content, after the 3rd paragraph (chrome inside the body)
    inline_rel = p["related"][0]
    body = body_items(p, para, fig).split("\n")
    k = min(4, len(body) - 1)
    body.insert(k, '<div class="VCSortableInPreviewMode link-content-footer IMSCurrentEditorEditObject" type="link-content-footer">'
                   f'<a href="{a(inline_rel[1])}" title="{a(inline_rel[0])}" class="link-callout">'
                   '<span class="link-callout__label">ĐỌC THÊM</span> '
                   f'<span class="link-callout__title">{e(inline_rel[0])}</span></a></div>')
    related = "".join(f'<li class="box-category-item"><a class="box-category-link-title" href="{a(u)}" title="{a(t)}">{e(t)}</a></li>'
                      for t, u in p["related"][1:])
    most = "".join(f'<li class="box-category-item"><span class="box-category-number">{i + 1}</span><a class="box-category-link-title" href="{a(u)}" title="{a(t)}">{e(t)}</a></li>'
                   for i, (t, u) in enumerate(p["mostread"]))
    comments = "".join(
        f'<li class="item-comment"><div class="author-comment"><span class="name">{e(n)}</span><span class="time">{e(w)}</span></div>'
        f'<div class="content-comment"><p>{e(c)}</p></div><div class="action-comment"><a href="#">Trả lời</a><a href="#">Thích</a></div></li>'
        for n, c, w in p["comments"])
    addr, lic = FOOTER_ADDR[host]
    sep = '<span class="detail-cate__sep">&gt;</span>'
    cate = sep.join(f'<a href="https://tuoitre.vn/{slugify(c)}.htm" class="detail-cate__item" title="{a(c)}">{e(c)}</a>' for c in p["crumbs"])
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(p["title"])} - Tuổi Trẻ Online</title>
<meta name="description" content="{a(p["sapo_plain"])}">
<meta name="news_keywords" content="{a(", ".join(p["crumbs"]))}">
{og(p, "TUOI TRE ONLINE")}<meta property="fb:app_id" content="1000000000000">
<link rel="canonical" href="{a(p["url"])}">
{jsonld_breadcrumb(host, p["crumbs"])}
{jsonld(p, "Tuổi Trẻ Online", "https://static.tuoitre.vn/tuoitre/web_images/tto_default_avatar.png")}
</head>
<body>
<header id="header" class="header">
<div class="header__top"><div class="container">
<a class="header__logo" href="https://tuoitre.vn/" title="Tuổi Trẻ Online">Tuổi Trẻ Online</a>
<div class="header__date">{WEEKDAY[d.weekday()]}, {d_slash(d)}</div>
<div class="header__action"><a href="https://tuoitre.vn/tim-kiem.htm">Tìm kiếm</a><a href="https://id.tuoitre.vn/">Đăng nhập</a><a href="https://tuoitre.vn/tuoi-tre-sao.htm">Tuổi Trẻ Sao</a></div>
</div></div>
<nav class="header__nav"><div class="container">{nav(menu, host, "menu-nav", "menu-nav__item", ".htm")}</div></nav>
</header>
<main class="main main-detail">
<div class="container">
<div class="detail__section">
<div class="detail__left">
<div class="detail-top">
<div class="detail-cate">{cate}</div>
<div class="detail-time"><div data-role="publishdate">{d_slash(d)} {hm(d)} GMT+7</div></div>
</div>
<h1 class="detail-title article-title" data-role="title">{e(p["title"])}</h1>
<div class="detail-author-bot"><div class="author-info"><a class="name" href="https://tuoitre.vn/tac-gia/{slugify(p["author"])}.htm" title="{a(p["author"])}">{e(p["author"])}</a></div></div>
<div class="detail-share"><span class="detail-share__label">Chia sẻ</span><a class="share-fb" href="{a(fb)}" rel="nofollow" target="_blank">Facebook</a><a class="share-zalo" href="{a(zalo)}" rel="nofollow" target="_blank">Zalo</a><a class="share-mail" href="mailto:?subject={a(p["title"])}">Gửi email</a></div>
<div class="detail-cmain">
<h2 class="detail-sapo" data-role="sapo">{e(p["sapo"])}</h2>
<div class="detail-content afcbc-body" data-role="content" itemprop="articleBody">
{chr(10).join(body)}
</div>
</div>
<div class="detail-tab"><a href="https://tuoitre.vn/{slugify(p["crumbs"][0])}.htm">Xem thêm tin {e(p["crumbs"][0])}</a></div>
<div class="detail-relate"><div class="box-heading"><h3 class="title">Tin liên quan</h3></div><ul class="box-category-middle">{related}</ul></div>
<div class="detail-comment" id="comment"><div class="box-heading"><h3 class="title">Ý kiến bạn đọc</h3></div><ul class="lstcommentpopup">{comments}</ul>
<a class="btn-comment" href="#">Gửi bình luận</a></div>
</div>
<aside class="detail__right"><div class="box-most"><div class="box-heading"><h3 class="title">Đọc nhiều</h3></div><ul class="box-category-middle">{most}</ul></div></aside>
</div>
</div>
</main>
<footer class="footer">
<div class="container">
<div class="footer__nav">{nav(menu, host, "footer-menu", "", ".htm")}</div>
<div class="footer__info">
<p>Cơ quan chủ quản: Thành Đoàn TP.HCM</p>
<p>Giấy phép số {e(lic)}</p>
<p>Trụ sở: {e(addr)}</p>
<p>© Copyright 2025 Tuổi Trẻ Online. All rights reserved. Không được sao chép lại nội dung khi chưa có sự đồng ý.</p>
</div>
</div>
</footer>
</body>
</html>
'''


def layout_thanhnien(p):
    host = "thanhnien.vn"
    d = p["dt"]
    fb, zalo = share_links(p["url"], p["title"])
    menu = ["Thời sự", "Thế giới", "Kinh tế", "Đời sống", "Sức khỏe", "Giới trẻ", "Giáo dục", "Du lịch", "Văn hóa",
            "Giải trí", "Thể thao", "Công nghệ", "Xe", "Video", "Bạn cần biết"]

    def para(t):
        return f"<p>{e(t)}</p>"

    def fig(img, cap, p):
        return ('<figure class="VCSortableInPreviewMode" type="Photo">'
                f'<div><img src="{a(img)}" alt="{a(cap[:90])}" width="1280" height="853" loading="lazy"></div>'
                f'<figcaption class="PhotoCMS_Caption"><p>{e(cap)}</p></figcaption></figure>')

    related = "".join(f'<div class="box-category-item"><a class="box-category-link-title" href="{a(u)}" title="{a(t)}">{e(t)}</a></div>'
                      for t, u in p["related"])
    most = "".join(f'<div class="box-category-item"><span class="index">{i + 1}</span><a class="box-category-link-title" href="{a(u)}" title="{a(t)}">{e(t)}</a></div>'
                   for i, (t, u) in enumerate(p["mostread"]))
    comments = "".join(
        f'<div class="comment-item"><div class="comment-item__info"><span class="name">{e(n)}</span><span class="time">{e(w)}</span></div>'
        f'<p class="comment-item__content">{e(c)}</p></div>' for n, c, w in p["comments"])
    addr, lic = FOOTER_ADDR[host]
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(p["title"])} - Báo Thanh Niên</title>
<meta name="description" content="{a(p["sapo_plain"])}">
<meta name="author" content="{a(p["author"])}">
{og(p, "Báo Thanh Niên")}<meta property="article:published_time" content="{p["iso"]}">
<meta property="article:modified_time" content="{p["iso_mod"]}">
<meta property="article:author" content="{a(p["author"])}">
<link rel="canonical" href="{a(p["url"])}">
</head>
<body>
<header class="header">
<div class="header__top"><div class="container">
<a class="header__logo" href="https://thanhnien.vn/" title="Báo Thanh Niên">Báo Thanh Niên</a>
<span class="header__time">{WEEKDAY_CAP[d.weekday()]}, {d_slash(d)}</span>
<a class="header__login" href="#">Đăng nhập</a>
</div></div>
<nav class="header__menu"><div class="container">{nav(menu, host, "menu-main", "menu-main__item", ".htm")}</div></nav>
</header>
<div class="main detail">
<div class="container">
<div class="detail__breadcrumb"><ul class="breadcrumb"><li><a href="https://thanhnien.vn/" title="Trang chủ">Trang chủ</a></li>{"".join(f'<li><a href="https://thanhnien.vn/{slugify(c)}.htm" title="{a(c)}">{e(c)}</a></li>' for c in p["crumbs"])}</ul></div>
<div class="detail__cmain">
<div class="detail__cmain-main">
<h1 class="detail-title"><span data-role="title">{e(p["title"])}</span></h1>
<div class="detail-info">
<div class="detail-author"><a class="name" href="https://thanhnien.vn/tac-gia/{slugify(p["author"])}.htm" title="{a(p["author"])}">{e(p["author"])}</a></div>
<div class="detail-time"><div data-role="publishdate">{d_slash(d)} - {hm(d)}</div></div>
<div class="detail-share"><span>Chia sẻ</span><a class="share-facebook" href="{a(fb)}" rel="nofollow" target="_blank">Facebook</a><a class="share-zalo" href="{a(zalo)}" rel="nofollow" target="_blank">Zalo</a><a class="share-copy" href="#">Sao chép link</a></div>
</div>
<h2 class="detail-sapo" data-role="sapo">{e(p["sapo"])}</h2>
<div class="detail-cmain" id="contentDetail">
<div class="detail__content" data-role="content">
{body_items(p, para, fig)}
</div>
</div>
<div class="detail-tags"><span>Từ khóa:</span>{"".join(f'<a href="https://thanhnien.vn/{slugify(c)}-tags.htm">{e(c)}</a>' for c in p["crumbs"])}</div>
<div class="box-related"><h3 class="box-title">Xem thêm</h3><div class="box-category-middle">{related}</div></div>
<div class="comment-container" id="comment"><h3 class="comment-title">Bình luận ({len(p["comments"])})</h3>{comments}
<div class="comment-form"><textarea placeholder="Bạn nghĩ gì về tin này?"></textarea><button type="button">Gửi bình luận</button></div></div>
</div>
<aside class="detail__cmain-sub"><div class="box-most-view"><h3 class="box-title">Xem nhiều</h3>{most}</div></aside>
</div>
</div>
</div>
<footer class="footer">
<div class="container">
{nav(menu, host, "footer__menu", "", ".htm")}
<div class="footer__info">
<p>Cơ quan chủ quản: Trung ương Hội Liên hiệp Thanh niên Việt Nam</p>
<p>Giấy phép số {e(lic)}</p>
<p>Địa chỉ: {e(addr)}</p>
<p>© 2025 Báo Thanh Niên. Mọi quyền được bảo lưu.</p>
</div>
</div>
</footer>
</body>
</html>
'''


def layout_dantri(p):
    host = "dantri.com.vn"
    d = p["dt"]
    fb, zalo = share_links(p["url"], p["title"])
    menu = ["Xã hội", "Thế giới", "Kinh doanh", "Bất động sản", "Thể thao", "Lao động - Việc làm", "Tấm lòng nhân ái",
            "Sức khỏe", "Văn hóa", "Giải trí", "Pháp luật", "Giáo dục", "Du lịch", "Công nghệ", "Ô tô - Xe máy"]

    def para(t):
        return f"<p>{e(t)}</p>"

    def fig(img, cap, p):
        return ('<figure class="image align-center" contenteditable="false">'
                f'<img title="{a(cap[:90])}" src="{a(img)}" alt="{a(cap[:90])}" data-width="1920" data-height="1080" loading="lazy">'
                f'<figcaption><p>{e(cap)}</p></figcaption></figure>')

    related = "".join(f'<article class="article-item"><h3 class="article-title"><a href="{a(u)}" title="{a(t)}">{e(t)}</a></h3></article>'
                      for t, u in p["related"])
    most = "".join(f'<li class="article-item"><a href="{a(u)}" title="{a(t)}">{e(t)}</a></li>' for t, u in p["mostread"])
    comments = "".join(
        f'<div class="comment-item"><div class="comment-item__header"><b class="comment-item__name">{e(n)}</b><span class="comment-item__time">{e(w)}</span></div>'
        f'<div class="comment-item__content">{e(c)}</div></div>' for n, c, w in p["comments"])
    addr, lic = FOOTER_ADDR[host]
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(p["title"])} | Báo Dân trí</title>
<meta name="description" content="{a(p["sapo_plain"])}">
<meta name="author" content="{a(p["author"])}">
<meta name="pubdate" content="{p["iso"]}">
{og(p, "Báo điện tử Dân Trí")}<link rel="canonical" href="{a(p["url"])}">
{jsonld(p, "Báo điện tử Dân Trí", "https://cdnweb.dantri.com.vn/dist/static-logo.png")}
</head>
<body>
<header class="site-header">
<div class="header-top"><div class="grid-container">
<a class="dt-logo" href="https://dantri.com.vn/" title="Báo Dân trí">Dân trí</a>
<span class="header-date">{WEEKDAY[d.weekday()]}, {d_slash(d)}</span>
<a class="header-search" href="https://dantri.com.vn/tim-kiem.htm">Tìm kiếm</a>
</div></div>
<nav class="menu-wrap"><div class="grid-container">{nav(menu, host, "menu-wrap__list", "has-child", ".htm")}</div></nav>
</header>
<main class="body-container">
<div class="grid-container">
<div class="singular-wrap">
<ul class="dt-breadcrumb">{"".join(f'<li><a href="https://dantri.com.vn/{slugify(c)}.htm" title="{a(c)}">{e(c)}</a></li>' for c in p["crumbs"])}</ul>
<article class="singular-container">
<h1 class="title-page detail">{e(p["title"])}</h1>
<div class="author-wrap">
<div class="author-name"><a href="https://dantri.com.vn/tac-gia/{slugify(p["author"])}.htm"><b>{e(p["author"])}</b></a></div>
<time class="author-time" datetime="{d.strftime("%Y-%m-%d %H:%M")}">{WEEKDAY[d.weekday()]}, {d_slash(d)} - {hm(d)}</time>
</div>
<h2 class="singular-sapo">(Dân trí) - {e(p["sapo"])}</h2>
<div class="singular-content">
{body_items(p, para, fig)}
</div>
<div class="author-wrap author-wrap--bottom"><div class="author-name"><b>{e(p["author"])}</b></div></div>
<div class="article-share"><span class="share-label">Chia sẻ bài viết</span><a class="share-fb" href="{a(fb)}" rel="nofollow" target="_blank">Facebook</a><a class="share-zalo" href="{a(zalo)}" rel="nofollow" target="_blank">Zalo</a><a class="share-copy" href="#">Copy link</a></div>
</article>
<div class="article-related"><h3 class="title">Tin liên quan</h3>{related}</div>
<div class="comment-wrap" id="comment"><h3 class="comment-wrap__title">Bình luận ({len(p["comments"])})</h3>{comments}</div>
</div>
<aside class="sidebar"><div class="article-list article-list--most"><h3 class="title">Đọc nhiều</h3><ol>{most}</ol></div></aside>
</div>
</main>
<footer class="site-footer">
<div class="grid-container">
{nav(menu, host, "footer-menu", "", ".htm")}
<div class="footer-info">
<p>Cơ quan chủ quản: Bộ Nội vụ</p>
<p>Giấy phép hoạt động báo điện tử số {e(lic)}</p>
<p>Địa chỉ tòa soạn: {e(addr)}</p>
<p>© 2005-2025 Bản quyền thuộc về Báo điện tử Dân trí. Cấm sao chép dưới mọi hình thức nếu không có sự chấp thuận bằng văn bản.</p>
</div>
</div>
</footer>
</body>
</html>
'''


def layout_vietnamplus(p):
    host = "vietnamplus.vn"
    d = p["dt"]
    fb, zalo = share_links(p["url"], p["title"])
    menu = ["Chính trị", "Kinh tế", "Xã hội", "Thế giới", "Đời sống", "Văn hóa", "Thể thao", "Khoa học - Công nghệ",
            "Môi trường", "Du lịch", "Bất động sản", "Multimedia"]

    def para(t):
        return f"<p>{e(t)}</p>"

    def fig(img, cap, p):
        return ('<figure class="picture" data-widget="picture">'
                f'<img src="{a(img)}" alt="{a(cap[:90])}" class="cms-photo" data-photo-original-src="{a(img)}" loading="lazy">'
                f'<figcaption class="fig">{e(cap)}</figcaption></figure>')

    related = "".join(f'<article class="story"><h3 class="story__heading"><a class="cms-link" href="{a(u)}" title="{a(t)}">{e(t)}</a></h3></article>'
                      for t, u in p["related"])
    most = "".join(f'<article class="story"><span class="story__index">{i + 1}</span><h3 class="story__heading"><a class="cms-link" href="{a(u)}" title="{a(t)}">{e(t)}</a></h3></article>'
                   for i, (t, u) in enumerate(p["mostread"]))
    addr, lic = FOOTER_ADDR[host]
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(p["title"])} | Vietnam+ (VietnamPlus)</title>
<meta name="description" content="{a(p["sapo_plain"])}">
{og(p, "Vietnam+ (VietnamPlus)")}<meta property="article:published_time" content="{p["iso"]}">
<meta property="article:modified_time" content="{p["iso_mod"]}">
<meta property="article:section" content="{a(p["crumbs"][0])}">
<link rel="canonical" href="{a(p["url"])}">
{jsonld(p, "Vietnam+ (VietnamPlus)", "https://www.vietnamplus.vn/assets/web/styles/img/logo.png")}
</head>
<body class="page-detail">
<header class="site-header">
<div class="container">
<a class="site-logo" href="https://www.vietnamplus.vn/" title="VietnamPlus">VietnamPlus</a>
<div class="header-lang"><a href="https://en.vietnamplus.vn/">English</a><a href="https://es.vietnamplus.vn/">Español</a><a href="https://fr.vietnamplus.vn/">Français</a></div>
</div>
<nav class="main-menu"><div class="container">{nav(menu, host, "menu")}</div></nav>
</header>
<main class="site-main">
<div class="container">
<div class="breadcrumb breadcrumb-detail">{" <span>›</span> ".join(f'<a href="https://www.vietnamplus.vn/{slugify(c)}/" title="{a(c)}">{e(c)}</a>' for c in p["crumbs"])}</div>
<div class="detail-main">
<article class="article">
<div class="article__header">
<h1 class="article__title cms-title">{e(p["title"])}</h1>
<div class="article__meta"><time class="time" datetime="{p["iso"]}">{WEEKDAY_CAP[d.weekday()]}, {d_slash(d)} {hm(d)} (GMT+07:00)</time></div>
</div>
<div class="article__sapo cms-desc">{e(p["sapo"])}</div>
<div class="article__body zce-content-body cms-body" itemprop="articleBody">
{body_items(p, para, fig)}
</div>
<div class="article__author"><span class="name cms-author">{e(p["author"])}</span></div>
<div class="article__social"><span>Chia sẻ</span><a class="btn-fb" href="{a(fb)}" rel="nofollow" target="_blank">Facebook</a><a class="btn-zalo" href="{a(zalo)}" rel="nofollow" target="_blank">Zalo</a><a class="btn-copy" href="#">Sao chép đường dẫn</a></div>
</article>
<section class="zone zone--related"><h3 class="zone__title">Tin cùng chuyên mục</h3>{related}</section>
</div>
<aside class="detail-sidebar"><section class="zone zone--most"><h3 class="zone__title">Đọc nhiều</h3>{most}</section></aside>
</div>
</main>
<footer class="site-footer">
<div class="container">
{nav(menu, host, "footer-menu")}
<div class="footer-info">
<p>Cơ quan chủ quản: Thông tấn xã Việt Nam</p>
<p>Giấy phép số {e(lic)}</p>
<p>Địa chỉ: {e(addr)}</p>
<p>© Bản quyền thuộc về VietnamPlus. Cấm sao chép dưới mọi hình thức nếu không có sự chấp thuận bằng văn bản.</p>
</div>
</div>
</footer>
</body>
</html>
'''


def layout_baoquocte(p):
    host = "baoquocte.vn"
    d = p["dt"]
    fb, zalo = share_links(p["url"], p["title"])
    menu = ["Thời sự", "Thế giới", "Ngoại giao", "Kinh tế", "Người Việt bốn phương", "Văn hóa", "Du lịch", "Ý kiến",
            "Hỏi - Đáp", "Multimedia", "English"]

    def para(t):
        return f'<p style="text-align: justify;">{e(t)}</p>'

    def fig(img, cap, p):
        return ('<figure class="image center">'
                f'<img src="{a(img)}" alt="{a(cap[:90])}" width="700" loading="lazy">'
                f'<figcaption class="image_desc">{e(cap)}</figcaption></figure>')

    related = "".join(f'<li><a href="{a(u)}" title="{a(t)}">{e(t)}</a></li>' for t, u in p["related"])
    most = "".join(f'<li><a href="{a(u)}" title="{a(t)}">{e(t)}</a></li>' for t, u in p["mostread"])
    addr, lic = FOOTER_ADDR[host]
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(p["title"])} | Báo Quốc tế</title>
<meta name="description" content="{a(p["sapo_plain"])}">
<meta name="author" content="{a(p["author"])}">
{og(p, "Báo Quốc tế")}<link rel="canonical" href="{a(p["url"])}">
{jsonld(p, "Báo Quốc tế", "https://baoquocte.vn/images/logo.png")}
</head>
<body>
<div id="wrapper">
<header id="header">
<div class="header-top"><div class="container">
<a class="logo" href="https://baoquocte.vn/" title="Báo Quốc tế">Báo Quốc tế</a>
<span class="header-slogan">Cơ quan ngôn luận của Bộ Ngoại giao</span>
<span class="header-date">{WEEKDAY_CAP[d.weekday()]}, ngày {d_slash(d)}</span>
</div></div>
<nav class="menu-top"><div class="container">{nav(menu, host, "nav-menu", "nav-item", ".html")}</div></nav>
</header>
<div id="main"><div class="container">
<ol class="breadcrumb"><li><a href="https://baoquocte.vn/">Trang chủ</a></li>{"".join(f'<li><a href="https://baoquocte.vn/{slugify(c)}.html">{e(c)}</a></li>' for c in p["crumbs"])}</ol>
<div class="col-main">
<article class="article-detail">
<h1 class="article-title">{e(p["title"])}</h1>
<div class="article-meta">
<span class="article-date"><time datetime="{p["iso"]}">{hm(d)} | {d_slash(d)}</time></span>
<div class="article-share"><span>Chia sẻ:</span><a class="fb" href="{a(fb)}" rel="nofollow" target="_blank">Facebook</a><a class="zalo" href="{a(zalo)}" rel="nofollow" target="_blank">Zalo</a><a class="print" href="#">In bài</a></div>
</div>
<div class="article-summary"><strong>{e(p["sapo"])}</strong></div>
<div class="article-content __MB_MASTERCMS_EL" id="__MB_MASTERCMS_EL_3">
{body_items(p, para, fig)}
</div>
<div class="article-author"><strong>{e(p["author"])}</strong></div>
</article>
<div class="box-related"><h3 class="box-title">Tin bài liên quan</h3><ul class="list-related">{related}</ul></div>
</div>
<aside class="col-sub">
<div class="box-mostread"><h3 class="box-title">Đọc nhiều</h3><ul>{most}</ul></div>
</aside>
</div></div>
<footer id="footer"><div class="container">
{nav(menu, host, "footer-menu", "", ".html")}
<div class="footer-info">
<p>Báo Quốc tế - Cơ quan ngôn luận của Bộ Ngoại giao</p>
<p>Giấy phép hoạt động báo điện tử số {e(lic)}</p>
<p>Tòa soạn: {e(addr)}</p>
<p>© Bản quyền thuộc Báo Quốc tế. Ghi rõ nguồn "Báo Quốc tế" khi phát hành lại thông tin từ website này.</p>
</div>
</div></footer>
</div>
</body>
</html>
'''


def layout_nhandan(p):
    host = "nhandan.vn"
    d = p["dt"]
    fb, zalo = share_links(p["url"], p["title"])
    menu = ["Chính trị", "Kinh tế", "Văn hóa", "Xã hội", "Pháp luật", "Du lịch", "Thế giới", "Thể thao", "Giáo dục",
            "Y tế", "Khoa học - Công nghệ", "Môi trường", "Bạn đọc"]

    def para(t):
        return f"<p>{e(t)}</p>"

    def fig(img, cap, p):
        return ('<figure class="picture">'
                f'<img src="{a(img)}" alt="{a(cap[:90])}" loading="lazy" class="cms-photo">'
                f'<figcaption class="caption">{e(cap)}</figcaption></figure>')

    related = "".join(f'<div class="story"><a class="story__title" href="{a(u)}" title="{a(t)}">{e(t)}</a></div>' for t, u in p["related"])
    most = "".join(f'<div class="story"><span class="order">{i + 1}</span><a class="story__title" href="{a(u)}" title="{a(t)}">{e(t)}</a></div>'
                   for i, (t, u) in enumerate(p["mostread"]))
    addr, lic = FOOTER_ADDR[host]
    date_text = f"{WEEKDAY_CAP[d.weekday()]}, {d.strftime('%d-%m-%Y')}, {hm(d)}"
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(p["title"])} | Báo Nhân Dân điện tử</title>
<meta name="description" content="{a(p["sapo_plain"])}">
{og(p, "Báo Nhân Dân điện tử")}<link rel="canonical" href="{a(p["url"])}">
{jsonld(p, "Báo Nhân Dân", "https://nhandan.vn/assets/images/logo.png")}
</head>
<body>
<header class="nd-header">
<div class="nd-header__top"><div class="container">
<a class="nd-logo" href="https://nhandan.vn/" title="Nhân Dân">Nhân Dân</a>
<span class="nd-date">{WEEKDAY_CAP[d.weekday()]}, {d.strftime('%d-%m-%Y')}</span>
<div class="nd-lang"><a href="https://en.nhandan.vn/">English</a><a href="https://fr.nhandan.vn/">Français</a><a href="https://cn.nhandan.vn/">中文</a></div>
</div></div>
<nav class="nd-nav"><div class="container">{nav(menu, host, "nd-nav__list")}</div></nav>
</header>
<main class="nd-main"><div class="container">
<div class="breadcrumbs">{"".join(f'<a class="breadcrumbs__item" href="https://nhandan.vn/{slugify(c)}/">{e(c)}</a>' for c in p["crumbs"])}</div>
<div class="detail-page">
<div class="detail-page__main">
<h1 class="box-title-detail">{e(p["title"])}</h1>
<div class="box-date"><time datetime="{p["iso"]}">{date_text}</time></div>
<div class="box-share"><span>Chia sẻ</span><a class="share-fb" href="{a(fb)}" rel="nofollow" target="_blank">Facebook</a><a class="share-zalo" href="{a(zalo)}" rel="nofollow" target="_blank">Zalo</a></div>
<div class="box-des-detail"><p>{e(p["sapo"])}</p></div>
<div class="detail-content-body" id="article-body">
{body_items(p, para, fig)}
<p class="article__author" style="text-align:right;"><strong>{e(p["author"])}</strong></p>
</div>
<div class="box-related"><h3 class="box-related__title">Tin liên quan</h3>{related}</div>
</div>
<aside class="detail-page__side"><div class="box-most"><h3 class="box-most__title">Xem nhiều</h3>{most}</div></aside>
</div>
</div></main>
<footer class="nd-footer"><div class="container">
{nav(menu, host, "nd-footer__menu")}
<div class="nd-footer__info">
<p>Báo Nhân Dân - Cơ quan Trung ương của Đảng Cộng sản Việt Nam, Tiếng nói của Đảng, Nhà nước và nhân dân Việt Nam</p>
<p>Giấy phép số {e(lic)}</p>
<p>Tòa soạn: {e(addr)}</p>
<p>© Bản quyền thuộc về Báo Nhân Dân. Không sao chép khi chưa được phép.</p>
</div>
</div></footer>
</body>
</html>
'''


def layout_baochinhphu(p):
    host = "baochinhphu.vn"
    d = p["dt"]
    fb, zalo = share_links(p["url"], p["title"])
    menu = ["Chính phủ", "Chính sách mới", "Thời sự", "Kinh tế", "Quốc tế", "Văn hóa", "Xã hội", "Pháp luật",
            "Thể thao", "Multimedia", "Dữ liệu"]

    def para(t):
        return f"<p>{e(t)}</p>"

    def fig(img, cap, p):
        return ('<figure class="VCSortableInPreviewMode" type="Photo">'
                f'<div><img src="{a(img)}" alt="{a(cap[:90])}" width="800" height="533" loading="lazy"></div>'
                f'<figcaption class="PhotoCMS_Caption"><p>{e(cap)}</p></figcaption></figure>')

    related = "".join(f'<li class="related-item"><a href="{a(u)}" title="{a(t)}">{e(t)}</a></li>' for t, u in p["related"])
    most = "".join(f'<li class="box-stream-item"><a href="{a(u)}" title="{a(t)}">{e(t)}</a></li>' for t, u in p["mostread"])
    addr, lic = FOOTER_ADDR[host]
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(p["title"])} - Báo Chính phủ</title>
<meta name="description" content="{a(p["sapo_plain"])}">
{og(p, "BAOCHINHPHU.VN")}<meta property="article:published_time" content="{p["iso"]}">
<link rel="canonical" href="{a(p["url"])}">
</head>
<body>
<header class="header">
<div class="header__top"><div class="container">
<a class="header__logo" href="https://baochinhphu.vn/" title="Báo điện tử Chính phủ">BÁO ĐIỆN TỬ CHÍNH PHỦ</a>
<span class="header__date">{WEEKDAY[d.weekday()]}, {d_slash(d)}</span>
<div class="header__links"><a href="https://xaydungchinhsach.chinhphu.vn/">Xây dựng chính sách</a><a href="https://en.baochinhphu.vn/">English</a></div>
</div></div>
<nav class="header__nav"><div class="container">{nav(menu, host, "header__menu", "header__menu-item", ".htm")}</div></nav>
</header>
<main class="main"><div class="container">
<div class="detail-breadcrumb">{" <span>/</span> ".join(f'<a href="https://baochinhphu.vn/{slugify(c)}.htm" title="{a(c)}">{e(c)}</a>' for c in p["crumbs"])}</div>
<div class="detail-container">
<div class="detail-main">
<div class="detail-time">{d_slash(d)} {hm(d)}</div>
<h1 class="detail-title">{e(p["title"])}</h1>
<h2 class="detail-sapo">(Chinhphu.vn) - {e(p["sapo"])}</h2>
<div class="detail-content afcbc-body" data-role="content">
{body_items(p, para, fig)}
</div>
<div class="detail-author">{e(p["author"])}</div>
<div class="detail-share"><span>Chia sẻ</span><a class="fb" href="{a(fb)}" rel="nofollow" target="_blank">Facebook</a><a class="zalo" href="{a(zalo)}" rel="nofollow" target="_blank">Zalo</a><a class="mail" href="#">Email</a><a class="print" href="#">In</a></div>
<div class="detail-related"><h3 class="detail-related__title">Tin liên quan</h3><ul>{related}</ul></div>
</div>
<aside class="detail-aside"><div class="box-stream"><h3 class="box-stream__title">Đọc nhiều</h3><ul>{most}</ul></div></aside>
</div>
</div></main>
<footer class="footer"><div class="container">
{nav(menu, host, "footer__menu", "", ".htm")}
<div class="footer__info">
<p>BÁO ĐIỆN TỬ CHÍNH PHỦ NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</p>
<p>Cơ quan chủ quản: Văn phòng Chính phủ</p>
<p>Giấy phép số {e(lic)}</p>
<p>Địa chỉ: {e(addr)}</p>
<p>© Bản quyền thuộc Báo điện tử Chính phủ. Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p>
</div>
</div></footer>
</body>
</html>
'''


def layout_hochiminhcity(p):
    host = "hochiminhcity.gov.vn"
    d = p["dt"]
    fb, zalo = share_links(p["url"], p["title"])
    menu = ["Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Chính quyền", "Công dân", "Doanh nghiệp", "Du khách",
            "Văn bản pháp luật", "Dịch vụ công", "Hỏi đáp"]
    submenu = ["Thời sự", "Kinh tế", "Văn hóa - Xã hội", "Đối ngoại", "Chính quyền", "Đô thị"]

    def para(t):
        return f'<p style="text-align: justify;">{e(t)}</p>'

    def fig(img, cap, p):
        return ('<figure class="image" style="text-align:center;">'
                f'<img src="{a(img)}" alt="{a(cap[:90])}" style="width:100%;">'
                f'<figcaption><em>{e(cap)}</em></figcaption></figure>')

    related = "".join(f'<li><a href="{a(u)}" title="{a(t)}">{e(t)}</a> <span class="date">({d_slash(d)})</span></li>' for t, u in p["related"])
    most = "".join(f'<li><a href="{a(u)}" title="{a(t)}">{e(t)}</a></li>' for t, u in p["mostread"])
    addr, lic = FOOTER_ADDR[host]
    sub = '<ul class="nav-sub">' + "".join(f'<li><a href="https://hochiminhcity.gov.vn/tin-tuc/{slugify(s)}">{e(s)}</a></li>' for s in submenu) + "</ul>"
    navmain = "".join(f'<li><a href="https://hochiminhcity.gov.vn/{slugify(x)}">{e(x)}</a>' + (sub if x == "Tin tức - Sự kiện" else "") + "</li>" for x in menu)
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(p["title"])} - Cổng Thông tin điện tử Thành phố Hồ Chí Minh</title>
<meta name="description" content="{a(p["sapo_plain"])}">
{og(p, "Cổng Thông tin điện tử Thành phố Hồ Chí Minh")}<link rel="canonical" href="{a(p["url"])}">
</head>
<body class="portal">
<header id="banner" class="portal-banner">
<div class="container">
<a class="logo" href="https://hochiminhcity.gov.vn/" title="Cổng Thông tin điện tử Thành phố Hồ Chí Minh">CỔNG THÔNG TIN ĐIỆN TỬ THÀNH PHỐ HỒ CHÍ MINH</a>
<div class="banner-tools"><a href="https://hochiminhcity.gov.vn/en">English</a><a href="#">Sơ đồ cổng</a><a href="#">Liên hệ</a></div>
</div>
<nav id="navigation" class="portal-nav"><div class="container">
<ul class="nav-main">{navmain}</ul>
</div></nav>
</header>
<div id="content" class="portal-content"><div class="container">
<div class="breadcrumb-portlet"><ul class="breadcrumb"><li><a href="https://hochiminhcity.gov.vn/">Trang chủ</a></li>{"".join(f'<li><a href="https://hochiminhcity.gov.vn/{slugify(c)}">{e(c)}</a></li>' for c in p["crumbs"])}</ul></div>
<div class="columns-2-1">
<div class="portlet-column portlet-column-first">
<div class="portlet-boundary portlet-journal-content"><div class="portlet-body">
<div class="journal-content-article">
<h1 class="title-news">{e(p["title"])}</h1>
<div class="news-info"><span class="publish-date">{d_slash(d)} {hm(d)}</span> <span class="view-count">Lượt xem: 1.2{len(p["title"]) % 10}5</span></div>
<div class="news-summary"><p><strong>{e(p["sapo"])}</strong></p></div>
<div class="news-content">
{body_items(p, para, fig)}
<p style="text-align: right;"><strong>{e(p["author"])}</strong></p>
</div>
<div class="news-tools"><span>Chia sẻ:</span><a class="facebook" href="{a(fb)}" rel="nofollow" target="_blank">Facebook</a><a class="zalo" href="{a(zalo)}" rel="nofollow" target="_blank">Zalo</a><a class="print" href="#">In trang</a><a class="email" href="#">Gửi email</a></div>
</div>
</div></div>
<div class="portlet-boundary portlet-asset-publisher"><div class="portlet-title">Tin liên quan</div><ul class="list-other-news">{related}</ul></div>
</div>
<div class="portlet-column portlet-column-last">
<div class="portlet-boundary portlet-most-viewed"><div class="portlet-title">Tin đọc nhiều</div><ul class="list-most-viewed">{most}</ul></div>
<div class="portlet-boundary portlet-links"><div class="portlet-title">Liên kết</div><ul><li><a href="https://dichvucong.gov.vn/">Cổng Dịch vụ công quốc gia</a></li><li><a href="https://vanban.chinhphu.vn/">Hệ thống văn bản</a></li></ul></div>
</div>
</div>
</div></div>
<footer id="footer" class="portal-footer"><div class="container">
<p>CỔNG THÔNG TIN ĐIỆN TỬ THÀNH PHỐ HỒ CHÍ MINH</p>
<p>Cơ quan chủ quản: Ủy ban nhân dân Thành phố Hồ Chí Minh</p>
<p>Địa chỉ: {e(addr)}</p>
<p>Giấy phép số {e(lic)}</p>
<p>Ghi rõ nguồn "Cổng Thông tin điện tử Thành phố Hồ Chí Minh" khi phát hành lại thông tin từ cổng thông tin này.</p>
</div></footer>
</body>
</html>
'''


def layout_cantho(p):
    host = "cantho.gov.vn"
    d = p["dt"]
    fb, zalo = share_links(p["url"], p["title"])
    menu = ["Trang chủ", "Giới thiệu", "Tin tức - Sự kiện", "Chính quyền", "Tiềm năng - Đầu tư", "Du lịch", "Văn bản",
            "Thủ tục hành chính", "Hỏi đáp"]

    def para(t):
        return f'<p style="text-align: justify;">{e(t)}</p>'

    def fig(img, cap, p):
        return ('<figure class="image">'
                f'<img src="{a(img)}" alt="{a(cap[:90])}" width="600">'
                f'<figcaption style="text-align:center;"><i>{e(cap)}</i></figcaption></figure>')

    related = "".join(f'<li><a href="{a(u)}" title="{a(t)}">{e(t)}</a></li>' for t, u in p["related"])
    most = "".join(f'<li><a href="{a(u)}" title="{a(t)}">{e(t)}</a></li>' for t, u in p["mostread"])
    addr, lic = FOOTER_ADDR[host]
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(p["title"])} | Cổng thông tin điện tử thành phố Cần Thơ</title>
<meta name="description" content="{a(p["sapo_plain"])}">
<meta name="author" content="{a(p["author"])}">
{og(p, "Cổng thông tin điện tử thành phố Cần Thơ")}<meta property="article:published_time" content="{p["iso"]}">
<link rel="canonical" href="{a(p["url"])}">
</head>
<body>
<header class="ct-header">
<div class="ct-banner"><div class="container">
<a class="ct-logo" href="https://cantho.gov.vn/" title="Cổng thông tin điện tử thành phố Cần Thơ">CỔNG THÔNG TIN ĐIỆN TỬ THÀNH PHỐ CẦN THƠ</a>
<span class="ct-date">Hôm nay: {WEEKDAY[d.weekday()]}, {d_slash(d)}</span>
</div></div>
<nav class="ct-menu"><div class="container">{nav(menu, host, "ct-menu__list")}</div></nav>
</header>
<div class="ct-body"><div class="container">
<div class="ct-breadcrumb"><a href="https://cantho.gov.vn/">Trang chủ</a>{"".join(f' » <a href="https://cantho.gov.vn/{slugify(c)}">{e(c)}</a>' for c in p["crumbs"])}</div>
<div class="row">
<div class="col-left">
<div class="news-detail">
<h1 class="news-title">{e(p["title"])}</h1>
<div class="news-date">Cập nhật ngày: {d_slash(d)} {hm(d)}</div>
<div class="news-sapo"><b>{e(p["sapo"])}</b></div>
<div class="news-content">
{body_items(p, para, fig)}
<p align="right"><b>{e(p["author"])}</b></p>
</div>
<div class="news-share"><span>Chia sẻ:</span><a class="fb" href="{a(fb)}" rel="nofollow" target="_blank">Facebook</a><a class="zalo" href="{a(zalo)}" rel="nofollow" target="_blank">Zalo</a><a class="print" href="#">In bài viết</a></div>
</div>
<div class="news-other"><h3 class="title">Tin liên quan</h3><ul>{related}</ul></div>
</div>
<div class="col-right">
<div class="box-most"><h3 class="title">Xem nhiều</h3><ul>{most}</ul></div>
<div class="box-weather"><h3 class="title">Thời tiết</h3><p>Cần Thơ: 27°C - 33°C, có mưa rào và dông vài nơi</p></div>
</div>
</div>
</div></div>
<footer class="ct-footer"><div class="container">
<p>CỔNG THÔNG TIN ĐIỆN TỬ THÀNH PHỐ CẦN THƠ</p>
<p>Cơ quan chủ quản: Ủy ban nhân dân thành phố Cần Thơ</p>
<p>Địa chỉ: {e(addr)}</p>
<p>Giấy phép số {e(lic)}</p>
<p>Ghi rõ nguồn "Cổng thông tin điện tử thành phố Cần Thơ" khi phát hành lại thông tin từ website này.</p>
</div></footer>
</body>
</html>
'''


def layout_vufo(p):
    host = "vufo.org.vn"
    d = p["dt"]
    fb, zalo = share_links(p["url"], p["title"])
    menu = ["Trang chủ", "Tin tức", "Hoạt động hữu nghị", "Đối ngoại nhân dân", "Viện trợ phi chính phủ",
            "Bờ cõi biển đảo", "Văn hóa - Du lịch", "Multimedia", "Tư liệu"]
    c = p["chrome"]

    def para(t):
        return f'<p style="text-align: justify;">{e(t)}</p>'

    def fig(img, cap, p):
        return ('<figure class="image">'
                f'<img src="{a(img)}" alt="{a(cap[:90])}" loading="lazy">'
                f'<figcaption class="image-caption">{e(cap)}</figcaption></figure>')

    def links(items, cls):
        return "".join(f'<li class="{cls}"><a href="https://vufo.org.vn/{slugify(t)[:80]}.html" title="{a(t)}">{e(t)}</a></li>' for t in items)

    teasers = "".join(f'<div class="teaser-item"><a href="https://vufo.org.vn/{slugify(t)[:60]}.html" class="teaser-thumb"><img src="https://vufo.org.vn/uploads/thumbs/{slugify(t)[:24]}.jpg" alt=""></a><p class="teaser-sapo">{e(t)}</p></div>'
                      for t in c["teasers"])
    addr, lic = FOOTER_ADDR[host]
    return f'''<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(p["title"])} | VUFO</title>
<meta name="description" content="{a(p["sapo_plain"])}">
<meta name="author" content="{a(p["author"])}">
{og(p, "Liên hiệp các tổ chức hữu nghị Việt Nam")}<link rel="canonical" href="{a(p["url"])}">
</head>
<body>
<header class="vufo-header">
<div class="vufo-banner"><div class="container">
<a class="vufo-logo" href="https://vufo.org.vn/" title="Liên hiệp các tổ chức hữu nghị Việt Nam">LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ VIỆT NAM</a>
<span class="vufo-date">{WEEKDAY_CAP[d.weekday()]}, {d_slash(d)}</span>
<div class="vufo-lang"><a href="https://vufo.org.vn/en">English</a></div>
</div></div>
<nav class="vufo-menu"><div class="container">{nav(menu, host, "vufo-menu__list")}</div></nav>
</header>
<div class="vufo-main"><div class="container">
<div class="breadcrumb"><a href="https://vufo.org.vn/">Trang chủ</a>{"".join(f' » <a href="https://vufo.org.vn/{slugify(x)}.html">{e(x)}</a>' for x in p["crumbs"])}</div>
<div class="row">
<div class="col-8">
<div class="article-detail">
<h1 class="article-detail-title">{e(p["title"])}</h1>
<div class="article-detail-date">{WEEKDAY_CAP[d.weekday()]}, {d_slash(d)} | {hm(d)}</div>
<div class="article-detail-desc">{e(p["sapo"])}</div>
<div class="article-detail-content">
{body_items(p, para, fig)}
</div>
<div class="article-detail-author">{e(p["author"])}</div>
<div class="article-detail-share"><span>Chia sẻ</span><a class="fb" href="{a(fb)}" rel="nofollow" target="_blank">Facebook</a><a class="zalo" href="{a(zalo)}" rel="nofollow" target="_blank">Zalo</a></div>
</div>
<div class="article-teasers">{teasers}</div>
<div class="box-related"><h3 class="box-title">Tin bài liên quan</h3><ul>{links(c["related"], "related-item")}</ul></div>
<div class="box-others"><h3 class="box-title">Các tin bài khác</h3><ul>{links(c["others"], "other-item")}</ul></div>
</div>
<div class="col-4">
<div class="box-mostread"><h3 class="box-title">Đọc nhiều</h3><ul>{links(c["mostread"], "mostread-item")}</ul></div>
<div class="box-border"><h3 class="box-title">Bờ cõi biển đảo</h3><ul class="box-tabs">{"".join(f'<li><a href="https://vufo.org.vn/{slugify(t)}.html">{e(t)}</a></li>' for t in c["border_tabs"])}</ul><ul>{links(c["border"], "border-item")}</ul></div>
<div class="box-multimedia"><h3 class="box-title">Multimedia</h3><ul>{links(c["multimedia"], "media-item")}</ul></div>
</div>
</div>
</div></div>
<footer class="vufo-footer"><div class="container">
<p>LIÊN HIỆP CÁC TỔ CHỨC HỮU NGHỊ VIỆT NAM</p>
<p>Địa chỉ: {e(addr)}</p>
<p>Giấy phép số {e(lic)}</p>
<p>© Bản quyền thuộc Liên hiệp các tổ chức hữu nghị Việt Nam. Ghi rõ nguồn khi trích dẫn.</p>
</div></footer>
</body>
</html>
'''


LAYOUTS = {
    "vnexpress.net": layout_vnexpress, "tuoitre.vn": layout_tuoitre, "thanhnien.vn": layout_thanhnien,
    "dantri.com.vn": layout_dantri, "vietnamplus.vn": layout_vietnamplus, "baoquocte.vn": layout_baoquocte,
    "nhandan.vn": layout_nhandan, "baochinhphu.vn": layout_baochinhphu, "hochiminhcity.gov.vn": layout_hochiminhcity,
    "cantho.gov.vn": layout_cantho, "vufo.org.vn": layout_vufo,
}

IMG_BASE = {
    "vnexpress.net": "https://i1-vnexpress.vnecdn.net/{y}/{m}/{d}/{n}.jpg?w=680&q=100",
    "tuoitre.vn": "https://cdn2.tuoitre.vn/471584752817336320/{y}/{mm}/{dd}/{n}.jpg",
    "thanhnien.vn": "https://images2.thanhnien.vn/528068263637045248/{y}/{mm}/{dd}/{n}.jpg",
    "dantri.com.vn": "https://cdnphoto.dantri.com.vn/{y}/{m}/{d}/{n}.jpg",
    "vietnamplus.vn": "https://mediaelement.vietnamplus.vn/images/{y}/{m}/{d}/{n}.jpg",
    "baoquocte.vn": "https://photo.baoquocte.vn/w700/Uploaded/{y}/{m}/{d}/{n}.jpg",
    "nhandan.vn": "https://media.nhandan.vn/images/{y}/{m}/{d}/{n}.jpg",
    "baochinhphu.vn": "https://bcp.cdnchinhphu.vn/{y}/{mm}/{dd}/{n}.jpg",
    "hochiminhcity.gov.vn": "https://hochiminhcity.gov.vn/documents/portal/news/{y}/{m}/{n}.jpg",
    "cantho.gov.vn": "https://cantho.gov.vn/uploads/tintuc/{y}/{m}/{n}.jpg",
    "vufo.org.vn": "https://vufo.org.vn/uploads/{y}/{m}/{n}.jpg",
}

# Chrome for the VUFO-like page written for the project (seed 002 brings its own lists).
VUFO_CHROME = dict(
    teasers=[
        "Ngày 5/11, tại Hà Nội, Hội hữu nghị Việt Nam - Ba Lan tổ chức gặp mặt các thế hệ cựu lưu học sinh nhân kỷ niệm ngày thành lập hội.",
        "Đoàn đại biểu nhân dân tỉnh Chăm-pa-xắc (Lào) thăm và làm việc tại thành phố Huế, trao đổi kinh nghiệm phát triển du lịch cộng đồng.",
    ],
    related=[
        "Hội hữu nghị Việt - Pháp tổ chức đêm thơ song ngữ tại Hà Nội",
        "Tăng cường giao lưu nhân dân giữa các địa phương Việt Nam và Pháp",
        "Triển lãm ảnh di sản Huế tại thành phố Bordeaux",
    ],
    others=[
        "Giao lưu văn nghệ hữu nghị Việt Nam - Nhật Bản tại Đà Nẵng",
        "Trao học bổng cho sinh viên Campuchia học tập tại Việt Nam",
        "Tổ chức phi chính phủ Hàn Quốc hỗ trợ xây trường ở Hà Giang",
        "Sinh viên Ấn Độ trải nghiệm Tết Trung thu truyền thống",
    ],
    mostread=[
        "Tin quốc tế ngày 7/11: Nhật Bản điều chỉnh dự báo tăng trưởng, Cuba khôi phục lưới điện",
        "Hội hữu nghị Việt Nam - Phần Lan gặp mặt nhân dịp kỷ niệm quan hệ ngoại giao",
        "Đoàn thanh niên Lào tham quan các di tích lịch sử tại Nghệ An",
        "Trung Quốc và Việt Nam giao lưu thanh niên biên giới tại Lạng Sơn",
    ],
    border_tabs=["Miền đất - Con người", "Cuộc sống vùng biên", "Nhịp sống biển đảo", "Lịch sử chủ quyền", "Giao lưu hữu nghị"],
    border=[
        "Đồn biên phòng Thanh Thủy tổ chức ngày hội văn hóa cho đồng bào biên giới",
        "Ngư dân Quảng Ngãi vươn khơi sau bão",
        "Việt Nam - Lào phối hợp tìm kiếm, quy tập hài cốt liệt sĩ mùa khô",
    ],
    multimedia=[
        "[Infographic] Quan hệ hữu nghị Việt Nam - Pháp qua các mốc lịch sử",
        "[Video] Nghệ sĩ Pháp biểu diễn cùng dàn nhạc cung đình Huế",
        "[Infographic] Du lịch Huế 10 tháng năm 2025",
        "[Video] Người bạn Hàn Quốc kể chuyện học tiếng Việt",
    ],
)


# --------------------------------------------------------------------------------------------

def build_pages(seeds_dir):
    pages = []
    for num, meta in SEED_META.items():
        text = read_seed(seeds_dir, num)
        extra = {}
        if num == "002":
            date, title, sapo, body, chrome = seed_002(text, meta)
        elif num == "003":
            date, title, sapo, body, extra = seed_003(text, meta)
            chrome = {}
        else:
            date, title, sapo, body, chrome = seed_plain(num, text, meta)
        pages.append(dict(
            seed=num, id=f"seed-{num}", host=meta["host"], path=meta["path"], title=title, sapo=sapo, body=body,
            published=f"{date}T{meta['time']}:00+07:00", crumbs=meta["crumbs"],
            author=extra.get("author") or meta["author"], summary=meta["summary"], comments=meta.get("comments", []),
            chrome=chrome, relevant=meta["relevant"], partners=meta["partners"], sectors=meta["sectors"], story=meta["story"]))
    for a in WRITTEN:
        pg = dict(a)
        pg["seed"] = None
        pg["path"] = make_path(a)
        pg.setdefault("comments", [])
        pg.setdefault("chrome", {})
        pages.append(pg)
    # URL, dates, images
    for pg in pages:
        pg["url"] = f"https://{pg['host']}{pg['path']}"
        pg["dt"] = parse_iso(pg["published"])
        pg["iso"] = pg["dt"].isoformat()
        pg["iso_mod"] = (pg["dt"] + dt.timedelta(minutes=25)).isoformat()
        pg["sapo_plain"] = pg["sapo"]
        nfig = sum(1 for it in pg["body"] if isinstance(it, tuple))
        d = pg["dt"]
        base = IMG_BASE[pg["host"]]
        stem = slugify(pg["title"])[:40].strip("-")
        pg["images"] = [base.format(y=d.year, m=f"{d.month:02d}", d=f"{d.day:02d}", mm=d.month, dd=d.day,
                                    n=f"{stem}-{int(d.timestamp())}-{k + 1}") for k in range(max(1, nfig))]
    # chrome lists
    for i, pg in enumerate(pages):
        same = [q for q in pages if q["host"] == pg["host"] and q is not pg]
        same.sort(key=lambda q: q["relevant"] != pg["relevant"])
        rel = [(q["title"], q["url"]) for q in same[:2]]
        pool = RELATED_POOL["coop" if pg["relevant"] else "other"]
        for k in range(4 - len(rel)):
            t = pool[(i + k) % len(pool)]
            rel.append((t, f"https://{pg['host']}/{slugify(t)}-{(i + 1) * 1000 + k}.html"))
        pg["related"] = rel
        most = [MOST_READ_POOL[(i * 3 + k) % len(MOST_READ_POOL)] for k in range(5)]
        pg["mostread"] = [(t, f"https://{pg['host']}/{slugify(t)}-{(i + 7) * 977 + j}.html") for j, t in enumerate(most)]
        if pg["host"] == "vufo.org.vn" and not pg["chrome"]:
            pg["chrome"] = VUFO_CHROME
    return pages


def rfc822(d):
    return f"{RFC822_DAY[d.weekday()]}, {d.day:02d} {RFC822_MON[d.month - 1]} {d.year} {d.strftime('%H:%M:%S')} +0700"


def xml_e(s):
    return html.escape(s, quote=True)


def write_feed(host, items, out_dir):
    o = OUTLETS[host]
    items = sorted(items, key=lambda p: p["dt"], reverse=True)
    last = items[0]["dt"]
    if o["feed"] == "rss":
        parts = ['<?xml version="1.0" encoding="UTF-8"?>',
                 '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">',
                 "<channel>",
                 f"<title>{xml_e(o['feed_title'])}</title>",
                 f"<link>https://{host}/</link>",
                 f"<description>{xml_e(o['outlet'])} - tin tức mới cập nhật</description>",
                 "<language>vi</language>",
                 f"<copyright>{xml_e(o['outlet'])}</copyright>",
                 f"<lastBuildDate>{rfc822(last)}</lastBuildDate>",
                 "<ttl>15</ttl>",
                 f'<atom:link href="{xml_e(o["feed_self"])}" rel="self" type="application/rss+xml"/>']
        for p in items:
            parts.append("<item>")
            parts.append(f"<title>{xml_e(p['title'])}</title>")
            parts.append(f"<link>{xml_e(p['url'])}</link>")
            if host == "vnexpress.net":
                # VnExpress-style: description is HTML (thumbnail + one sentence) inside CDATA
                parts.append(f'<description><![CDATA[<a href="{p["url"]}"><img src="{p["images"][0]}" ></a></br>{p["summary"]}]]></description>')
            else:
                parts.append(f"<description>{xml_e(p['summary'])}</description>")
            parts.append(f"<pubDate>{rfc822(p['dt'])}</pubDate>")
            if host in ("vnexpress.net", "tuoitre.vn", "thanhnien.vn"):
                parts.append(f'<guid isPermaLink="true">{xml_e(p["url"])}</guid>')
            else:
                gid = re.sub(r"\D", "", p["path"])[-8:] or slugify(p["title"])[:30]
                parts.append(f'<guid isPermaLink="false">{xml_e(o["id"])}-{gid}</guid>')
            parts.append(f"<dc:creator>{xml_e(p['author'])}</dc:creator>")
            parts.append(f"<category>{xml_e(p['crumbs'][0])}</category>")
            parts.append("</item>")
        parts += ["</channel>", "</rss>", ""]
        name = f"{o['id']}.rss"
    else:
        parts = ['<?xml version="1.0" encoding="utf-8"?>',
                 '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">',
                 f"<title>{xml_e(o['feed_title'])}</title>",
                 f"<subtitle>{xml_e(o['outlet'])} - tin tức mới cập nhật</subtitle>",
                 f'<link rel="alternate" type="text/html" href="https://{host}/"/>',
                 f'<link rel="self" type="application/atom+xml" href="{xml_e(o["feed_self"])}"/>',
                 f"<id>tag:{host},2025:feed</id>",
                 f"<updated>{last.isoformat()}</updated>",
                 f"<rights>{xml_e(o['outlet'])}</rights>"]
        for p in items:
            parts += ["<entry>",
                      f"<title>{xml_e(p['title'])}</title>",
                      f'<link rel="alternate" type="text/html" href="{xml_e(p["url"])}"/>',
                      f"<id>tag:{host},{p['dt'].date().isoformat()}:{slugify(p['title'])[:60]}</id>",
                      f"<published>{p['iso']}</published>",
                      f"<updated>{p['iso_mod']}</updated>",
                      f"<author><name>{xml_e(p['author'])}</name></author>",
                      f"<category term=\"{xml_e(slugify(p['crumbs'][0]))}\" label=\"{xml_e(p['crumbs'][0])}\"/>",
                      f'<summary type="text">{xml_e(p["summary"])}</summary>',
                      "</entry>"]
        parts += ["</feed>", ""]
        name = f"{o['id']}.atom"
    with open(os.path.join(out_dir, name), "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(parts))
    return name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--seeds", default=os.path.join(SAMPLES, "..", "..", "shared", "seeds"))
    args = ap.parse_args()
    pages = build_pages(os.path.abspath(args.seeds))

    mirror = os.path.join(SAMPLES, "mirror")
    feeds = os.path.join(SAMPLES, "feeds")
    for d in (mirror, feeds):
        if os.path.isdir(d):
            for root, dirs, files in os.walk(d, topdown=False):
                for fn in files:
                    os.remove(os.path.join(root, fn))
                for dn in dirs:
                    os.rmdir(os.path.join(root, dn))
        os.makedirs(d, exist_ok=True)

    expected = []
    for p in sorted(pages, key=lambda p: (p["host"], p["dt"])):
        assert p["path"].endswith((".html", ".htm")) and "?" not in p["path"], p["path"]
        html_text = LAYOUTS[p["host"]](p)
        rel = f"mirror/{p['host']}{p['path']}"
        fpath = os.path.join(SAMPLES, rel)
        os.makedirs(os.path.dirname(fpath), exist_ok=True)
        with open(fpath, "w", encoding="utf-8", newline="\n") as f:
            f.write(html_text)
        expected.append(dict(url=p["url"], file=rel, outlet=OUTLETS[p["host"]]["outlet"], seed=p["seed"],
                             title=p["title"], publishedAt=p["iso"], relevant=p["relevant"],
                             partners=p["partners"], sectors=p["sectors"], story=p["story"]))

    sources = []
    for host, o in OUTLETS.items():
        items = [p for p in pages if p["host"] == host]
        name = write_feed(host, items, feeds)
        sources.append(dict(id=o["id"], name=o["feed_title"], outlet=o["outlet"], type=o["feed"],
                            url=f"feeds/{name}", language="vi"))
    with open(os.path.join(SAMPLES, "sources.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump({"offlineMirror": "mirror", "sources": sources}, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(SAMPLES, "expected.json"), "w", encoding="utf-8", newline="\n") as f:
        f.write("[\n" + ",\n".join("  " + json.dumps(x, ensure_ascii=False) for x in expected) + "\n]\n")
    print(f"{len(pages)} pages, {len(sources)} feeds written under {SAMPLES}")


if __name__ == "__main__":
    main()
