#!/bin/sh
# Records what a T.38 relay sees during one real fax, both ways, for T38Relay's replay test.
#
# faxpeer has no T.38 <-> T.38 relay mode, so its two T.38 terminals talk straight to each other over
# loopback: t38-send on port P (leg a's far end) and t38-recv on port P+1 (leg b's far end). tshark
# captures every UDPTL datagram both ways; a relay between them would receive the sender's on leg a
# and the receiver's on leg b. Each line of the output is "MILLISECONDS a|b HEX": a = one UDPTL
# datagram sent by the terminal on leg a (the sender), b = one sent by the terminal on leg b (the
# receiver). Repeats (faxpeer sends indicators and the last IFP of a message 3 times, same sequence
# number) are kept, as a relay receives them.
#
# usage: FAXPEER=/path/to/faxpeer gateway/bench/record-t38-relay-fax.sh OUT.txt.gz [faxpeer options...]
#   e.g. record-t38-relay-fax.sh t38-relay-v17.txt.gz          (3 pages, V.17 14400, ECM, T.38 v0, redundancy)
#   extra options go to both terminals (--no-ecm, --max-rate 9600, --t38-version 3, --ec fec ...).
# needs: faxpeer, tshark (run as root to capture on lo), gzip. Ports 47610-47611 on 127.0.0.1.
# Prints both terminals' JSON results on stderr: the replay test asserts what they report.
set -eu
out=$1
shift
fp=${FAXPEER:?set FAXPEER to the faxpeer binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
P=47610
"$fp" make-tiff "$work/doc.tif" --pages 3 >/dev/null
tshark -q -i lo -f "udp and (dst port $P or dst port $((P+1)))" -w "$work/cap.pcapng" 2>/dev/null &
ts=$!
sleep 2
"$fp" t38-recv --local 127.0.0.1:$((P+1)) --remote 127.0.0.1:$P --out "$work/rx.tif" "$@" >"$work/rx.json" 2>/dev/null &
rx=$!
sleep 0.3
"$fp" t38-send --local 127.0.0.1:$P --remote 127.0.0.1:$((P+1)) --tiff "$work/doc.tif" "$@" >"$work/tx.json" 2>/dev/null || true
wait $rx || true
sleep 1
kill $ts
wait $ts || true
echo "sender:   $(cat "$work/tx.json")" >&2
echo "receiver: $(cat "$work/rx.json")" >&2
# to port P+1 (the receiver) = sent by the sender = arrives on leg a; to port P = arrives on leg b
tshark -r "$work/cap.pcapng" -T fields -e frame.time_relative -e udp.dstport -e udp.payload 2>/dev/null |
  awk -v a=$((P+1)) '{ printf "%d %s %s\n", $1 * 1000, ($2 == a ? "a" : "b"), $3 }' | gzip -9 >"$out"
echo "recorded $(zcat "$out" | wc -l) datagrams into $out ($(zcat "$out" | grep -c ' a ') on leg a)" >&2
