#!/bin/sh
# Times quire, Zola and Hugo on the same synthetic corpus, side by side.
#
#   benches/peers.sh CORPUS WORK [RUNS]
#
# CORPUS is a site from benches/corpus.rs (`cargo bench --bench site`
# leaves target/bench-corpus/3x100x100). WORK is a folder on the file
# system to measure (/dev/shm for tmpfs): the sites and outputs go into a
# new folder inside it, removed at the end. RUNS (default 5) alternating
# runs of each tool; the medians are printed.
#
# Needs `quire` (QUIRE=path, default target/release/quire), `zola` and
# `hugo` on PATH, and GNU time at /usr/bin/time. A tool not found is left
# out. Each peer gets the corpus's Markdown with its front matter in the
# form the peer reads, and two themes: a bare one (the page's HTML in a
# page shell, no navigation) and one with the page's section listed as a
# sidebar, the nearest to quire's default theme. SIDEBAR=0 skips the
# second, which takes minutes for Zola.
set -eu

corpus=${1:?usage: benches/peers.sh CORPUS WORK [RUNS]}
work=${2:?usage: benches/peers.sh CORPUS WORK [RUNS]}
runs=${3:-5}
quire=${QUIRE:-target/release/quire}
sidebar=${SIDEBAR:-1}

case $runs in '' | *[!0-9]* | 0) echo "RUNS must be a whole number above 0" >&2; exit 2 ;; esac
[ -d "$corpus/content" ] || { echo "$corpus has no content/ folder" >&2; exit 2; }
corpus=$(cd "$corpus" && pwd)
mkdir -p "$work"
work=$(mktemp -d "$(cd "$work" && pwd)/peers.XXXXXX")
trap 'rm -rf "$work"' EXIT

