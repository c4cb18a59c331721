#!/bin/sh
# Records what an audio relay sees during one real fax, both ways, for AudioRelay's replay test and
# `faxgate load --mix audio-relay-v17`.
#
# faxpeer's two audio terminals talk straight to each other over loopback: audio-send on port P
# (leg a's far end) and audio-recv on port P+2 (leg b's far end). tshark captures every RTP packet
# both ways; a relay between them would receive the sender's on leg a and the receiver's on leg b.
# Each line of the output is "MILLISECONDS a|b HEX": a = one RTP packet sent by the terminal on leg a
# (the sender), b = one sent by the terminal on leg b (the receiver). Both terminals send 20 ms
# PCMU packets for the whole call (they transmit on idle), so both legs carry the whole fax's audio.
#
# usage: FAXPEER=/path/to/faxpeer gateway/bench/record-audio-relay-fax.sh OUT.txt.gz [faxpeer options...]
#   e.g. record-audio-relay-fax.sh audio-relay-v17.txt.gz     (3 pages, V.17 14400, ECM, PCMU)
#   extra options go to both terminals (--no-ecm, --max-rate 9600, --law alaw ...).
# needs: faxpeer, tshark (run as root to capture on lo), gzip. Ports 47620 and 47622 on 127.0.0.1.
# Prints both terminals' JSON results on stderr: the replay test asserts what they report.
set -eu
out=$1
shift
fp=${FAXPEER:?set FAXPEER to the faxpeer binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
P=47620
"$fp" make-tiff "$work/doc.tif" --pages 3 >/dev/null
tshark -q -i lo -f "udp and (dst port $P or dst port $((P+2)))" -w "$work/cap.pcapng" 2>/dev/null &
ts=$!
sleep 2
"$fp" audio-recv --local 127.0.0.1:$((P+2)) --remote 127.0.0.1:$P --out "$work/rx.tif" "$@" >"$work/rx.json" 2>/dev/null &
rx=$!
sleep 0.3
"$fp" audio-send --local 127.0.0.1:$P --remote 127.0.0.1:$((P+2)) --tiff "$work/doc.tif" "$@" >"$work/tx.json" 2>/dev/null || true
wait $rx || true
sleep 1
kill $ts
wait $ts || true
echo "sender:   $(cat "$work/tx.json")" >&2
echo "receiver: $(cat "$work/rx.json")" >&2
# to port P+2 (the receiver) = sent by the sender = arrives on leg a; to port P = arrives on leg b
tshark -r "$work/cap.pcapng" -T fields -e frame.time_relative -e udp.dstport -e udp.payload 2>/dev/null |
  awk -v a=$((P+2)) '{ printf "%d %s %s\n", $1 * 1000, ($2 == a ? "a" : "b"), $3 }' | gzip -9 >"$out"
echo "recorded $(zcat "$out" | wc -l) datagrams into $out ($(zcat "$out" | grep -c ' a ') on leg a)" >&2
