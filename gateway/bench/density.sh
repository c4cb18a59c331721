#!/usr/bin/env bash
# Finds how many sessions of one kind one core holds: a node pinned to one core (taskset), the load
# generator (faxgate load) pinned to another, --sessions ramped up step by step on the same warm node
# until a fax fails. Prints a row per step (with how late the generator sent at worst: marked (!) at 60 ms,
# the node's playout delay, where a failure may be the generator's), the largest step where every fax succeeded with the event
# loops' p99.9 lag under 5 ms (channels per core, the headline), and the largest where every fax
# succeeded at all.
#
# With --soak S it runs instead one load of --steps' first value for S seconds (faxgate load --duration)
# and samples the node every 5 minutes: heap after a full GC (jcmd GC.run), RSS, open files, threads,
# active sessions; the samples go to stderr and to OUT.soak.tsv.
#
# usage: gateway/bench/density.sh [--mix LIST] [--steps "100 200 ..."] [--cps N] [--node-cpu C] [--load-cpu C]
#                                  [--lag-ms MS] [--out FILE.jsonl] [--soak SECONDS] [--prewarm N]
#   --mix       recordings, as faxgate load takes them (default: audio-to-t38-v17,t38-to-audio-v17)
#   --steps     concurrencies to try, in order (default: 100 200 300 400 500 600 800 1000)
#   --out       every step's JSON line from faxgate load (default: density-<time>.jsonl); the node's log
#               is kept beside it (OUT without .jsonl, .node.log)
#   --prewarm   the node's media.prewarm_sessions: gateway sessions' parts made at its start (default 0)
# JAVA_OPTS reaches the node's JVM. Needs: java, taskset (util-linux), python3. The node uses HTTP port
# 18080; Kafka runs in a second node (HTTP 18081, ports 19092-19093) on the generator's core; both use a
# temporary data folder, 127.0.0.1 only, and are stopped at the end.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
mix=audio-to-t38-v17,t38-to-audio-v17
steps="100 200 300 400 500 600 800 1000"
cps=20
node_cpu=0
load_cpu=1
lag_ms=5
soak=0
prewarm=0
out="density-$(date +%Y%m%dT%H%M%S).jsonl"
while [ $# -gt 0 ]; do
  case $1 in
    --mix) mix=$2; shift 2 ;;
    --steps) steps=$2; shift 2 ;;
    --cps) cps=$2; shift 2 ;;
    --node-cpu) node_cpu=$2; shift 2 ;;
    --load-cpu) load_cpu=$2; shift 2 ;;
    --lag-ms) lag_ms=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --soak) soak=$2; shift 2 ;;
    --prewarm) prewarm=$2; shift 2 ;;
    *) sed -n '2,21p' "$0" >&2; exit 2 ;;
  esac
done

"$root/faxgate" version >/dev/null # builds the jar when sources changed
jar="$root/gateway/target/faxgate.jar"
work=$(mktemp -d)
node=
broker=
cleanup() {
  for pid in $node $broker; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      wait "$pid" 2>/dev/null || true
    fi
  done
  [ -f "$work/node.log" ] && cp "$work/node.log" "${out%.jsonl}.node.log" # what happened to each session
  rm -rf "$work"
}
trap cleanup EXIT

# Kafka runs in its own process on the generator's core, as a carrier's would on its own machines: the
# broker's own threads and garbage then neither count as the node's CPU nor pause its event loops.
# It is a second faxgate node whose embedded broker the measured node uses.
wait_ready() { # LOG PID
  for _ in $(seq 120); do
    grep -q " ready " "$1" && return 0
    kill -0 "$2" 2>/dev/null || break
    sleep 1
  done
  cat "$1" >&2
  echo "density: a node did not start (log above)" >&2
  exit 1
}
FAXGATE_HTTP_PORT=18081 FAXGATE_KAFKA_EMBEDDED_PORT=19092 FAXGATE_KAFKA_EMBEDDED_CONTROLLER_PORT=19093 \
  FAXGATE_KAFKA_EMBEDDED_DIR="$work/kafka" FAXGATE_OUTBOX_DIR="$work/broker-outbox" FAXGATE_MEDIA_PORT_MIN=40000 \
  FAXGATE_MEDIA_PORT_MAX=40999 taskset -c "$load_cpu" java -jar "$jar" run >"$work/broker.log" 2>&1 &
broker=$!
wait_ready "$work/broker.log" "$broker"

