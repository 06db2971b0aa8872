#!/usr/bin/env bash
# The archive's search against Pagefind on the same site: builds the bundled site, indexes a copy
# of it with Pagefind (each page's <main> marked as its body, as a site maintainer would), then
# runs every query of tests/reference/queries.yaml through both in headless Chromium, each query
# in a fresh browser context, over python3's http.server. Prints recall@5 by unit and by page,
# the bytes one query downloads (median and most; as served and as gzipped), the index's size
# on disk, and the time to index (wall and user CPU, runs alternating). Run from the repository
# root after `cargo build --release`:
#   bash bench/search.sh
# It installs its tools (Pagefind, puppeteer-core, yaml; versions in bench/search/package-lock.json)
# with npm into ${XDG_CACHE_HOME:-~/.cache}/summit-archive-bench/search, never into the
# repository, and drives Debian's chromium (`apt-get install chromium` if it is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/target/release/summit-archive"
runs="${RUNS:-5}"
[ -x "$bin" ] || { echo "build the tool first: cargo build --release" >&2; exit 1; }
chromium="$(command -v chromium || true)"
[ -n "$chromium" ] || { echo "chromium is missing: apt-get install chromium" >&2; exit 1; }

tools="${XDG_CACHE_HOME:-$HOME/.cache}/summit-archive-bench/search"
mkdir -p "$tools"
if ! cmp -s bench/search/package-lock.json "$tools/package-lock.json" || [ ! -d "$tools/node_modules" ]; then
    cp bench/search/package.json bench/search/package-lock.json "$tools/"
    (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi
pagefind="$tools/node_modules/.bin/pagefind"

work="$(mktemp -d)"
servers=()
cleanup() {
    for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
    if [ -n "${KEEP:-}" ]; then echo "kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# The site, and the copy Pagefind indexes: without our search (its page and its files); the
# <main> of each document's page marked as the body to index, so that Pagefind, like our search,
# indexes the documents' texts and not the pages that quote them (commitments, topics, entities)
# or the site's navigation; and two empty pages, one a language, that load Pagefind's script for
# the queries.
"$bin" build --out "$work/ours" >/dev/null
cp -r "$work/ours" "$work/theirs"
rm -rf "$work/theirs/search" "$work/theirs"/{zh,en}/search
find "$work/theirs"/{zh,en} -mindepth 3 -maxdepth 3 -path '*/20*/*/index.html' \
    -exec sed -i 's/<main id="main">/<main id="main" data-pagefind-body>/' {} +
mkdir "$work/theirs/_bench"
printf '<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>zh</title></html>\n' >"$work/theirs/_bench/zh.html"
printf '<!doctype html><html lang="en"><meta charset="utf-8"><title>en</title></html>\n' >"$work/theirs/_bench/en.html"

# Time to index, alternating: our index stage inside a build, Pagefind's whole run on the copy.
: >"$work/times"
for i in $(seq "$runs"); do
    rm -rf "$work/t$i"
    /usr/bin/time -f "ours-build %e %U" -a -o "$work/times" \
        "$bin" build --out "$work/t$i" --timings 2>&1 | awk '$1 == "index" { print "ours-index", $2 / 1000 }' >>"$work/times"
    rm -rf "$work/t$i" "$work/theirs/pagefind"
    /usr/bin/time -f "pagefind %e %U" -a -o "$work/times" \
        "$pagefind" --site "$work/theirs" >"$work/pagefind.log" 2>&1
done

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
serve() {
    python3 -m http.server "$1" --bind 127.0.0.1 --directory "$2" >/dev/null 2>&1 &
    servers+=("$!")
}
ours_port="$(free_port)"; serve "$ours_port" "$work/ours"
theirs_port="$(free_port)"; serve "$theirs_port" "$work/theirs"
for port in "$ours_port" "$theirs_port"; do
    for _ in $(seq 50); do
        curl -sf "http://127.0.0.1:$port/" >/dev/null 2>&1 && break
        sleep 0.1
    done
done

python3 - "$work" "$PWD" "$chromium" "$tools" "$ours_port" "$theirs_port" <<'PY'
import json, sys
work, repo, chromium, tools, ours, theirs = sys.argv[1:]
docs = json.load(open(f"{work}/ours/data/documents.json", encoding="utf-8"))
units = {f"{d['summit']}/{d['id']}": [u["id"] for u in d["units"]] for d in docs}
json.dump(units, open(f"{work}/units.json", "w"))
json.dump({
    "modules": tools, "chromium": chromium, "queries": f"{repo}/tests/reference/queries.yaml",
    "units": f"{work}/units.json", "out": f"{work}/results.json",
    "ours": {"url": f"http://127.0.0.1:{ours}", "root": f"{work}/ours"},
    "pagefind": {"url": f"http://127.0.0.1:{theirs}", "root": f"{work}/theirs"},
}, open(f"{work}/config.json", "w"))
PY
node bench/search/run.mjs "$work/config.json"

python3 - "$work" "$runs" <<'PY'
import json, os, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
results = json.load(open(f"{work}/results.json"))

def size(folder):
    total = files = 0
    for root, _, names in os.walk(folder):
        for n in names:
            total += os.path.getsize(os.path.join(root, n)); files += 1
    return total, files

def kb(n):
    return f"{n / 1024:.1f} KB"

# What a query downloads: each engine's script and index files (our static/search.js and
# search/; Pagefind's pagefind/, its script, worker and WebAssembly included), not the page or
# its styles.
def downloaded(fetched, folder):
    def ours(url):
        return folder == "search" and url.split("?")[0].endswith("/static/search.js")
    picked = [f for f in fetched if (f"/{folder}/" in f["url"] or ours(f["url"]))
              and f["status"] == 200 and not f["cached"]]
    return sum(f["bytes"] for f in picked), sum(f["gzip"] for f in picked), len(picked)

rows = []
for engine, folder in (("ours", "search"), ("pagefind", "pagefind")):
    unit_hits = page_hits = expected = 0
    raw, gz, count, ms, failed = [], [], [], [], []
    anchor_hits = 0
    by_category = {}
    for r in results:
        q, got = r["query"], r[engine]
        if got.get("state") != "ok":
            failed.append(f"{q['q']} ({q['page']}): {got.get('state')}")
            got = {"units": [], "pages": [], "fetched": [], "anchor_units": []}
        cat = by_category.setdefault(q["category"], [0, 0, 0, 0])
        for unit in q["expect"]:
            expected += 1
            cat[0] += 1
            if unit in got["units"]:
                unit_hits += 1; cat[1] += 1
            if unit in got.get("anchor_units", []):
                anchor_hits += 1; cat[2] += 1
            if unit.split("#")[0] in got["pages"]:
                page_hits += 1; cat[3] += 1
        b, g, n = downloaded(got["fetched"], folder)
        raw.append(b); gz.append(g); count.append(n)
        if "ms" in got:
            ms.append(got["ms"])
    total, files = size(f"{work}/{'ours' if engine == 'ours' else 'theirs'}/{folder}")
    rows.append((engine, unit_hits, anchor_hits, page_hits, expected, raw, gz, count, ms, total, files, by_category, failed))

print(f"{len(results)} queries of tests/reference/queries.yaml, {rows[0][4]} expected units")
print(f"{'':10} {'unit@5':>8} {'page@5':>8} {'bytes/query (median, most)':>30} {'gzipped (median, most)':>26} {'files':>6} {'index on disk':>18} {'ms':>5}")
for engine, uh, ah, ph, e, raw, gz, count, ms, total, files, _, _ in rows:
    print(f"{engine:10} {uh / e:8.3f} {ph / e:8.3f} {kb(statistics.median(raw)) + ', ' + kb(max(raw)):>30} "
          f"{kb(statistics.median(gz)) + ', ' + kb(max(gz)):>26} {statistics.median(count):6.0f} "
          f"{kb(total) + ' in ' + str(files):>18} {statistics.median(ms) if ms else 0:5.0f}")
pf = rows[1]
print(f"pagefind unit@5 worked out from its anchors and word locations: {pf[2] / pf[4]:.3f}")
print("ms: ours from the search page's HTML arriving to its results shown; pagefind from the")
print("query on a loaded page (its script imported) to the data of its first five results")
print("by category: expected units; ours unit@5, page@5; pagefind page@5, unit@5 from anchors")
for cat in sorted(rows[0][11]):
    o, p = rows[0][11][cat], rows[1][11][cat]
    print(f"  {cat:15} {o[0]:3}   {o[1]:3} {o[3]:3}   {p[3]:3} {p[2]:3}")
for engine, *_, failed in rows:
    for f in failed:
        print(f"{engine} failed: {f}")

times = {}
for line in open(f"{work}/times"):
    parts = line.split()
    if len(parts) >= 2 and parts[0] in ("ours-build", "ours-index", "pagefind"):
        times.setdefault(parts[0], []).append([float(x) for x in parts[1:]])
med = lambda key, i: statistics.median(t[i] for t in times[key])
print(f"time to index, median of {runs} alternating runs (wall, user CPU):")
print(f"  ours: index stage {med('ours-index', 0) * 1000:.0f} ms, in a whole build of "
      f"{med('ours-build', 0) * 1000:.0f} ms wall, {med('ours-build', 1) * 1000:.0f} ms user")
print(f"  pagefind on the built copy: {med('pagefind', 0) * 1000:.0f} ms wall, {med('pagefind', 1) * 1000:.0f} ms user")
print(f"  ratio, pagefind's run over our whole build: {med('pagefind', 0) / med('ours-build', 0):.2f} wall, "
      f"{med('pagefind', 1) / max(med('ours-build', 1), 1e-9):.2f} user")
PY
