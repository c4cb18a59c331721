#!/usr/bin/env bash
# Runs the coverage-guided fuzz targets of the wire codecs (gateway/src/test/java/dev/faxgate/fuzz:
# RTP, UDPTL with redundancy and FEC, IFP PER, HDLC deframing, T.30 frames) with Jazzer, one after
# another, each for --minutes, and prints per target the executions, the edge coverage libFuzzer
# reached (cov: edges in dev.faxgate classes, ft: features), the corpus size and any finding.
#
# usage: gateway/bench/fuzz.sh [--minutes N] [--targets "Rtp Udptl Ifp Hdlc T30"] [--lock FILE]
#                              [--no-build] [--out DIR]
#   --minutes   minutes per target (default 10)
#   --targets   which targets (default: all five)
#   --lock      hold this flock(1) lock file while Maven compiles the tests, e.g. /tmp/mvn.lock on a
#               machine where Maven builds must not overlap (the fuzzing itself is not a build)
#   --no-build  use the classes already in gateway/target (after mvn test-compile)
#   --out       where the logs, the grown corpus and any finding go (default gateway/target/fuzz-<time>)
# Each target starts from its committed seeds (gateway/src/test/resources/dev/faxgate/fuzz/
# <Target>FuzzTestInputs/<method>) plus the corpus grown in --out. A finding stops its target and is
# written to --out as crash-<sha1> (with a Java reproducer): fix the codec, copy the file beside the
# seeds under a name that says what it was, and `mvn verify` replays it from then on. Exit status 1
# if any target had a finding. Needs java 17 and the Maven repository the build filled (offline).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
minutes=10
targets="Rtp Udptl Ifp Hdlc T30"
lock=""
build=1
out="$root/gateway/target/fuzz-$(date +%Y%m%dT%H%M%S)"
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) minutes="$2"; shift 2 ;;
    --targets) targets="$2"; shift 2 ;;
    --lock) lock="$2"; shift 2 ;;
    --no-build) build=0; shift ;;
    --out) out="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$minutes" in ''|*[!0-9]*|0) echo "fuzz.sh: --minutes takes a whole number of minutes, at least 1" >&2; exit 2 ;; esac
mkdir -p "$out"
out="$(cd "$out" && pwd)"

if [ "$build" = 1 ]; then
  if [ -n "$lock" ]; then
    (cd "$root" && flock "$lock" mvn -B -o -q -pl gateway -am test-compile)
  else
    (cd "$root" && mvn -B -o -q -pl gateway -am test-compile)
  fi
fi

# The targets touch only the plain-Java fax stack: the module classes, Jazzer and JUnit suffice.
repo="${MAVEN_REPO:-$HOME/.m2/repository}"
jazzer="$(sed -n 's:.*<artifactId>jazzer-junit</artifactId><version>\([^<]*\)</version>.*:\1:p' "$root/gateway/pom.xml")"
junit="$(sed -n 's:.*<junit.version>\([^<]*\)</junit.version>.*:\1:p' "$root/pom.xml")"
platform="1.${junit#5.}"
jar() { # group path, artifact, version
  local f="$repo/$1/$2/$3/$2-$3.jar"
  [ -f "$f" ] || { echo "fuzz.sh: $f missing: run mvn -B test-compile online once" >&2; exit 2; }
  printf ':%s' "$f"
}
cp="$root/gateway/target/test-classes:$root/gateway/target/classes"
cp="$cp$(jar com/code-intelligence jazzer-junit "$jazzer")$(jar com/code-intelligence jazzer-api "$jazzer")"
cp="$cp$(jar com/code-intelligence jazzer "$jazzer")"
for a in junit-jupiter-api junit-jupiter-params junit-jupiter-engine; do cp="$cp$(jar org/junit/jupiter $a "$junit")"; done
for a in junit-platform-commons junit-platform-engine junit-platform-launcher; do cp="$cp$(jar org/junit/platform $a "$platform")"; done
cp="$cp$(jar org/opentest4j opentest4j 1.3.0)$(jar org/apiguardian apiguardian-api 1.1.2)"

status=0
printf '%-6s %12s %9s %6s %6s %12s  %s\n' target executions exec/s cov ft corpus finding | tee "$out/summary.txt"
for t in $targets; do
  method="$(echo "$t" | tr '[:upper:]' '[:lower:]')"
  seeds="$root/gateway/src/test/resources/dev/faxgate/fuzz/${t}FuzzTestInputs/$method"
  corpus="$out/corpus-$t"
  mkdir -p "$corpus" "$out/findings-$t"
  log="$out/$t.log"
  set +e
  (cd "$out" && nice -n 10 java -Xmx1g -cp "$cp" com.code_intelligence.jazzer.Jazzer \
      --target_class="dev.faxgate.fuzz.${t}FuzzTest" --target_method="$method" \
      --instrumentation_includes='dev.faxgate.**' --custom_hook_includes='dev.faxgate.**' \
      --reproducer_path="$out/findings-$t" -artifact_prefix="$out/findings-$t/" \
      -max_total_time=$((minutes * 60)) -print_final_stats=1 "$corpus" "$seeds") > "$log" 2>&1
  rc=$?
  set -e
  last="$(grep -aE '^#[0-9]+' "$log" | tail -1 || true)"
  runs="$(grep -aoE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)"
  [ -n "$runs" ] || runs="$(echo "$last" | grep -oE '^#[0-9]+' | tr -d '#' || true)"
  rate="$(grep -aoE 'stat::average_exec_per_sec: *[0-9]+' "$log" | grep -oE '[0-9]+$' | tail -1 || true)"
  [ -n "$rate" ] || rate="$(echo "$last" | grep -oE 'exec/s: [0-9]+' | grep -oE '[0-9]+' || true)"
  cov="$(echo "$last" | grep -oE 'cov: [0-9]+' | grep -oE '[0-9]+' || true)"
  ft="$(echo "$last" | grep -oE 'ft: [0-9]+' | grep -oE '[0-9]+' || true)"
  corp="$(echo "$last" | grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' | cut -d' ' -f2 || true)"
  finding="none"
  if ls "$out/findings-$t"/crash-* > /dev/null 2>&1; then
    finding="$(ls "$out/findings-$t"/crash-* | head -1): $(grep -aE -m1 '== Java Exception' "$log" | cut -c1-100)"
    status=1
  elif [ "$rc" -ne 0 ]; then
    finding="run failed (exit $rc), see $log"
    status=1
  fi
  printf '%-6s %12s %9s %6s %6s %12s  %s\n' "$t" "${runs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "${corp:-?}" "$finding" \
    | tee -a "$out/summary.txt"
done
echo "logs: $out"
exit $status
