#!/usr/bin/env bash
# bench/article_size.sh: wall time, CPU time and peak RSS of whosaid-index
# (one article into a new database) and whosaid-extract against the size
# of ONE article, from 10 KB to 16 MB, for every shape of
# bench/article_shapes.h (one paragraph, one paragraph per line, thousands
# of quotations, no punctuation, capitalised words only, one huge word,
# unbalanced quotation marks, one quotation over thousands of paragraphs).
# Issue 11: both must grow linearly with the size, whatever the shape.
#
# Usage: bench/article_size.sh [--build DIR] [--sizes LIST] [--shapes LIST]
#                              [--programs index,extract] [--limit SECONDS]
#                              [--no-build] [--append] [--report-only]
# Defaults: --build build, --sizes 10000,40000,160000,640000,1000000,4000000,16000000,
# every shape, both programs, --limit 300 (a run stopped by the limit is
# recorded as "timeout" and larger sizes of that shape and program are
# skipped). Writes under bench/out/article_size/: results.tsv (one line per
# run), results.md (the table, and the issue's 1 MB target: one-paragraph
# article indexed in <= 2 s and <= 300 MB) and article_size.png (log-log
# plots, gnuplot) with article_size.dat. --append adds to the results.tsv
# of an earlier run (other shapes or sizes) instead of starting anew;
# --report-only measures nothing and makes the table and the plot from
# results.tsv. Needs GNU time (/usr/bin/time).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build"
sizes=10000,40000,160000,640000,1000000,4000000,16000000
shapes=""
programs=index,extract
limit=300
do_build=1
append=0
measure=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --build) build=$2; shift 2 ;;
    --sizes) sizes=$2; shift 2 ;;
    --shapes) shapes=$2; shift 2 ;;
    --programs) programs=$2; shift 2 ;;
    --limit) limit=$2; shift 2 ;;
    --no-build) do_build=0; shift ;;
    --append) append=1; shift ;;
    --report-only) measure=0; do_build=0; shift ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/article_size.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
if [[ ! -x /usr/bin/time ]]; then
  echo "bench/article_size.sh: /usr/bin/time is missing (Debian package 'time'; scripts/install-deps.sh installs it)" >&2
  exit 1
fi
if ((do_build)); then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j2 --target whosaid-index whosaid-extract whosaid-article-shapes >/dev/null
fi
bin="$build/bin"
for p in whosaid-index whosaid-extract whosaid-article-shapes; do
  [[ -x "$bin/$p" ]] || { echo "bench/article_size.sh: no $bin/$p (build first, or drop --no-build)" >&2; exit 1; }
done
[[ -n "$shapes" ]] || shapes=$("$bin/whosaid-article-shapes" --list | paste -sd, -)

out="$root/bench/out/article_size"
mkdir -p "$out"
work=$(mktemp -d "${TMPDIR:-/tmp}/whosaid-article-size.XXXXXX")
trap 'rm -rf "$work"' EXIT
tsv="$out/results.tsv"
if ((measure)) && { ((!append)) || [[ ! -s "$tsv" ]]; }; then
  printf 'shape\tbytes\tprogram\twall_s\tcpu_s\tpeak_rss_mb\tstatus\n' >"$tsv"
fi
((measure)) || shapes=""
[[ -s "$tsv" ]] || { echo "bench/article_size.sh: no $tsv to report on" >&2; exit 1; }
((measure)) && echo "bench/article_size.sh: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), limit ${limit}s per run" >&2

for shape in ${shapes//,/ }; do
  declare -A stopped=()
  for size in ${sizes//,/ }; do
    article="$work/$shape-$size.txt"
    "$bin/whosaid-article-shapes" "$shape" "$size" >"$article"
    bytes=$(stat -c %s "$article")
    for prog in ${programs//,/ }; do
      if [[ -n "${stopped[$prog]:-}" ]]; then
        printf '%s\t%s\t%s\t\t\t\tskipped\n' "$shape" "$bytes" "$prog" >>"$tsv"
        continue
      fi
      rm -rf "$work/db"
      case "$prog" in
        index) cmd=("$bin/whosaid-index" --db "$work/db" "$article") ;;
        extract) cmd=("$bin/whosaid-extract" "$article") ;;
        *) echo "bench/article_size.sh: unknown program $prog (index or extract)" >&2; exit 2 ;;
      esac
      status=ok
      if ! /usr/bin/time -f '%e %U %S %M' -o "$work/time" timeout "$limit" "${cmd[@]}" \
             >/dev/null 2>"$work/stderr"; then
        status=failed
        grep -q 'Command exited with non-zero status 124' "$work/time" && status=timeout
        grep -q 'Command terminated by signal' "$work/time" && status=killed
      fi
      read -r wall user sys rss < <(tail -1 "$work/time")
      cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
      rss_mb=$(awk -v k="$rss" 'BEGIN { printf "%.1f", k / 1024 }')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$shape" "$bytes" "$prog" "$wall" "$cpu" "$rss_mb" "$status" >>"$tsv"
      printf '%-10s %9s %-7s wall %7ss cpu %7ss peak %8s MB %s\n' "$shape" "$bytes" "$prog" "$wall" "$cpu" "$rss_mb" "$status" >&2
      [[ "$status" == ok ]] || stopped[$prog]=1
    done
    rm -f "$article"
  done
  unset stopped
