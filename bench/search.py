"""Benchmark: fazhi's Chinese full-text search against two peers, in one run.

Indexes the LawRefBook corpus (../shared/data/laws_lawrefbook) split into its articles
(about 148,000 documents) three ways, in this process:

- fazhi: `fazhi library import` + `disclosure.search.search()` (SQLite FTS5 over
  positional character bigrams, ranking, snippets, ORM rows: the whole user path);
- Whoosh (pure Python) with jieba's ChineseAnalyzer;
- SQLite FTS5 with its `trigram` tokenizer (the obvious embedded choice); a term of
  fewer than three characters cannot use the trigram index and falls back to LIKE.

200 queries (two-character words, longer words, multi-word, article numbers), top-20,
median of 3 runs per query; then a quality table (>= 50 queries, the law that must come
first) scored as "target in the top 3". The last line is

    BENCH search docs=<n> fazhi_p95_ms=<ms> peer_p95_ms=<ms> ratio=<peer/fazhi> top3=<share> build_s=<s>

where the peer is the faster of the two peers. Usage: `.venv/bin/python bench/search.py
[--limit-laws N] [--skip-whoosh]`. Needs the `bench` extra (whoosh-reloaded, jieba).
"""

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DATA = REPO.parent / "shared" / "data" / "laws_lawrefbook"
FILES = ["laws_national.jsonl", "laws_local.jsonl"]
TOP = 20
RUNS = 3

TWO_CHAR = """复议 拆迁 罚款 听证 许可 诉讼 赔偿 征收 税收 合同 继承 婚姻 抚养 监护 担保 抵押 质押
破产 仲裁 调解 信访 公证 律师 专利 商标 著作 保险 证券 期货 招标 采购 环境 噪声 污染 森林 草原
渔业 矿产 土地 房屋 物业 消防 交通 驾驶 户籍 护照 签证 出境 兵役 民兵""".split()  # noqa: SIM905
LONGER = """行政处罚 个人信息 劳动合同 行政许可 政府信息公开 国有土地 食品安全 安全生产 工伤保险
最低工资 诉讼时效 不动产登记 知识产权 未成年人保护 消费者权益 产品质量 药品管理 医疗事故
道路交通安全 环境影响评价 城乡规划 建设工程 反不正当竞争 反垄断 电子商务 网络安全 数据安全
人民调解 法律援助 国家赔偿 行政强制 行政诉讼 刑事诉讼 民事诉讼 治安管理处罚 公司章程 股东会
董事会 破产管理人 合伙企业 个体工商户 农村土地承包 宅基地 集体经济组织 村民委员会 居民委员会
突发事件 传染病防治 野生动物保护 劳动争议""".split()  # noqa: SIM905
MULTI = [
    "行政复议 受理 期限", "个人信息 处理者 告知", "劳动合同 解除 经济补偿", "行政处罚 听证 程序",
    "政府信息 公开 申请", "房屋 征收 补偿", "食品 生产 许可", "工伤 认定 申请",
    "交通事故 责任 认定", "未成年人 网络 保护", "环境 污染 赔偿", "土地 承包 经营权",
    "建设工程 质量 保修", "招标 投标 文件", "税收 征收 管理", "药品 注册 审批",
    "消防 安全 检查", "安全生产 事故 调查", "商标 注册 申请", "专利 侵权 赔偿",
    "著作权 合理 使用", "公司 股东 责任", "破产 财产 分配", "仲裁 协议 效力",
    "人民调解 协议 效力", "法律援助 申请 条件", "国家赔偿 请求 时效", "行政强制 执行 程序",
    "治安 拘留 期限", "刑事 拘留 通知", "民事 诉讼 管辖", "证据 保全 申请",
    "婚姻 登记 条件", "继承 遗嘱 效力", "抚养费 给付 标准", "物业 服务 费用",
    "消费者 退货 七日", "产品 缺陷 召回", "网络 运营者 义务", "数据 出境 评估",
    "突发事件 应急 预案", "传染病 疫情 报告", "野生动物 保护 名录", "森林 采伐 许可",
    "水污染 防治 排放", "噪声 污染 夜间", "道路 运输 经营", "出租汽车 经营 服务",
    "养老 保险 缴费", "失业 保险 待遇",
]  # fmt: skip

