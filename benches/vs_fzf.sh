#!/usr/bin/env bash
# Whole-process search, cptref against fzf, query by query, in one run.
#
#   bash benches/vs_fzf.sh [COUNT]      (default 100000)
#
# Builds the release binary, writes (once) a synthetic corpus of COUNT
# entries under target/bench-corpus/, writes the entries' `code  title`
# lines to a file, and times `cptref search QUERY --content DIR` beside
# `fzf --filter QUERY < titles` with hyperfine. cptref runs with its content
# cache (in target/bench-cache, written by the warm-up run) and the folder
# watch that run starts, which vouches for the cache; once, for the first
# query, with --no-cache (reading and parsing every file); and once with a
# cache but no watch (looking up every file's stamp). fzf and hyperfine
# come from Debian's packages and are installed when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-100000}"

for tool in fzf hyperfine; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "vs_fzf: installing $tool" >&2
        apt-get install -y -qq "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
    fi
done

cargo build --release --quiet --example gen_corpus
cargo build --release --quiet
dir="target/bench-corpus/$count"
# Written again only when the generator's output changed.
./target/release/examples/gen_corpus "$dir" "$count"
titles="target/bench-corpus/titles-$count.txt"
export CPTREF_CACHE_DIR="$PWD/target/bench-cache"
./target/release/cptref --content "$dir" list > "$titles"
# The watch that listing started checks the cache once the folder has been
# quiet for half a second; the check takes a few hundred milliseconds.
sleep 3

hyperfine --warmup 0 --runs 3 --style basic \
    --command-name "cptref search '100' --no-cache" \
    "./target/release/cptref search --no-cache --content $dir --limit 20 '100' > /dev/null"

CPTREF_CACHE_DIR="$PWD/target/bench-cache-unwatched" CPTREF_WATCH_FROM=0 \
    hyperfine --warmup 1 --runs 5 --style basic -i \
    --command-name "cptref search '100', no watch" \
    "./target/release/cptref search --content $dir --limit 20 '100' > /dev/null"

queries=("100" "ablation" "gencl abl" "genicular ablation" "zzqx")
for query in "${queries[@]}"; do
    # Both through the shell; hyperfine subtracts the shell's own start-up.
    hyperfine --warmup 1 --runs 5 --style basic -i \
        --command-name "cptref search '$query'" \
        "./target/release/cptref search --content $dir --limit 20 '$query' > /dev/null" \
        --command-name "fzf --filter '$query'" \
        "fzf --filter '$query' < $titles > /dev/null"
done
