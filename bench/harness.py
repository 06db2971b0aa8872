"""The benchmark of bench/run.sh: generates the archives, times the builds, writes the tables.

Run through bench/run.sh, which builds the binaries and installs the peers first; see there.
Standard library only.
"""

import argparse
import atexit
import datetime
import json
import os
import platform
import queue
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

SEED = 14
DOCS_PER_SUMMIT = 10
STAGES = ["load", "segment", "link", "permalinks", "index", "render", "write"]
# A folder in the machine's memory file system, when it has one: builds timed with their
# output there show what the disk costs apart from the build.
MEMORY = os.path.join("/dev/shm", f"summit-archive-bench-{os.getpid()}") if os.path.isdir("/dev/shm") else None
# Output folders on disk, removed only when the timing is over. Each timed build writes to a
# folder of its own: on a file system without a journal (an ext4 without one, as on the
# machine of BENCHMARKS.md's runs), a new inode skips those freed in the last minutes, and a
# build run just after the last output's removal would pay for that removal (at 5000
# documents, system time 21.5 s against 5 to 6 s).
LEFT = []


def fresh_folder(work, name):
    """A folder under `work` no build has used, named after `name`; removed at the end."""
    for n in range(1, 10000):
        path = os.path.join(work, f"{name}-{n}")
        if not os.path.exists(path):
            LEFT.append(path)
            return path
    sys.exit(f"no free folder name for {name} in {work}")


def remove_left():
    for path in LEFT:
        shutil.rmtree(path, ignore_errors=True)

CITIES = [
    ("西安", "Xi'an", "xian", "中国", "China"),
    ("阿斯塔纳", "Astana", "astana", "哈萨克斯坦", "Kazakhstan"),
    ("比什凯克", "Bishkek", "bishkek", "吉尔吉斯斯坦", "Kyrgyzstan"),
    ("杜尚别", "Dushanbe", "dushanbe", "塔吉克斯坦", "Tajikistan"),
    ("阿什哈巴德", "Ashgabat", "ashgabat", "土库曼斯坦", "Turkmenistan"),
    ("塔什干", "Tashkent", "tashkent", "乌兹别克斯坦", "Uzbekistan"),
    ("北京", "Beijing", "beijing", "中国", "China"),
    ("阿拉木图", "Almaty", "almaty", "哈萨克斯坦", "Kazakhstan"),
]

HEADINGS = [
    ("主要合作共识和倡议", "Main Consensuses and Initiatives on Cooperation"),
    ("经贸合作", "Economic and Trade Cooperation"),
    ("互联互通", "Connectivity"),
    ("能源合作", "Energy Cooperation"),
    ("人文交流", "People-to-People Exchanges"),
    ("安全合作", "Security Cooperation"),
    ("农业合作", "Agricultural Cooperation"),
    ("绿色发展", "Green Development"),
    ("科技创新", "Science, Technology and Innovation"),
    ("机制建设", "Building of Mechanisms"),
]

DIGITS = "零一二三四五六七八九"