# the generator is the node's only client and paces itself (--cps): no per-client create limit
# (http.create_rate, 50 a second by default, refused the t38-relay ramp at 100 a second with 429)
FAXGATE_HTTP_PORT=18080 FAXGATE_KAFKA_BOOTSTRAP=127.0.0.1:19092 FAXGATE_OUTBOX_DIR="$work/outbox" \
  FAXGATE_HTTP_CREATE_RATE="${FAXGATE_HTTP_CREATE_RATE:-0}" FAXGATE_SESSIONS_MAX=2500 FAXGATE_MEDIA_PREWARM_SESSIONS="$prewarm" taskset -c "$node_cpu" java ${JAVA_OPTS:-} -jar "$jar" run >"$work/node.log" 2>&1 &
node=$!
wait_ready "$work/node.log" "$node"
echo "density: node pid $node on cpu $node_cpu (JAVA_OPTS=${JAVA_OPTS:-}, prewarm $prewarm), generator and Kafka on cpu $load_cpu, mix $mix" >&2

load() { # SESSIONS [more faxgate load options]
  local n=$1
  shift
  taskset -c "$load_cpu" java -jar "$jar" load --node http://127.0.0.1:18080 --node-pid "$node" --mix "$mix" \
    --cps "$cps" --sessions "$n" "$@"
}
echo "density: warm-up, 20 sessions (not reported)" >&2
load 20 >/dev/null 2>&1 || true

if [ "$soak" != 0 ]; then
  n=${steps%% *}
  sample() { # seconds-since-start
    jcmd "$node" GC.run >/dev/null
    local heap rss files threads active
    heap=$(jcmd "$node" GC.heap_info | grep -o 'used [0-9]*K' | head -2 | tr -dc '0-9\n' | awk '{s += $1} END {print s}')
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$node/status")
    threads=$(awk '/^Threads/ {print $2}' "/proc/$node/status")
    files=$(find "/proc/$node/fd" -mindepth 1 -maxdepth 1 | wc -l)
    active=$(curl -s http://127.0.0.1:18080/metrics | awk '/^faxgate_sessions_active/ {s += $2} END {print s + 0}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$heap" "$rss" "$files" "$threads" "$active" | tee -a "$out.soak.tsv" >&2
  }
  printf 'seconds\theap_after_full_gc_kb\trss_kb\topen_files\tthreads\tsessions_active\n' | tee "$out.soak.tsv" >&2
  load "$n" --duration "$soak" >"$out" 2>"$work/load.err" &
  gen=$!
  start=$(date +%s)
  while kill -0 "$gen" 2>/dev/null; do
    sample $(($(date +%s) - start))
    for _ in $(seq 300); do kill -0 "$gen" 2>/dev/null && sleep 1; done
  done
  wait "$gen" && rc=0 || rc=$?
  sample $(($(date +%s) - start))
  tail -3 "$work/load.err" >&2
  cat "$out"
  exit "$rc"
fi

best=0
all_ok=0
printf '%8s %12s %14s %28s %10s %12s\n' sessions succeeded "cpu ms/ch-s" "lag ms p50/p99/p99.9" "gen/node" "gen late ms"
for n in $steps; do
  line=$(load "$n" 2>"$work/load.err" | tail -1) || true
  if [ -z "$line" ]; then
    cat "$work/load.err" >&2
    echo "density: faxgate load printed nothing at $n sessions" >&2
    break
  fi
  echo "$line" >>"$out"
  verdict=$(python3 -c '
import json, sys
r = json.loads(sys.argv[1]); lag = r["eventloop_lag_ms"]; bound = float(sys.argv[2])
succeeded = r["sessions_failed"] == 0
within = lag["p99.9"] is not None and lag["p99.9"] < bound
gen_late = r["send_lateness_ms_max"] >= 60  # as late as the playout delay: failures may be the generator, not the node
print("%8d %5d of %-5d %14s %28s %10s %12s %s" % (r["sessions"], r["sessions_succeeded"], r["sessions_attempted"],
      r["node_cpu_ms_per_channel_second"], "%s / %s / %s" % (lag["p50"], lag["p99"], lag["p99.9"]),
      r["generator_cpu_per_node_cpu"], "%s%s" % (r["send_lateness_ms_max"], " (!)" if gen_late else ""),
      "ok" if succeeded and within else "all-succeeded" if succeeded else "failed"))' \
    "$line" "$lag_ms")
  echo "$verdict"
  case $verdict in
    *" ok") best=$n; all_ok=$n ;;
    *" all-succeeded") all_ok=$n ;;
    *) break ;;
  esac
done
echo "density: $best sessions per core with every fax succeeded and event-loop p99.9 < $lag_ms ms;" \
  "$all_ok with every fax succeeded; JSON lines in $out" >&2
