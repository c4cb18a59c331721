#!/bin/sh
# Records the input a T.38 gateway sees during one real fax, for `faxgate bench-relay`.
#
# spandsp terminals (faxpeer) on both sides of spandsp's own gateway (faxpeer gateway), over loopback;
# tshark captures what reaches the gateway: RTP from the audio terminal and UDPTL from the T.38 terminal.
# Each line of the output is "MILLISECONDS a|t HEX": a = one RTP packet, t = one UDPTL datagram.
#
# usage: FAXPEER=/path/to/faxpeer gateway/bench/record-relay-fax.sh audio-to-t38|t38-to-audio v17|v29|v27ter OUT.txt.gz
# needs: faxpeer, tshark (run as root to capture on lo), gzip. Ports 47600-47603 on 127.0.0.1.
set -eu
dir=$1 modem=$2 out=$3
fp=${FAXPEER:?set FAXPEER to the faxpeer binary}
case $modem in v17) rate=14400 ;; v29) rate=9600 ;; v27ter) rate=4800 ;; *) echo "modem: v17, v29 or v27ter" >&2; exit 2 ;; esac
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
P=47600
"$fp" make-tiff "$work/doc.tif" --pages 3 >/dev/null
tshark -q -i lo -f "udp dst port $((P+1)) or udp dst port $((P+2))" -w "$work/cap.pcapng" 2>/dev/null &
ts=$!
sleep 2
"$fp" gateway --rtp-local 127.0.0.1:$((P+1)) --rtp-remote 127.0.0.1:$P --udptl-local 127.0.0.1:$((P+2)) \
  --udptl-remote 127.0.0.1:$((P+3)) --max-rate $rate --timeout 300 >"$work/gw.json" 2>/dev/null &
gw=$!
sleep 0.3
if [ "$dir" = audio-to-t38 ]; then
  "$fp" t38-recv --local 127.0.0.1:$((P+3)) --remote 127.0.0.1:$((P+2)) --out "$work/rx.tif" >"$work/rx.json" 2>/dev/null &
  rx=$!
  "$fp" audio-send --local 127.0.0.1:$P --remote 127.0.0.1:$((P+1)) --tiff "$work/doc.tif" --max-rate $rate >"$work/tx.json" 2>/dev/null
else
  "$fp" audio-recv --local 127.0.0.1:$P --remote 127.0.0.1:$((P+1)) --out "$work/rx.tif" >"$work/rx.json" 2>/dev/null &
  rx=$!
  "$fp" t38-send --local 127.0.0.1:$((P+3)) --remote 127.0.0.1:$((P+2)) --tiff "$work/doc.tif" --max-rate $rate >"$work/tx.json" 2>/dev/null
fi
wait $rx
wait $gw || true
sleep 1
kill $ts
wait $ts || true
cat "$work/tx.json" >&2
tshark -r "$work/cap.pcapng" -T fields -e frame.time_relative -e udp.dstport -e udp.payload 2>/dev/null |
  awk -v a=$((P+1)) '{ printf "%d %s %s\n", $1 * 1000, ($2 == a ? "a" : "t"), $3 }' | gzip -9 >"$out"
echo "recorded $(zcat "$out" | wc -l) datagrams into $out" >&2