# Query -> the law that must be among the top 3 hits (title contains it).
QUALITY = [
    ("行政复议 受理 期限", "中华人民共和国行政复议法"),
    ("行政复议 申请 期限 六十日", "中华人民共和国行政复议法"),
    ("个人信息 处理者 告知 同意", "中华人民共和国个人信息保护法"),
    ("劳动合同 解除 经济补偿", "中华人民共和国劳动合同法"),
    ("行政处罚 听证 程序", "中华人民共和国行政处罚法"),
    ("政府信息公开 申请 答复 期限", "中华人民共和国政府信息公开条例"),
    ("国有土地上房屋征收 补偿 决定", "国有土地上房屋征收与补偿条例"),
    ("工伤认定 申请 期限", "工伤保险条例"),
    ("行政许可 设定 事项", "中华人民共和国行政许可法"),
    ("行政强制 执行 催告", "中华人民共和国行政强制法"),
    ("国家赔偿 请求 时效", "中华人民共和国国家赔偿法"),
    ("行政诉讼 起诉 期限", "中华人民共和国行政诉讼法"),
    ("治安管理处罚 行政拘留", "中华人民共和国治安管理处罚法"),
    ("食品安全 生产经营 许可", "中华人民共和国食品安全法"),
    ("药品 上市许可持有人", "中华人民共和国药品管理法"),
    ("消费者 七日 无理由退货", "中华人民共和国消费者权益保护法"),
    ("产品质量 生产者 责任", "中华人民共和国产品质量法"),
    ("道路交通安全 机动车 登记", "中华人民共和国道路交通安全法"),
    ("安全生产 生产经营单位 主要负责人", "中华人民共和国安全生产法"),
    ("消防 火灾 预防", "中华人民共和国消防法"),
    ("网络运营者 网络安全 等级保护", "中华人民共和国网络安全法"),
    ("数据安全 数据处理活动", "中华人民共和国数据安全法"),
    ("电子商务经营者 平台", "中华人民共和国电子商务法"),
    ("反垄断 经营者集中", "中华人民共和国反垄断法"),
    ("不正当竞争 商业秘密", "中华人民共和国反不正当竞争法"),
    ("商标注册 申请 商标局", "中华人民共和国商标法"),
    ("专利权 发明 新颖性", "中华人民共和国专利法"),
    ("著作权 合理使用", "中华人民共和国著作权法"),
    ("公司 股东会 有限责任公司", "中华人民共和国公司法"),
    ("合伙企业 普通合伙人", "中华人民共和国合伙企业法"),
    ("企业破产 管理人 债权申报", "中华人民共和国企业破产法"),
    ("仲裁协议 仲裁委员会", "中华人民共和国仲裁法"),
    ("人民调解委员会 调解员", "中华人民共和国人民调解法"),
    ("法律援助 经济困难", "中华人民共和国法律援助法"),
    ("环境影响评价 建设项目", "中华人民共和国环境影响评价法"),
    ("大气污染 防治 排放", "中华人民共和国大气污染防治法"),
    ("水污染 防治 排污", "中华人民共和国水污染防治法"),
    ("噪声污染 防治", "中华人民共和国噪声污染防治法"),
    ("城乡规划 规划许可", "中华人民共和国城乡规划法"),
    ("土地管理 耕地保护 征收", "中华人民共和国土地管理法"),
    ("农村土地承包 承包经营权", "中华人民共和国农村土地承包法"),
    ("村民委员会 选举 村民会议", "中华人民共和国村民委员会组织法"),
    ("未成年人保护 网络保护", "中华人民共和国未成年人保护法"),
    ("传染病防治 疫情报告", "中华人民共和国传染病防治法"),
    ("突发事件 应急 预警", "中华人民共和国突发事件应对法"),
    ("野生动物保护 名录", "中华人民共和国野生动物保护法"),
    ("森林 采伐 林木", "中华人民共和国森林法"),
    ("税收征收管理 纳税人 滞纳金", "中华人民共和国税收征收管理法"),
    ("个人所得税 综合所得", "中华人民共和国个人所得税法"),
    ("招标投标 评标委员会", "中华人民共和国招标投标法"),
    ("政府采购 采购人 供应商", "中华人民共和国政府采购法"),
    ("信访 信访事项 办理", "信访工作条例"),
    ("社会保险 基本养老保险", "中华人民共和国社会保险法"),
    ("监察机关 留置", "中华人民共和国监察法"),
    ("公务员 考核 处分", "中华人民共和国公务员法"),
]


def corpus_or_exit() -> list[Path]:
    paths = [DATA / name for name in FILES]
    if not all(p.is_file() for p in paths):
        print(f"bench/search.py: the law corpus is not at {DATA}; nothing to measure.")
        sys.exit(0)
    return paths


