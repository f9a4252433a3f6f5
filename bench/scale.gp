# gnuplot script of bench/run: indexing time and index size against corpus
# size, for whosaid (with and without extraction), SQLite FTS5 and raw
# Xapian. Reads OUT/scale.dat (written by whosaid-bench-report), writes
# OUT/scale.png. Run as: gnuplot -e "out='bench/out'" bench/scale.gp
if (!exists("out")) out = "bench/out"
set terminal pngcairo size 1200,500 noenhanced
set output out."/scale.png"
set multiplot layout 1,2 title "whosaid vs SQLite FTS5 vs raw Xapian"
set logscale xy
set grid
set key top left
set xlabel "articles"
set ylabel "indexing wall time (s)"
plot out."/scale.dat" using 1:5 with linespoints title "whosaid-index", \
     ""               using 1:4 with linespoints title "whosaid-index --no-extract", \
     ""               using 1:2 with linespoints title "SQLite FTS5", \
     ""               using 1:3 with linespoints title "raw Xapian"
set ylabel "index size (MB)"
plot out."/scale.dat" using 1:9 with linespoints title "whosaid-index", \
     ""               using 1:8 with linespoints title "whosaid-index --no-extract", \
     ""               using 1:6 with linespoints title "SQLite FTS5", \
     ""               using 1:7 with linespoints title "raw Xapian"
unset multiplot
