// The evaluation script the SDK owns: POSIX sh and the tools every Linux image has (date, dd, awk,
// mktemp), plus sysbench, sqlite3 and ping when present. It runs as `sh -c <script> cb-eval <args>`,
// so every value reaches it as an argument, never spliced into its text.

/** Output format version the script prints and the parser accepts. */
export const evaluationFormatVersion = 1;

/** The portable shell script that measures a VM's CPU, memory, disk and network. */
export const evaluationScript = String.raw`# cb-eval 1: the Cloud-Barista SDK's portable performance evaluation (POSIX sh).
# Prints one record a line: "result <metric> <value> <unit> <method>", "rtt <peer> <ms> ms ping",
# "skip <what> <reason>", framed by "cb-eval 1" and "end". Arguments: cpu loop iterations per core,
# memory MiB, file MiB, database transactions, pings per peer, work directory, then "id host" pairs.
CB_CPU_OPS=$1 CB_MEM_MB=$2 CB_IO_MB=$3 CB_DB_TX=$4 CB_PING_COUNT=$5 CB_DIR=$6
shift 6
LC_ALL=C
export LC_ALL
echo "cb-eval 1"
cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || echo 1)
case $cores in '' | *[!0-9]*) cores=1 ;; esac
echo "info cores $cores"
has() { command -v "$1" >/dev/null 2>&1; }
now() { date +%s%N; }
case $(now) in *[!0-9]*) nanos=no ;; *) nanos=yes ;; esac
# rate <amount> <start-ns> <end-ns> <scale>: amount per second, or nothing when too fast to time.
rate() { awk -v n="$1" -v a="$2" -v b="$3" -v s="$4" 'BEGIN { d = (b - a) / 1e9; if (d > 0) printf "%.3f\n", n / d / s }'; }
report() { # report <metric> <unit> <method> <amount> <start> <end> <scale>
  r=$(rate "$4" "$5" "$6" "$7")
  if [ -n "$r" ]; then echo "result $1 $r $2 $3"; else echo "skip $1 too fast to time"; fi
}
tmp=
cleanup() { [ -n "$tmp" ] && rm -rf "$tmp"; }
trap cleanup EXIT
trap 'cleanup; exit 130' INT TERM HUP
if [ "$nanos" = no ]; then
  for m in cpu memory fileio-write fileio-read db; do echo "skip $m date has no nanosecond clock (%N)"; done
else
  # CPU: sysbench when present, else a fixed arithmetic loop per core in the shell itself.
  if has sysbench; then
    out=$(sysbench cpu --threads="$cores" --time=2 run 2>/dev/null)
    eps=$(printf '%s\n' "$out" | awk -F: '/events per second/ { gsub(/ /, "", $2); print $2; exit }')
    case $eps in
      '' | *[!0-9.]*) echo "skip cpu sysbench printed no events per second" ;;
      *) echo "result cpu $eps events/s sysbench-cpu" ;;
    esac
  else
    loop() { i=0 s=0; while [ "$i" -lt "$CB_CPU_OPS" ]; do s=$(((s + i * i) % 1000003)); i=$((i + 1)); done; }
    a=$(now)
    c=0
    while [ "$c" -lt "$cores" ]; do loop & c=$((c + 1)); done
    wait
    b=$(now)
    report cpu ops/s cpu-loop $((CB_CPU_OPS * cores)) "$a" "$b" 1
  fi
  # Memory bandwidth: dd copying zeros through a 1 MiB buffer.
  a=$(now)
  if dd if=/dev/zero of=/dev/null bs=1048576 count="$CB_MEM_MB" 2>/dev/null; then
    b=$(now)
    report memory MB/s dd-zero "$CB_MEM_MB" "$a" "$b" 1
  else
    echo "skip memory dd failed"
  fi
  # File I/O: direct I/O bypasses the page cache; without it writes end with an fsync and reads
  # would only measure the cache, so they are skipped.
  if tmp=$(mktemp -d "$CB_DIR/cb-eval.XXXXXX" 2>/dev/null); then
    f="$tmp/io"
    a=$(now)
    if dd if=/dev/zero of="$f" bs=1048576 count="$CB_IO_MB" oflag=direct 2>/dev/null; then
      b=$(now)
      report fileio-write MB/s dd-direct "$CB_IO_MB" "$a" "$b" 1
      a=$(now)
      if dd if="$f" of=/dev/null bs=1048576 iflag=direct 2>/dev/null; then
        b=$(now)
        report fileio-read MB/s dd-direct "$CB_IO_MB" "$a" "$b" 1
      else
        echo "skip fileio-read dd cannot read with iflag=direct"
      fi
    else
      rm -f "$f"
      a=$(now)
      if dd if=/dev/zero of="$f" bs=1048576 count="$CB_IO_MB" conv=fsync 2>/dev/null; then
        b=$(now)
        report fileio-write MB/s dd-fsync "$CB_IO_MB" "$a" "$b" 1
      else
        echo "skip fileio-write dd cannot write to $CB_DIR"
      fi
      echo "skip fileio-read no direct I/O in $CB_DIR: a read would measure the page cache"
    fi
    rm -f "$f"
    # Database: small committed transactions, each synced to disk.
    if has sqlite3; then
      db="$tmp/db"
      sqlite3 "$db" "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);" >/dev/null 2>&1
      a=$(now)
      if awk -v n="$CB_DB_TX" 'BEGIN { print "PRAGMA synchronous=FULL;"; for (i = 1; i <= n; i++) printf "INSERT INTO t (v) VALUES (%c%08d%c); SELECT count(*) FROM t WHERE id <= %d;\n", 39, i, 39, i }' |
        sqlite3 "$db" >/dev/null 2>&1; then
        b=$(now)
        report db tx/s sqlite3-tx "$CB_DB_TX" "$a" "$b" 1
      else
        echo "skip db sqlite3 failed"
      fi
    else
      echo "skip db sqlite3 not installed"
    fi
  else
    echo "skip fileio-write cannot create a directory in $CB_DIR"
    echo "skip fileio-read cannot create a directory in $CB_DIR"
    echo "skip db cannot create a directory in $CB_DIR"
  fi
fi
# RTT to every peer of the MCIS.
while [ "$#" -ge 2 ]; do
  if ! has ping; then
    echo "skip rtt:$1 ping not installed"
  else
    out=$(ping -n -c "$CB_PING_COUNT" -i 0.2 -W 2 "$2" 2>/dev/null)
    avg=$(printf '%s\n' "$out" | sed -n 's|^.*= *[0-9.]*/\([0-9.]*\)/.*$|\1|p' | head -n 1)
    case $avg in
      '' | *[!0-9.]*) echo "skip rtt:$1 no reply from $2" ;;
      *) echo "rtt $1 $avg ms ping" ;;
    esac
  fi
  shift 2
done
echo end
`;
