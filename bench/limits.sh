#!/usr/bin/env bash
# Times `check` on hostile sizes: a document just under the 8 MB file limit (one long paragraph,
# many distinct paragraphs, one paragraph repeated) and at a quarter and half of it, a note
# nested 100,000 deep, and a glossary nested as deep; prints wall time, user CPU and peak memory
# of each. Run from the repository root after `cargo build --release`:
#   bash bench/limits.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bin="$PWD/target/release/summit-archive"
work="$(mktemp -d)"
# LIMITS_KEEP=1 keeps the generated sites, to look at one with `check --timings`.
if [ -z "${LIMITS_KEEP:-}" ]; then trap 'rm -rf "$work"' EXIT; else echo "sites in $work"; fi

python3 - "$work" <<'PY'
import os, random, sys
work = sys.argv[1]
random.seed(7)
text = open("content/2023-xian/declaration.md", encoding="utf-8").read().split("---", 2)[2]
sentences = [s + "。" for s in text.replace("\n", "").split("。") if len(s) > 5]
summit = open("content/2023-xian/summit.yaml", encoding="utf-8").read()
head = "---\nid: doc\nsummit: 2023-xian\nkind: article\ntitle: 标题\ntitle_printed: false\ndate: 2023-05-19\nsource: s.txt\n{extra}---\n"
limit = 8 * 1024 * 1024 - 200_000

def site(name, body, extra="", glossary=None):
    root = os.path.join(work, name)
    os.makedirs(os.path.join(root, "content/2023-xian"))
    os.makedirs(os.path.join(root, "content/sources"))
    os.symlink(os.path.abspath("templates"), os.path.join(root, "templates"))
    os.symlink(os.path.abspath("static"), os.path.join(root, "static"))
    open(os.path.join(root, "content/2023-xian/summit.yaml"), "w").write(summit)
    open(os.path.join(root, "content/2023-xian/doc.md"), "w").write(head.format(extra=extra) + body)
    open(os.path.join(root, "content/sources/s.txt"), "w").write(body)
    if glossary:
        open(os.path.join(root, "content/glossary.yaml"), "w").write(glossary)

def fill(make, size):
    out, n, i = [], 0, 0
    while n < size:
        p = make(i); out.append(p); n += len(p.encode()) + 2; i += 1
    return "\n\n".join(out) + "\n"

line = "".join(sentences)
for share, label in ((4, "quarter"), (2, "half"), (1, "full")):
    size = limit // share
    site(f"one-paragraph-{label}", (line * (size // len(line.encode()) + 1))[: size // 3] + "\n")
    site(f"distinct-paragraphs-{label}", fill(lambda i: f"第{i}条：" + "".join(random.sample(sentences, 3)), size))
site("repeated-paragraph", fill(lambda i: "".join(sentences[:3]), limit))
deep = 100_000
site("deep-note", "正文。\n", extra="note: " + "[" * deep + "注" + "]" * deep + "\n")
site("deep-glossary", "正文。\n", glossary="terms: " + "[" * deep + "]" * deep + "\n")
PY

printf '%-30s %9s %9s %9s %8s  %s\n' case "content MB" "wall s" "user s" "peak MB" outcome
for root in "$work"/*/; do
  name="$(basename "$root")"
  size=$(du -sm --apparent-size "$root/content" | cut -f1)
  # /usr/bin/time writes its figures last on stderr.
  if out=$( { /usr/bin/time -f '%e %U %M' "$bin" --root "$root" check >/dev/null; } 2>&1 ); then
    outcome=ok
  else
    outcome="refused: $(echo "$out" | grep -m1 ': error: ' | sed 's/.*: error: //' | cut -c1-60)"
  fi
  read -r wall user peak <<<"$(echo "$out" | tail -1)"
  printf '%-30s %9s %9s %9s %8s  %s\n' "$name" "$size" "$wall" "$user" "$((peak / 1024))" "$outcome"
done
