#!/usr/bin/env bash
# The link stage's cost as the archive grows: sites holding the bundled summits once, twice,
# four and eight times over (each copy two more summits, four years on, with the bundled
# documents and sources in characters of their own), checked with `check --timings`; prints the link
# stage's time, the whole run's wall time and user CPU, and the counts. Run from the repository
# root after `cargo build --release`:
#   bash bench/link.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/target/release/summit-archive"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import os, re, shutil, sys
work = sys.argv[1]
summits = sorted(d for d in os.listdir("content") if os.path.isfile(f"content/{d}/summit.yaml"))

def shifted(text, years):
    # Every date of the copy's records moves on by `years`, so that copies follow one another.
    def move(line):
        return re.sub(r"\b(20\d\d)(?=-)", lambda m: str(int(m.group(1)) + years), line.group(0))
    return re.sub(r"(?m)^(date|start|end|id): .*$", move, text)

# The characters that carry a text's structure (clause and item numbers, 问/答, dates) stay;
# every other Han character of a copy is moved along the CJK block by an offset of its own, so
# that each copy is a text of the same size and shape in words no other copy uses: what grows
# is the archive, not the number of true matches.
KEEP = set("一二三四五六七八九十百千零〇两问答第条年月日是电记者新华社讯摄影报道据上下接转版见编辑责任")

def coded(text, c):
    if not c:
        return text
    def move(ch):
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF and ch not in KEEP:
            n = 0x4E00 + (o - 0x4E00 + 1009 * c) % (0x9FFF - 0x4E00 + 1)
            while chr(n) in KEEP:
                n += 1
            return chr(n)
        return ch
    return "".join(move(ch) for ch in text)

for copies in (1, 2, 4, 8):
    root = os.path.join(work, f"x{copies}")
    os.makedirs(os.path.join(root, "content"))
    for name in ("glossary.yaml", "topics.yaml"):
        shutil.copy(f"content/{name}", os.path.join(root, "content", name))
    os.makedirs(os.path.join(root, "content/sources"))
    for c in range(copies):
        for f in os.listdir("content/sources"):
            text = open(f"content/sources/{f}", encoding="utf-8").read()
            name = f if not c else f"copy{c}_{f}"
            open(os.path.join(root, "content/sources", name), "w", encoding="utf-8").write(coded(text, c))
    os.symlink(os.path.abspath("templates"), os.path.join(root, "templates"))
    os.symlink(os.path.abspath("static"), os.path.join(root, "static"))
    number = 0
    for c in range(copies):
        years = 4 * c
        for summit in summits:
            number += 1
            new_id = re.sub(r"^20\d\d", lambda m: str(int(m.group(0)) + years), summit)
            folder = os.path.join(root, "content", new_id)
            os.makedirs(folder)
            for f in os.listdir(f"content/{summit}"):
                # A copy's text is new: it has no translation yet.
                if c and f.endswith(".en.yaml"):
                    continue
                text = open(f"content/{summit}/{f}", encoding="utf-8").read()
                if c and f.endswith(".md"):
                    # The front matter's dates move; the text stays as printed, as its source.
                    _, front, body = text.split("---", 2)
                    front = shifted(front, years).replace(f"summit: {summit}", f"summit: {new_id}")
                    front = re.sub(r"(?m)^source: (\S+)", lambda m: f"source: copy{c}_{m.group(1)}", front)
                    text = "---" + coded(front, c) + "---" + coded(body, c)
                elif c and f == "summit.yaml":
                    text = coded(shifted(text, years), c)
                if f == "summit.yaml":
                    text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", text)
                    text = re.sub(r"(?m)^number: .*$", f"number: {number}", text)
                open(os.path.join(folder, f), "w", encoding="utf-8").write(text)
PY

printf '%-8s %8s %10s %9s %9s  %s\n' copies summits "link ms" "wall s" "user s" counts
for copies in 1 2 4 8; do
  root="$work/x$copies"
  summits=$(ls -d "$root"/content/*/summit.yaml | wc -l)
  # /usr/bin/time writes its figures last on stderr; --timings prints the stages on stdout.
  out=$( { /usr/bin/time -f 'TIME %e %U' "$bin" --root "$root" check --timings 2>&1; } 2>&1 ) || {
    echo "x$copies failed:"; echo "$out" | grep -v '^cleaning' | head -5; exit 1; }
  link=$(echo "$out" | awk '$1 == "link" { print $2 }')
  counts=$(echo "$out" | awk '$1 == "link" { $1 = ""; $2 = ""; $3 = ""; print }' | sed 's/^ *//')
  read -r _ wall user < <(echo "$out" | grep '^TIME')
  printf '%-8s %8s %10s %9s %9s  %s\n' "x$copies" "$summits" "$link" "$wall" "$user" "$counts"
done