def numeral(n):
    """A Chinese numeral as printed in clause and section numbers (一, 十二, 二十一, 一百零五)."""
    if n < 10:
        return DIGITS[n]
    if n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return DIGITS[n // 10] + "十" + (DIGITS[n % 10] if n % 10 else "")
    rest = n % 100
    head = DIGITS[n // 100] + "百"
    if not rest:
        return head
    return head + ("零" + DIGITS[rest] if rest < 10 else numeral(rest) if rest >= 20 else "一" + numeral(rest))


def ordinal(n):
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# ---------------------------------------------------------------------------------------------
# The seed sentences

# Sentences that would be read as something other than a plain paragraph: datelines, bylines,
# captions, page markers, questions, proposal-group items, numbered lines, leads, salutations.
UNUSABLE = re.compile(
    r"新华社|本报|记者|评论员|通讯员|拍摄|摄|版|接第|转第|日电|[：:；;]|……|——|"
    r"[一二三四五六七八九十]+[是要]|^[（(“‘《]|^[一二三四五六七八九十百零〇两0-9０-９]+\s*[、.．]"
)
PAIRS = ["“”", "‘’", "《》", "（）", "()", "「」"]


def usable(s):
    if not 12 <= len(s) <= 100 or UNUSABLE.search(s):
        return False
    if any(ord(c) < 0x20 or 0x200B <= ord(c) <= 0x206F or c == "\ufeff" for c in s):
        return False
    return all(s.count(a) == s.count(b) for a, b in PAIRS)


def seed_sentences(folder):
    pool = set()
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".txt"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for line in f:
                for s in re.findall(r"[^。！？]+。", line.strip()):
                    s = s.strip()
                    if usable(s):
                        pool.add(s)
    pool = sorted(pool)
    # No sentence that ends another: a paragraph ending like an earlier one is dropped as a
    # repeat by the loader, and a document uses each sentence at most once.
    return [s for s in pool if not any(o != s and o.endswith(s) for o in pool)]


def english_sentences(repo):
    """The sentences of the bundled English translations: the synthetic English is made of them."""
    out = set()
    content = os.path.join(repo, "content")
    for summit in sorted(os.listdir(content)):
        folder = os.path.join(content, summit)
        if not os.path.isdir(folder) or summit == "sources":
            continue
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".en.yaml"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                for line in f:
                    if line.startswith("    "):
                        for s in re.split(r"(?<=\.) ", line.strip()):
                            if 30 <= len(s) <= 260 and s.endswith(".") and '"' not in s:
                                out.add(s)
    return sorted(out)


def glossary_terms(repo):
    """(forms, rendering) of each term of the bundled glossary, read from its flow mappings."""
    terms = []
    with open(os.path.join(repo, "content/glossary.yaml"), encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s*- \{ zh: ([^,]+),(?: variants: \[([^\]]*)\],)? en: ([^,}]+)", line)
            if m:
                forms = [m.group(1).strip()] + [v.strip() for v in (m.group(2) or "").split(",") if v.strip()]
                terms.append(([fold(x) for x in forms], m.group(3).strip().replace("—", "–")))
    return terms


DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u2500"


def fold(text):
    """As the loader compares texts (text::normalize_for_matching): dashes as one, no spaces."""
    table = {ord(c): "—" for c in DASHES}
    table.update({ord(","): "，", ord(";"): "；", ord(":"): "：", ord("?"): "？", ord("!"): "！", ord("("): "（", ord(")"): "）"})
    return "".join(c for c in text.translate(table) if not c.isspace())


# ---------------------------------------------------------------------------------------------
# The archive


class Doc:
    """One generated document: its printed lines and its units (id, Chinese, English)."""

    def __init__(self, summit, doc_id, kind, title, title_en, date):
        self.summit, self.id, self.kind, self.title, self.title_en, self.date = summit, doc_id, kind, title, title_en, date
        self.lines = [title]
        self.units = []  # (id, zh, en)

    def para(self, printed, unit_id, zh, en):
        self.lines += ["", printed]
        self.units.append((unit_id, zh, en))


class Generator:
    def __init__(self, repo, seeds):
        self.zh = seed_sentences(seeds)
        self.en = english_sentences(repo)
        self.terms = glossary_terms(repo)
        if len(self.zh) < 100 or len(self.en) < 50:
            sys.exit(f"too few seed sentences: {len(self.zh)} Chinese, {len(self.en)} English")

    def english(self, rng, zh):
        """Synthetic English about as long as a translation of `zh`, with the glossary's
        rendering of every term `zh` prints, so that the term check passes."""
        words, out = 0, []
        while words < len(zh) * 0.55:
            s = rng.choice(self.en)
            out.append(s)
            words += s.count(" ") + 1
        text = " ".join(out)
        folded = fold(zh)
        missing = [en for forms, en in self.terms if any(f in folded for f in forms) and en not in text]
        if missing:
            text += " " + "; ".join(missing) + "."
        return text

    def summit(self, k):
        city, city_en, slug, host, host_en = CITIES[k % len(CITIES)]
        year, month = 2023 + k // len(CITIES), 1 + k % len(CITIES)
        return {
            "id": f"{year}-{slug}",
            "number": k + 1,
            "start": f"{year}-{month:02d}-18",
            "end": f"{year}-{month:02d}-19",
            "city": (city, city_en),
            "host": (host, host_en),
        }

    def document(self, summit, j, index):
        """The `j`th document of `summit`, the `index`th of the archive: the same whatever the
        archive's size, so that a smaller archive is the start of a larger one."""
        rng = random.Random(SEED * 1_000_003 + index)
        order = rng.sample(range(len(self.zh)), 60)
        picked = iter(self.zh[i] for i in order)

        def text(lo, hi):
            return "".join(next(picked) for _ in range(rng.randint(lo, hi)))

        city, city_en = summit["city"]
        n = summit["number"]
        date = summit["end"]
        if j == 0:
            d = Doc(summit, "declaration", "declaration", f"中国—中亚峰会{city}宣言", f"{city_en} Declaration of the China–Central Asia Summit", date)
            for p in range(2):
                zh = text(1, 2)
                d.para(zh, f"preamble__para_{p + 1}", zh, self.english(rng, zh))
            for c in range(1, rng.randint(6, 9) + 1):
                zh = text(1, 3)
                d.para(f"{numeral(c)}、{zh}", f"cl_{c}__para_1", zh, self.english(rng, zh))
                if rng.random() < 0.4:
                    zh = text(1, 2)
                    d.para(zh, f"cl_{c}__para_2", zh, self.english(rng, zh))
        elif j == 1:
            d = Doc(summit, "outcome-list", "outcome_list", f"第{numeral(n)}届中国—中亚峰会成果清单", f"List of Outcomes of the {ordinal(n)} China–Central Asia Summit", date)
            zh = text(1, 2)
            d.para(zh, "preamble__para_1", zh, self.english(rng, zh))
            for s, (heading, heading_en) in enumerate(rng.sample(HEADINGS, 3), 1):
                d.para(f"{numeral(s)}、{heading}", f"sec_{s}__heading", heading, heading_en)
                count = rng.randint(3, 6)
                for i in range(1, count + 1):
                    zh = next(picked)[:-1] + ("。" if i == count else "；")
                    d.para(f"{i}. {zh}", f"sec_{s}__item_{i}", zh, self.english(rng, zh))
        elif j == 2:
            d = Doc(summit, "speech", "speech", f"在第{numeral(n)}届中国—中亚峰会上的讲话", f"Address at the {ordinal(n)} China–Central Asia Summit", date)
            for p in range(1, rng.randint(8, 12) + 1):
                zh = text(1, 3)
                d.para(zh, f"para_{p}", zh, self.english(rng, zh))
        else:
            d = Doc(summit, f"article-{j - 2}", "article", f"{city}峰会综述之{numeral(j - 2)}", f"The {city_en} Summit in Review, Part {j - 2}", date)
            for p in range(1, rng.randint(3, 5) + 1):
                zh = text(1, 3)
                d.para(zh, f"para_{p}", zh, self.english(rng, zh))
            if rng.random() < 0.5:
                heading, heading_en = rng.choice(HEADINGS)
                d.para(f"## {heading}", "sec_1__heading", heading, heading_en)
                for p in range(1, rng.randint(2, 4) + 1):
                    zh = text(1, 3)
                    d.para(zh, f"sec_1__para_{p}", zh, self.english(rng, zh))
        return d

    def archive(self, size):
        summits, docs = [], []
        for index in range(size):
            k, j = divmod(index, DOCS_PER_SUMMIT)
            if j == 0:
                summits.append(self.summit(k))
            docs.append(self.document(summits[-1], j, index))
        return summits, docs


def q(text):
    """A YAML double-quoted string (JSON's is one)."""
    return json.dumps(text, ensure_ascii=False)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def write_ours(repo, root, summits, docs):
    content = os.path.join(root, "content")
    os.makedirs(os.path.join(content, "sources"))
    for name in ("glossary.yaml", "topics.yaml", "site.yaml"):
        shutil.copy(os.path.join(repo, "content", name), os.path.join(content, name))
    for name in ("templates", "static"):
        shutil.copytree(os.path.join(repo, name), os.path.join(root, name))
    with open(os.path.join(repo, "content/2023-xian/summit.yaml"), encoding="utf-8") as f:
        leaders = f.read().split("\nleaders:\n", 1)[1]
    by_summit = {}
    for d in docs:
        by_summit.setdefault(d.summit["id"], []).append(d)
    for s in summits:
        sid = s["id"]
        write(os.path.join(content, sid, "summit.yaml"), "\n".join([
            f"id: {sid}",
            f"number: {s['number']}",
            f"name: {{ zh: 第{numeral(s['number'])}届中国—中亚峰会, en: {ordinal(s['number'])} China–Central Asia Summit }}",
            f"start: {s['start']}",
            f"end: {s['end']}",
            f"city: {{ zh: {s['city'][0]}, en: {q(s['city'][1])} }}",
            f"host: {{ zh: {s['host'][0]}, en: {s['host'][1]} }}",
            "leaders:",
            leaders,
        ]))
        # The summit's texts as received, one after another; each document names its lines.
        source, line = [], 1
        for d in by_summit[sid]:
            first = line
            source += d.lines + ["", ""]
            line += len(d.lines) + 2
            front = [
                "---",
                f"id: {d.id}",
                f"summit: {sid}",
                f"kind: {d.kind}",
                f"title: {q(d.title)}",
                f"date: {d.date}",
                f"source: {sid}.txt",
                f"source_lines: [{first}, {first + len(d.lines) - 1}]",
                "---",
            ]
            write(os.path.join(content, sid, f"{d.id}.md"), "\n".join(front + d.lines) + "\n")
            write(os.path.join(content, sid, f"{d.id}.en.yaml"), en_yaml(d))
        write(os.path.join(content, "sources", f"{sid}.txt"), "\n".join(source))


def en_yaml(d, revision=0):
    lines = [f"# English translation of {d.id}.md, unit by unit.", f"title: {q(d.title_en)}", "units:"]
    for i, (unit_id, _, en) in enumerate(d.units):
        if i == 0 and revision:
            en += f" Revised {revision}."
        lines.append(f"  {unit_id}: {q(en)}")
    return "\n".join(lines) + "\n"


def markdown(d, lang):
    """A document's body as a peer's Markdown: the printed Chinese, or the English units."""
    if lang == "zh":
        return "\n".join(d.lines[2:]) + "\n"
    return "\n\n".join(en for _, _, en in d.units) + "\n"


HUGO_CONFIG = """baseURL = "https://summit-archive.example.org/"
title = "Summit Archive"
defaultContentLanguage = "zh"
defaultContentLanguageInSubdir = true
disableKinds = ["taxonomy", "term"]
# The synthetic summits run years ahead: build them all, as ours does.
buildFuture = true
[languages.zh]
contentDir = "content/zh"
languageCode = "zh-Hans"
languageName = "中文"
weight = 1
[languages.en]
contentDir = "content/en"
languageCode = "en"
languageName = "English"
weight = 2
"""
HUGO_BASEOF = """<!doctype html>
<html lang="{{ site.LanguageCode }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{{ .Title }} · {{ .Site.Title }}</title></head>
<body><nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>{{ range .Translations }} <a href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"""
HUGO_SINGLE = """{{ define "main" }}<h1>{{ .Title }}</h1><p><time>{{ .Date.Format "2006-01-02" }}</time></p>{{ .Content }}{{ end }}
"""
HUGO_LIST = """{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"""


def write_hugo(root, summits, docs):
    write(os.path.join(root, "config.toml"), HUGO_CONFIG)
    write(os.path.join(root, "layouts/_default/baseof.html"), HUGO_BASEOF)
    write(os.path.join(root, "layouts/_default/single.html"), HUGO_SINGLE)
    write(os.path.join(root, "layouts/_default/list.html"), HUGO_LIST)
    write(os.path.join(root, "layouts/index.html"), HUGO_LIST)
    for lang in ("zh", "en"):
        base = os.path.join(root, "content", lang)
        write(os.path.join(base, "_index.md"), f"---\ntitle: {q('峰会文献' if lang == 'zh' else 'Summit Archive')}\n---\n")
        for s in summits:
            name = f"第{numeral(s['number'])}届中国—中亚峰会" if lang == "zh" else f"{ordinal(s['number'])} China–Central Asia Summit"
            write(os.path.join(base, s["id"], "_index.md"), f"---\ntitle: {q(name)}\ndate: {s['start']}\n---\n")
        for d in docs:
            title = d.title if lang == "zh" else d.title_en
            write(os.path.join(base, d.summit["id"], f"{d.id}.md"),
                  f"---\ntitle: {q(title)}\ndate: {d.date}\ntranslationKey: {d.summit['id']}/{d.id}\n---\n" + markdown(d, lang))


# No search index and no feeds: both are off by default, and their keys differ between Zola
# releases (`generate_feed` before 0.19, `generate_feeds` after).
ZOLA_CONFIG = """base_url = "https://summit-archive.example.org"
title = "Summit Archive"
default_language = "zh"
[languages.en]
title = "Summit Archive"
"""
ZOLA_BASE = """<!doctype html>
<html lang="{{ lang }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{% block title %}{% endblock title %} · {{ config.title }}</title></head>
<body><nav><a href="{{ get_url(path='@/_index.md', lang=lang) }}">{{ config.title }}</a></nav>
<main>{% block main %}{% endblock main %}</main></body></html>
"""
ZOLA_PAGE = """{% extends "base.html" %}{% block title %}{{ page.title }}{% endblock title %}
{% block main %}<h1>{{ page.title }}</h1><p><time>{{ page.date }}</time></p>{{ page.content | safe }}{% endblock main %}
"""
ZOLA_SECTION = """{% extends "base.html" %}{% block title %}{{ section.title }}{% endblock title %}
{% block main %}<h1>{{ section.title }}</h1><ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}{% for s in section.subsections %}<li><a href="{{ get_url(path=s) }}">{{ s }}</a></li>{% endfor %}</ul>{% endblock main %}
"""


def write_zola(root, summits, docs):
    write(os.path.join(root, "config.toml"), ZOLA_CONFIG)
    write(os.path.join(root, "templates/base.html"), ZOLA_BASE)
    write(os.path.join(root, "templates/page.html"), ZOLA_PAGE)
    write(os.path.join(root, "templates/section.html"), ZOLA_SECTION)
    write(os.path.join(root, "templates/index.html"), ZOLA_SECTION)
    content = os.path.join(root, "content")
    for lang, suffix in (("zh", ""), ("en", ".en")):
        write(os.path.join(content, f"_index{suffix}.md"), f"+++\ntitle = {q('峰会文献' if lang == 'zh' else 'Summit Archive')}\n+++\n")
        for s in summits:
            name = f"第{numeral(s['number'])}届中国—中亚峰会" if lang == "zh" else f"{ordinal(s['number'])} China–Central Asia Summit"
            write(os.path.join(content, s["id"], f"_index{suffix}.md"), f"+++\ntitle = {q(name)}\nsort_by = \"date\"\n+++\n")
        for d in docs:
            title = d.title if lang == "zh" else d.title_en
            write(os.path.join(content, d.summit["id"], f"{d.id}{suffix}.md"),
                  f"+++\ntitle = {q(title)}\ndate = {d.date}\n+++\n" + markdown(d, lang))


# ---------------------------------------------------------------------------------------------
# Timing


# GNU time (`--time`), through which each timed command runs so that its peak memory is its
# own. Linux counts in a child's peak the memory of the process it was started from (the
# harness, this Python process, which holds the generated archives): started straight from
# here, a 34 MiB process is reported at the harness's size. GNU time is small, and it reports
# the peak of the command it starts.
GNU_TIME = ""


def measure(cmd, capture=False):
    """Runs `cmd` as its own process: wall seconds, user and system seconds (the child's rusage),
    peak MiB (GNU time's, when there is one), exit code, and its standard output when asked."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile(mode="r") as peak:
        if GNU_TIME:
            cmd = [GNU_TIME, "-f", "%M", "-o", peak.name] + list(cmd)
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        kib = usage.ru_maxrss
        if GNU_TIME:
            lines = peak.read().split()
            kib = int(lines[-1]) if lines and lines[-1].isdigit() else float("nan")
        return {
            "wall": wall,
            "user": usage.ru_utime,
            "sys": usage.ru_stime,
            "peak": kib / 1024,
            "code": proc.returncode,
            "stdout": out.read().decode("utf-8", "replace") if capture else "",
            "stderr": err.read().decode("utf-8", "replace"),
        }


def html_pages(folder):
    count = size = 0
    for dirpath, _, files in os.walk(folder):
        for f in files:
            if f.endswith(".html"):
                count += 1
                size += os.path.getsize(os.path.join(dirpath, f))
    return count, size


def stage_times(stdout):
    out = {}
    for line in stdout.splitlines():
        m = re.match(r"\s+(\w+)\s+([\d.]+) ms", line)
        if m:
            out[m.group(1)] = float(m.group(2))
    return out


def must(result, what):
    if result["code"] != 0:
        sys.stderr.write(result["stderr"][-3000:] + result["stdout"][-2000:])
        sys.exit(f"{what} failed with exit {result['code']}")
    return result


def median(values):
    return statistics.median(values) if values else float("nan")


class Tool:
    def __init__(self, name, build, clean):
        self.name, self.build, self.clean = name, build, clean
        self.runs = []


def cold_builds(args, size, roots, work):
    """Alternating cold builds of ours and each peer, `args.runs` times, Pagefind after each
    peer's build. Where the machine has a memory file system (`/dev/shm`) and this is not a
    --quick run, each build is also timed with its output there, right after the one to disk:
    the figures without what the disk costs. Returns {tool: [run, …]}, each run with its build
    into memory under "memory"."""
    memory = MEMORY if not args.quick else None

    def command(name, out):
        if name == "ours":
            return [args.bin, "--root", roots["ours"], "build", "--out", out, "--timings"]
        if name == "hugo":
            return [args.hugo, "--source", roots["hugo"], "--destination", out, "--quiet"]
        return [args.zola, "--root", roots["zola"], "build", "--output-dir", out, "--force"]

    tools = ["ours"] + [name for name in ("hugo", "zola") if getattr(args, name)]
    in_memory = {name: os.path.join(memory, f"out-{name}-{size}") for name in tools} if memory else {}
    results = {name: [] for name in tools}
    # One build each first, untimed: it checks that each builds, warms the file cache, and lets
    # ours record the permalinks, so that every timed run finds the same content.
    for name in tools:
        must(measure(command(name, fresh_folder(work, f"out-{name}-{size}")), capture=name == "ours"),
             f"{name} build at {size}")
    for _ in range(args.runs):
        for name in tools:
            out = fresh_folder(work, f"out-{name}-{size}")
            r = must(measure(command(name, out), capture=name == "ours"), f"{name} build at {size}")
            r["pages"], r["bytes"] = html_pages(out)
            if name == "ours":
                r["stages"] = stage_times(r["stdout"])
            elif args.pagefind:
                r["pagefind"] = must(measure([args.pagefind, "--site", out]), f"pagefind on {name} at {size}")
            if memory:
                shutil.rmtree(in_memory[name], ignore_errors=True)
                r["memory"] = must(measure(command(name, in_memory[name]), capture=name == "ours"),
                                   f"{name} build into memory at {size}")
                shutil.rmtree(in_memory[name], ignore_errors=True)
            results[name].append(r)
    return results


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def lines_of(stream, into):
    for line in stream:
        into.put((time.perf_counter(), line))


def wait_line(lines, pattern, after=0.0, timeout=900.0):
    deadline = time.perf_counter() + timeout
    while True:
        try:
            at, line = lines.get(timeout=max(0.01, deadline - time.perf_counter()))
        except queue.Empty:
            return None
        if at >= after and re.search(pattern, line):
            return at, line
        if time.perf_counter() > deadline:
            return None


def stop(proc):
    """Stops `proc`; its peak MiB, as the kernel keeps it for the process's own memory (VmHWM:
    the rusage of a child started from here would count the harness's memory too)."""
    peak = float("nan")
    try:
        with open(f"/proc/{proc.pid}/status") as f:
            line = next((l for l in f if l.startswith("VmHWM:")), "")
        if line:
            peak = int(line.split()[1]) / 1024
    except OSError:
        pass
    proc.send_signal(signal.SIGTERM)
    try:
        _, _, usage = os.wait4(proc.pid, 0)
    except ChildProcessError:
        return peak
    proc.returncode = 0
    return peak if peak == peak else usage.ru_maxrss / 1024


def serve_rebuilds(args, root, doc):
    """`serve`: the seconds from writing an edit of one document's English to the preview's
    build counter moving, `args.runs` times; and the preview's peak memory."""
    proc = subprocess.Popen([args.bin, "--root", root, "serve", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, text=True)
    lines = queue.Queue()
    threading.Thread(target=lines_of, args=(proc.stdout, lines), daemon=True).start()
    found = wait_line(lines, r"^serving http://")
    if not found:
        stop(proc)
        sys.exit("serve did not start")
    counter = re.search(r"http://([^/]+)/", found[1]).group(1)
    url = f"http://{counter}/__summit_archive/build"

    def count():
        with urllib.request.urlopen(url, timeout=30) as r:
            return int(r.read())

    path = os.path.join(root, "content", doc.summit["id"], f"{doc.id}.en.yaml")
    times = []
    for k in range(1, args.runs + 1):
        before = count()
        time.sleep(0.5)
        start = time.perf_counter()
        write(path, en_yaml(doc, revision=k))
        while count() == before:
            if time.perf_counter() - start > 900:
                stop(proc)
                sys.exit("serve did not rebuild within 900 s")
            time.sleep(0.01)
        times.append(time.perf_counter() - start)
    write(path, en_yaml(doc))
    return times, stop(proc)


def hugo_server_rebuilds(args, root, doc):
    """`hugo server` (its defaults: pages held in memory, fast render): the seconds from writing
    an edit of the same document's English to Hugo's `Total in … ms` line."""
    port = free_port()
    proc = subprocess.Popen([args.hugo, "server", "--source", root, "--bind", "127.0.0.1", "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, text=True)
    lines = queue.Queue()
    threading.Thread(target=lines_of, args=(proc.stdout, lines), daemon=True).start()
    if not wait_line(lines, r"Web Server is available"):
        stop(proc)
        return None, None
    path = os.path.join(root, "content/en", doc.summit["id"], f"{doc.id}.md")
    with open(path, encoding="utf-8") as f:
        original = f.read()
    times = []
    for k in range(1, args.runs + 1):
        time.sleep(0.5)
        start = time.perf_counter()
        write(path, original + f"\nRevised {k}.\n")
        found = wait_line(lines, r"Total in \d+ ms", after=start)
        if not found:
            break
        times.append(found[0] - start)
    write(path, original)
    return times, stop(proc)


def jieba_ratio(args, work):
    """The bundled site's build against `Jieba::new()` alone, alternating, `args.runs` times (at
    least nine); and, where the machine has a memory file system (`/dev/shm`), the same build
    with its output there, so that the figures show what the disk costs apart from the build."""
    root = os.path.join(work, "bundled")
    shutil.rmtree(root, ignore_errors=True)
    for name in ("content", "templates", "static"):
        shutil.copytree(os.path.join(args.repo, name), os.path.join(root, name))
    memory = os.path.join(MEMORY, "out-bundled") if MEMORY else None
    must(measure([args.bin, "--root", root, "build", "--out", fresh_folder(work, "out-bundled")]), "the bundled build")
    builds, loads, in_memory = [], [], []
    # Each run takes a fraction of a second: enough of them that the medians hold on a busy
    # machine.
    for _ in range(max(args.runs, 9)):
        builds.append(must(measure([args.bin, "--root", root, "build", "--out", fresh_folder(work, "out-bundled")]),
                           "the bundled build"))
        loads.append(must(measure([args.jieba]), "Jieba::new()"))
        if memory:
            shutil.rmtree(memory, ignore_errors=True)
            in_memory.append(must(measure([args.bin, "--root", root, "build", "--out", memory]), "the bundled build into memory"))
    if memory:
        shutil.rmtree(memory, ignore_errors=True)
    return builds, loads, in_memory


# ---------------------------------------------------------------------------------------------
# Report


def machine():
    model = ""
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    try:
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) / 1024 / 1024
    except OSError:
        mem = 0
    load = os.getloadavg()[0]
    return f"{os.cpu_count()} cores ({model}), {mem:.0f} GiB, {platform.platform()}, load average {load:.2f} at the start"


def version(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=30).stdout.strip().splitlines()[0]
    except (OSError, IndexError, subprocess.SubprocessError):
        return "?"


def table(rows):
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    out = []
    for n, r in enumerate(rows):
        out.append("| " + " | ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(r, widths))) + " |")
        if n == 0:
            out.append("| " + " | ".join("-" * w if i == 0 else "-" * (w - 1) + ":" for i, w in enumerate(widths)) + " |")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser()
    for name in ("repo", "seeds", "work", "out", "bin", "jieba", "sizes", "hugo", "zola", "pagefind", "notes", "time"):
        p.add_argument(f"--{name}", default="")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--quick", action="store_true")
    args = p.parse_args()
    global GNU_TIME
    GNU_TIME = args.time
    if MEMORY:
        os.makedirs(MEMORY, exist_ok=True)
        # Removed however the run ends: it holds up to the largest size's pages, in memory.
        atexit.register(shutil.rmtree, MEMORY, ignore_errors=True)
    atexit.register(remove_left)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    started = datetime.datetime.now(datetime.timezone.utc)
    head = [
        f"Run of {started:%Y-%m-%d %H:%M} UTC on {machine()}.",
        f"summit-archive {version(['git', '-C', args.repo, 'describe', '--always', '--dirty'])}"
        + (f"; {version([args.hugo, 'version'])}" if args.hugo else "")
        + (f"; {version([args.zola, '--version'])}" if args.zola else "")
        + (f"; pagefind {version([args.pagefind, '--version'])}" if args.pagefind else "")
        + f"; {args.runs} run(s) a size, medians.",
    ]
    for note in filter(None, args.notes.split(";")):
        head.append(f"Left out: {note}.")
    if args.time:
        head.append("Peak memory: each process's own, as GNU time reports it (`serve`: its VmHWM).")

    def tables(done, jieba):
        report = list(head)
        report.append("")
        report.append("Generated archives (ours; the peers get the same documents in their own formats):")
        report.append("")
        report.append(table([["documents", "summits", "units", "content MB", "check warnings", "generated in s"]] + shape))

        rows = [["documents", "tool", "pages", "wall s", "user s", "system s", "peak MiB", "pages/s", "bytes/page", "+ Pagefind wall s", "pages/s with Pagefind"]]
        for size in done:
            for name, runs in cold[size].items():
                wall = median([r["wall"] for r in runs])
                pages = runs[0]["pages"]
                row = [size, name, pages, f"{wall:.2f}", f"{median([r['user'] for r in runs]):.2f}",
                       f"{median([r['sys'] for r in runs]):.2f}",
                       f"{median([r['peak'] for r in runs]):.0f}", f"{pages / wall:.0f}", f"{runs[0]['bytes'] / max(pages, 1):.0f}"]
                if name != "ours" and args.pagefind:
                    pf = median([r["wall"] + r["pagefind"]["wall"] for r in runs])
                    row += [f"{pf:.2f}", f"{pages / pf:.0f}"]
                else:
                    row += ["", ""]
                rows.append(row)
        report += ["", "Cold builds (fresh process, empty output folder), median of the runs, alternating run for run:", "", table(rows)]

        def pages_per_s(runs, key=None):
            walls = [(r[key] if key else r)["wall"] for r in runs]
            return runs[0]["pages"] / median(walls)

        if any("memory" in runs[0] for size in done for runs in cold[size].values()):
            rows = [["documents", "tool", "wall s", "user s", "system s", "peak MiB", "pages/s"]]
            for size in done:
                for name, runs in cold[size].items():
                    mem = [r["memory"] for r in runs]
                    rows.append([size, name, f"{median([r['wall'] for r in mem]):.2f}", f"{median([r['user'] for r in mem]):.2f}",
                                 f"{median([r['sys'] for r in mem]):.2f}", f"{median([r['peak'] for r in mem]):.0f}",
                                 f"{pages_per_s(runs, 'memory'):.0f}"])
            report += ["", "The same builds with their output in memory (`/dev/shm`), each right after its build to disk:", "", table(rows)]
        lines = []
        for size in done:
            peers = [name for name in cold[size] if name != "ours"]
            if not peers:
                continue
            ours = cold[size]["ours"]
            best = max(peers, key=lambda name: pages_per_s(cold[size][name]))
            line = f"- {size} documents: {pages_per_s(ours) / pages_per_s(cold[size][best]):.0%} of {best}'s on disk"
            if "memory" in ours[0]:
                best_mem = max(peers, key=lambda name: pages_per_s(cold[size][name], "memory"))
                line += f", {pages_per_s(ours, 'memory') / pages_per_s(cold[size][best_mem], 'memory'):.0%} of {best_mem}'s in memory"
            lines.append(line)
        if lines:
            report += ["", "Our pages per second against the faster peer's (ours with the search index, theirs without):", ""] + lines

        if args.pagefind and any(name != "ours" for size in done for name in cold[size]):
            rows = [["documents", "indexing", "wall s", "user s", "peak MiB"]]
            for size in done:
                for name, runs in cold[size].items():
                    if name != "ours":
                        pf = [r["pagefind"] for r in runs]
                        rows.append([size, f"pagefind on {name}", f"{median([r['wall'] for r in pf]):.2f}",
                                     f"{median([r['user'] for r in pf]):.2f}", f"{median([r['peak'] for r in pf]):.0f}"])
            report += ["", "Pagefind alone, on each peer's output (its time is added in the column above):", "", table(rows)]

        rows = [["documents"] + STAGES + ["total"]]
        for size in done:
            rows.append([size] + [f"{stages[size][s]:.0f}" for s in STAGES + ["total"]])
        report += ["", "Our stages (`build --timings`), ms, median of the runs:", "", table(rows)]

        def user(size):
            return median([r["user"] for r in cold[size]["ours"]])

        pairs = [(b, a) for a, b in ((500, 5000), (100, 1000), (10, 100), (1000, 5000)) if a in cold and b in cold]
        if pairs:
            report += ["", "Growth of our build (user CPU; ×10 in documents is ×10 for linear growth):", ""]
            for b, a in pairs:
                per_stage = ", ".join(f"{s} {stages[b][s] / stages[a][s]:.1f}" for s in STAGES if stages[a][s] > 0)
                in_memory = ""
                if "memory" in cold[b]["ours"][0] and "memory" in cold[a]["ours"][0]:
                    in_memory = (f", {median([r['memory']['wall'] for r in cold[b]['ours']]) / median([r['memory']['wall'] for r in cold[a]['ours']]):.2f}"
                                 " wall with the output in memory")
                report.append(f"- t({b})/t({a}) = {user(b) / user(a):.2f} user CPU, "
                              f"{median([r['wall'] for r in cold[b]['ours']]) / median([r['wall'] for r in cold[a]['ours']]):.2f} wall{in_memory}; "
                              f"by stage: {per_stage}")

        if serve:
            rows = [["documents", "serve: edit to rebuilt s", "peak MiB", "cold build s", "rebuild / cold build", "hugo server: edit to rebuilt s"]]
            for size in done:
                times, peak = serve[size]
                cold_wall = median([r["wall"] for r in cold[size]["ours"]])
                hugo = hugo_serve.get(size)
                hugo_text = f"{median(hugo[0]):.2f}" if hugo and hugo[0] else ("did not rebuild" if args.hugo else "")
                rows.append([size, f"{median(times):.2f}", f"{peak:.0f}", f"{cold_wall:.2f}", f"{median(times) / cold_wall:.2f}", hugo_text])
            report += ["", "A rebuild in the preview after one document's English changes (median of the runs; ours "
                       "includes the watcher's 150 ms of quiet; Hugo's server keeps its pages in memory and renders "
                       "only what changed):", "", table(rows)]
        if jieba:
            builds, loads, in_memory = jieba

            def row(name, runs):
                return [name, f"{median([r['wall'] for r in runs]):.3f}", f"{median([r['user'] for r in runs]):.3f}",
                        f"{median([r['sys'] for r in runs]):.3f}", f"{median([r['peak'] for r in runs]):.0f}"]

            def ratio(runs):
                return (f"{median([r['wall'] for r in runs]) / median([r['wall'] for r in loads]):.2f} wall, "
                        f"{median([r['user'] for r in runs]) / median([r['user'] for r in loads]):.2f} user CPU")

            rows = [["process", "wall s", "user s", "system s", "peak MiB"],
                    row("summit-archive build (bundled content)", builds)]
            if in_memory:
                rows.append(row("the same, its output in /dev/shm (memory)", in_memory))
            rows.append(row("Jieba::new() alone (examples/jieba_load.rs)", loads))
            report += ["", f"The bundled site against `Jieba::new()` alone ({len(builds)} runs each, alternating; measured first, before the sizes above):", "",
                       table(rows), "", f"bundled build / jieba load: {ratio(builds)}"]
            if in_memory:
                report.append(f"bundled build into memory / jieba load: {ratio(in_memory)}")
        return "\n".join(report) + "\n"

    # The bundled build against the dictionary first: after the large sizes, whose builds make
    # and remove hundreds of thousands of files, a file system without a journal gives out new
    # inodes slowly for minutes (it skips those freed recently), and this ten-document build,
    # 1,459 files and folders, would measure that rather than itself.
    jieba = jieba_ratio(args, args.work) if args.jieba else None
    gen = Generator(args.repo, args.seeds)
    shape, cold, stages, serve, hugo_serve = [], {}, {}, {}, {}
    for size in sizes:
        clock = time.perf_counter()
        summits, docs = gen.archive(size)
        roots = {k: os.path.join(args.work, f"{k}-{size}") for k in ("ours", "hugo", "zola")}
        for root in roots.values():
            shutil.rmtree(root, ignore_errors=True)
        write_ours(args.repo, roots["ours"], summits, docs)
        if args.hugo:
            write_hugo(roots["hugo"], summits, docs)
        if args.zola:
            write_zola(roots["zola"], summits, docs)
        generated = time.perf_counter() - clock
        checked = measure([args.bin, "--root", roots["ours"], "check"], capture=True)
        if checked["code"] != 0:
            sys.stderr.write(checked["stderr"][-4000:])
            sys.exit(f"the generated archive of {size} documents does not pass `check` (exit {checked['code']}); kept in {roots['ours']}")
        warnings = checked["stderr"].count(": warning: ")
        units = sum(len(d.units) for d in docs)
        content_mb = sum(os.path.getsize(os.path.join(dp, f)) for dp, _, fs in os.walk(os.path.join(roots["ours"], "content")) for f in fs) / 2**20
        shape.append([size, len(summits), units, f"{content_mb:.1f}", warnings, f"{generated:.1f}"])
        print(f"{size} documents: generated in {generated:.1f} s, checked ({warnings} warnings); timing…", file=sys.stderr, flush=True)
        cold[size] = cold_builds(args, size, roots, args.work)
        stages[size] = {s: median([r["stages"].get(s, 0.0) for r in cold[size]["ours"]]) for s in STAGES + ["total"]}
        if not args.quick:
            doc = docs[len(docs) // 2]
            print(f"{size} documents: serve rebuilds…", file=sys.stderr, flush=True)
            serve[size] = serve_rebuilds(args, roots["ours"], doc)
            if args.hugo:
                hugo_serve[size] = hugo_server_rebuilds(args, roots["hugo"], doc)
        # The tables so far, so that a long run that is stopped still leaves its figures.
        done = sizes[: sizes.index(size) + 1]
        write(os.path.abspath(args.out), tables(done, jieba) + f"\n(sizes done so far: {', '.join(map(str, done))})\n")

    text = tables(sizes, jieba)
    write(os.path.abspath(args.out), text)
    print(text)


if __name__ == "__main__":
    main()