def setup_django(tmp: Path) -> None:
    os.environ["FAZHI_VAR_DIR"] = str(tmp)
    os.environ.pop("FAZHI_DATABASE_URL", None)
    os.environ.setdefault("FAZHI_SECRET_KEY", "bench-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "fazhi.settings.base"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def article_queries(laws, n: int, rng: random.Random) -> list[str]:
    pool = [
        law
        for law in laws
        if law.articles and law.articles[-1].anchor.startswith("art-")
    ]
    out = []
    for law in rng.sample(pool, n):
        arts = [a for a in law.articles if a.anchor.startswith("art-")]
        short = law.title.removeprefix("中华人民共和国")
        out.append(f"{short} {rng.choice(arts).number}")
    return out


def timed(fn, queries: list[str]) -> list[float]:
    """Median of RUNS runs per query, in milliseconds."""
    per_query = []
    for q in queries:
        runs = []
        for _ in range(RUNS):
            t = time.perf_counter()
            fn(q)
            runs.append((time.perf_counter() - t) * 1000)
        per_query.append(statistics.median(runs))
    return per_query


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def top3(fn) -> float:
    return sum(any(target in t for t in fn(q)[:3]) for q, target in QUALITY) / len(
        QUALITY
    )


# --- peers ---------------------------------------------------------------------------


class TrigramPeer:
    """SQLite FTS5 `trigram`; terms under three characters fall back to LIKE scans."""

    def __init__(self, path: Path, docs) -> None:
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE VIRTUAL TABLE t USING fts5(title, body, tokenize='trigram')"
        )
        self.db.executemany("INSERT INTO t(rowid, title, body) VALUES (?, ?, ?)", docs)
        self.db.commit()

    def search(self, query: str) -> list[str]:
        terms = query.split()
        long_terms = [t for t in terms if len(t) >= 3]
        short = [t for t in terms if len(t) < 3]
        where, args = [], []
        if long_terms:
            where.append("t MATCH ?")
            args.append(" AND ".join(f'"{t}"' for t in long_terms))
        for t in short:
            where.append("(title LIKE ? OR body LIKE ?)")
            args += [f"%{t}%", f"%{t}%"]
        order = "ORDER BY bm25(t, 6.0, 1.0)" if long_terms else ""
        sql = f"SELECT title FROM t WHERE {' AND '.join(where)} {order} LIMIT {TOP}"
        return [r[0] for r in self.db.execute(sql, args)]


class WhooshPeer:
    """Whoosh (pure Python) with jieba's ChineseAnalyzer, title boosted, AND of terms."""

    def __init__(self, path: Path, docs) -> None:
        import logging

        import jieba
        from jieba.analyse import ChineseAnalyzer
        from whoosh import fields, index
        from whoosh.qparser import AndGroup, MultifieldParser

        jieba.setLogLevel(logging.WARNING)
        analyzer = ChineseAnalyzer()
        schema = fields.Schema(
            title=fields.TEXT(stored=True, analyzer=analyzer, field_boost=6.0),
            body=fields.TEXT(analyzer=analyzer),
        )
        path.mkdir()
        ix = index.create_in(path, schema)
        writer = ix.writer(limitmb=256)
        for _pk, title, body in docs:
            writer.add_document(title=title, body=body)
        writer.commit()
        self.searcher = ix.searcher()
        self.parser = MultifieldParser(["title", "body"], schema, group=AndGroup)

    def search(self, query: str) -> list[str]:
        hits = self.searcher.search(self.parser.parse(query), limit=TOP)
        return [h["title"] for h in hits]