# The corpus's pages with `weight` for `order`, in TOML front matter for
# Zola (Hugo reads the YAML as it is).
convert() {
    tool=$1
    dest=$2
    mkdir -p "$dest/content"
    (cd "$corpus/content" && find . -type d -print0) | (cd "$dest/content" && xargs -0 mkdir -p)
    (cd "$corpus/content" && find . -name '*.md' -print0 | xargs -0 awk -v tool="$tool" -v dest="$dest/content/" '
        FNR == 1 { if (out) close(out); out = dest FILENAME; front = 0 }
        FNR == 1 && /^---$/ { front = 1; print (tool == "zola" ? "+++" : "---") > out; next }
        front && /^---$/ { front = 0; print (tool == "zola" ? "+++" : "---") > out; next }
        front {
            key = $0; sub(/:.*/, "", key)
            value = $0; sub(/^[^:]*: */, "", value)
            if (key == "order") key = "weight"
            if (tool == "zola") {
                # A section has no `updated`; it lists its pages by weight.
                if (key == "updated" && FILENAME ~ /_index\.md$/) print "sort_by = \"weight\"" > out
                else if (key == "updated" || key == "weight") print key " = " value > out
                else { gsub(/"/, "\\\"", value); print key " = \"" value "\"" > out }
            } else print key ": " value > out
            next
        }
        { print > out }
    ')
}

shell_head='<!doctype html><html lang="en"><head><meta charset="utf-8"><title>'
shell_mid='</title></head><body><main>'
shell_end='</main></body></html>'

zola_site() {
    dest=$1
    nav=$2
    convert zola "$dest"
    cat > "$dest/config.toml" <<EOF
base_url = "https://help.example.com"
title = "Synthetic Help Center"
compile_sass = false
build_search_index = false
generate_feeds = false
EOF
    mkdir -p "$dest/templates"
    if [ "$nav" = 1 ]; then
        side='{% set section = get_section(path=page.ancestors | last) %}<nav><ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul></nav>'
    else
        side=''
    fi
    printf '%s{{ page.title }}%s%s{{ page.content | safe }}%s\n' "$shell_head" "$shell_mid" "$side" "$shell_end" > "$dest/templates/page.html"
    printf '%s{{ section.title }}%s{{ section.content | safe }}%s\n' "$shell_head" "$shell_mid" "$shell_end" > "$dest/templates/section.html"
    cp "$dest/templates/section.html" "$dest/templates/index.html"
}

hugo_site() {
    dest=$1
    nav=$2
    convert hugo "$dest"
    cat > "$dest/hugo.toml" <<EOF
baseURL = "https://help.example.com/"
title = "Synthetic Help Center"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
[markup.goldmark.parser.attribute]
title = true
EOF
    mkdir -p "$dest/layouts/_default"
    if [ "$nav" = 1 ]; then
        side='<nav><ul>{{ range .CurrentSection.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></nav>'
    else
        side=''
    fi
    printf '%s{{ .Title }}%s%s{{ .Content }}%s\n' "$shell_head" "$shell_mid" "$side" "$shell_end" > "$dest/layouts/_default/single.html"
    cp "$dest/layouts/_default/single.html" "$dest/layouts/_default/list.html"
    cp "$dest/layouts/_default/single.html" "$dest/layouts/index.html"
}

# One line per tool: name|folder|command, run in the folder with the
# output going to $work/out. The command is split on spaces, so the
# paths in it (WORK's, quire's) must have none.
tools=""
add() {
    if [ -n "$tools" ]; then
        tools="$tools
$1"
    else
        tools=$1
    fi
}
case $quire in
    */*) [ -x "$quire" ] && quire=$(cd "$(dirname "$quire")" && pwd)/$(basename "$quire") || quire="" ;;
    *) quire=$(command -v "$quire" || true) ;;
esac
case "$work$quire" in *' '* | *'|'*) echo "WORK and QUIRE must have no spaces or | in their paths" >&2; exit 2 ;; esac
case $corpus in *'|'*) echo "CORPUS must have no | in its path" >&2; exit 2 ;; esac
if [ -n "$quire" ]; then
    add "quire|$corpus|$quire build -q --out $work/out"
else
    echo "quire not found (QUIRE=path): left out" >&2
fi
# peer TOOL MAKE-SITE COMMAND: the tool's two sites, if it is on PATH.
peer() {
    if ! command -v "$1" > /dev/null 2>&1; then
        echo "$1 not found on PATH: left out" >&2
        return
    fi
    "$2" "$work/$1-bare" 0
    add "$1, bare theme|$work/$1-bare|$3"
    if [ "$sidebar" = 1 ]; then
        "$2" "$work/$1-nav" 1
        add "$1, section list as sidebar|$work/$1-nav|$3"
    fi
}
peer zola zola_site "zola build --force --output-dir $work/out"
peer hugo hugo_site "hugo --quiet --destination $work/out"
[ -n "$tools" ] || { echo "none of quire, zola, hugo found" >&2; exit 2; }

times="$work/times"
: > "$times"
i=0
while [ "$i" -lt "$runs" ]; do
    i=$((i + 1))
    echo "$tools" | while IFS='|' read -r name dir cmd; do
        rm -rf "$work/out"
        sync
        # shellcheck disable=SC2086
        if ! (cd "$dir" && /usr/bin/time -f "%e %U %S %M" -o "$work/one" $cmd < /dev/null > "$work/log" 2>&1); then
            echo "$name failed:" >&2
            tail -5 "$work/log" >&2
            exit 1
        fi
        files=$(find "$work/out" -type f | wc -l)
        echo "$name|$(cat "$work/one")|$files" >> "$times"
    done
done

echo "median of $runs alternating runs; output files in the last run"
echo "$tools" | while IFS='|' read -r name _ _; do
    awk -F'|' -v name="$name" '
        $1 != name { next }
        { n++; split($2, t, " "); wall[n] = t[1]; cpu[n] = t[2] + t[3]; mem[n] = t[4]; files = $3 }
        function median(a, n,   i, j, x) {
            for (i = 2; i <= n; i++) { x = a[i]; for (j = i - 1; j > 0 && a[j] > x; j--) a[j + 1] = a[j]; a[j + 1] = x }
            return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
        }
        END {
            peak = 0; for (i = 1; i <= n; i++) if (mem[i] > peak) peak = mem[i]
            printf "%-32s wall %6.2f s   CPU %6.2f s   peak %5d MB   %d files\n", name, median(wall, n), median(cpu, n), peak / 1024, files
        }' "$times"
done