done

# The table: one row per shape and size, both programs side by side.
{
  echo "Article size against indexing cost ($(date -u +%Y-%m-%d), $(nproc) cores, $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown))"
  echo
  echo "| shape | bytes | index wall s | index CPU s | index peak MB | extract wall s | extract CPU s | extract peak MB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' 'NR > 1 {
      key = $1 "\t" $2
      if (!(key in seen)) { seen[key] = 1; order[++n] = key }
      v = ($7 == "ok") ? $4 " | " $5 " | " $6 : $7 " | | "
      cell[key, $3] = v
    }
    END {
      for (i = 1; i <= n; ++i) {
        split(order[i], k, "\t")
        a = ((order[i], "index") in cell) ? cell[order[i], "index"] : " | | "
        b = ((order[i], "extract") in cell) ? cell[order[i], "extract"] : " | | "
        printf "| %s | %s | %s | %s |\n", k[1], k[2], a, b
      }
    }' "$tsv"
  echo
  awk -F'\t' '$1 == "paragraph" && $3 == "index" && $2 >= 1000000 && $2 < 1100000 {
      met = ($7 == "ok" && $4 <= 2 && $6 <= 300) ? "met" : "NOT MET"
      printf "Target (issue 11): a 1 MB one-paragraph article indexes in <= 2 s and <= 300 MB: %s s wall (%s s CPU), %s MB: %s\n", $4, $5, $6, met
    }' "$tsv"
} >"$out/results.md"

# The plot: time and peak RSS against size, log-log, one line per shape.
dat="$out/article_size.dat"
awk -F'\t' 'NR > 1 && $7 == "ok" { print $3 "-" $1, $2, $4, $5, $6 }' "$tsv" | sort -k1,1 -s >"$dat"
if command -v gnuplot >/dev/null; then
  series=$(cut -d' ' -f1 "$dat" | uniq)
  {
    echo "set terminal pngcairo size 1400,1000 font ',10'"
    echo "set output '$out/article_size.png'"
    echo "set logscale xy"
    echo "set grid"
    echo "set key left top font ',8'"
    echo "set xlabel 'article size (bytes)'"
    echo "set multiplot layout 2,2 title 'whosaid: cost against the size of one article (log-log; dashed: linear growth)'"
    for prog in index extract; do
      for col in 4:'CPU seconds' 5:'peak RSS (MB)'; do
        c=${col%%:*}
        label=${col#*:}
        echo "set title 'whosaid-$prog: $label'"
        echo "set ylabel '$label'"
        plot="plot"
        first=1
        for s in $series; do
          [[ "$s" == "$prog-"* ]] || continue
          ((first)) || plot+=","
          first=0
          plot+=" '< grep \"^$s \" $dat' using 2:$c with linespoints title '${s#"$prog-"}'"
        done
        if ((first)); then echo "plot 1/0 notitle"; else
          # A linear reference: through the mean of the shapes at the
          # largest size, the slope every line should have.
          k=$(awk -v p="$prog-" -v c="$c" 'index($1, p) == 1 { x[NR] = $2; y[NR] = $c; if ($2 > mx) mx = $2 }
                END { for (i in x) if (x[i] == mx) { s += y[i]; n++ } if (n && mx) printf "%.6g", s / n / mx; else print 0 }' "$dat")
          echo "$plot, $k * x dt 2 lc rgb 'gray' title 'linear'"
        fi
      done
    done
    echo "unset multiplot"
  } >"$work/plot.gp"
  gnuplot "$work/plot.gp" && echo "bench/article_size.sh: wrote $out/article_size.png" >&2
fi
cat "$out/results.md"