def dir_size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit-laws", type=int, default=None, help="Use only N laws.")
    parser.add_argument(
        "--skip-whoosh", action="store_true", help="Skip the slow peer."
    )
    args = parser.parse_args()
    paths = corpus_or_exit()
    tmp = Path(tempfile.mkdtemp(prefix="fazhi-bench-search-"))
    try:
        run(paths, tmp, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(paths: list[Path], tmp: Path, args) -> None:
    setup_django(tmp)
    from django.db import connection

    from fazhi.disclosure.library.importer import read_corpus
    from fazhi.disclosure.search import search
    from fazhi.disclosure.services import import_library

    laws = [law for p in paths for law in read_corpus(p)]
    if args.limit_laws:
        laws = random.Random(7).sample(laws, min(args.limit_laws, len(laws)))
    # The peers index exactly what fazhi indexes: title + article number, article text.
    docs = [
        (i, law.title + a.number, a.text)
        for i, (law, a) in enumerate(
            ((law, a) for law in laws for a in law.articles), 1
        )
    ]
    n_docs = len(docs)
    rng = random.Random(20250301)
    queries = [
        *TWO_CHAR[:50],
        *LONGER[:50],
        *MULTI[:50],
        *article_queries(laws, 50, rng),
    ]
    print(
        f"corpus: {len(laws)} laws, {n_docs} article documents; {len(queries)} queries"
    )

    # fazhi
    t = time.perf_counter()
    summary = import_library(laws, batch=200)
    fazhi_build = time.perf_counter() - t
    with connection.cursor() as cur:
        cur.execute(
            "SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'disclosure_search_fts%'"
        )
        fazhi_size = cur.fetchone()[0] or 0
    print(f"fazhi: imported {summary.articles} articles in {fazhi_build:.1f} s")

    def fazhi_search(q):
        return [h.title for h in search(q, limit=TOP).hits]

    results = {
        "fazhi": (
            fazhi_build,
            fazhi_size,
            timed(fazhi_search, queries),
            top3(fazhi_search),
        )
    }

    # Exact recall: fazhi's match count equals a brute-force substring count.
    from fazhi.disclosure.search.grams import normalize

    sample = [*TWO_CHAR[:10], *LONGER[:10], *MULTI[:10]]
    norm = [(normalize(t), normalize(b)) for _, t, b in docs]
    exact = 0
    for q in sample:
        terms = [normalize(x) for x in q.split()]
        want = sum(all(x in t or x in b for x in terms) for t, b in norm)
        exact += search(q, limit=1).total == want
    print(
        f"fazhi exact match counts: {exact}/{len(sample)} queries equal a substring scan"
    )

    # peers
    t = time.perf_counter()
    tri = TrigramPeer(tmp / "trigram.sqlite3", docs)
    tri_build = time.perf_counter() - t
    results["fts5-trigram"] = (
        tri_build,
        dir_size(tmp / "trigram.sqlite3"),
        timed(tri.search, queries),
        top3(tri.search),
    )
    print(f"fts5-trigram: built in {tri_build:.1f} s")
    if not args.skip_whoosh:
        t = time.perf_counter()
        wh = WhooshPeer(tmp / "whoosh", docs)
        wh_build = time.perf_counter() - t
        results["whoosh-jieba"] = (
            wh_build,
            dir_size(tmp / "whoosh"),
            timed(wh.search, queries),
            top3(wh.search),
        )
        print(f"whoosh-jieba: built in {wh_build:.1f} s")

    groups = {
        "2-char": slice(0, 50),
        "longer": slice(50, 100),
        "multi": slice(100, 150),
        "article": slice(150, 200),
    }
    print()
    print(f"{'engine':<14}{'build s':>9}{'index MB':>10}{'p50 ms':>9}{'p95 ms':>9}"
          + "".join(f"{g + ' p95':>13}" for g in groups) + f"{'top3':>7}")  # fmt: skip
    for name, (build, size, lat, q3) in results.items():
        per_group = "".join(f"{pct(lat[s], 95):>13.2f}" for s in groups.values())
        print(
            f"{name:<14}{build:>9.1f}{size / 1e6:>10.1f}{pct(lat, 50):>9.2f}"
            f"{pct(lat, 95):>9.2f}{per_group}{q3:>7.2f}"
        )
    fazhi_p95 = pct(results["fazhi"][2], 95)
    peers = {k: pct(v[2], 95) for k, v in results.items() if k != "fazhi"}
    for name, p95 in peers.items():
        print(f"ratio {name}/fazhi p95: {p95 / fazhi_p95:.1f}x")
    misses = [
        (q, t) for q, t in QUALITY if not any(t in x for x in fazhi_search(q)[:3])
    ]
    print(
        f"quality: {len(QUALITY) - len(misses)}/{len(QUALITY)} targets in fazhi's top 3"
    )
    for q, target in misses:
        print(f"  miss: {q} -> {target}; got {fazhi_search(q)[:3]}")
    peer_name = min(peers, key=peers.get)
    print(f"peer in the BENCH line: {peer_name} (the faster peer)")
    print(
        f"BENCH search docs={n_docs} fazhi_p95_ms={fazhi_p95:.2f} "
        f"peer_p95_ms={peers[peer_name]:.2f} ratio={peers[peer_name] / fazhi_p95:.1f} "
        f"top3={results['fazhi'][3]:.2f} build_s={fazhi_build:.1f}"
    )


if __name__ == "__main__":
    main()
