#!/bin/bash
# Issue 20's fleet bound, kept out of `mvn verify` (it takes about a minute): 10,000 targets on a closed loopback
# port, scanned by the launcher with a 512 MiB heap. Prints the exit code, the launcher's peak RSS (VmHWM from
# /proc) and the time, and checks the JSON report lists every target.
#   usage: testdata/fleet/unreachable-10k.sh [COUNT]   (run from the repository root, after ./vllmscan has built)
set -u
COUNT=${1:-10000}
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')
{ echo "targets:"; for i in $(seq 0 $((COUNT - 1))); do echo "  - url: http://127.0.0.1:$PORT/t$i"; done; } > "$WORK/inventory.yaml"
start=$(date +%s.%N)
VLLMSCAN_JAVA_OPTS="-XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -Xms16m -XX:CICompilerCount=1 -Xmx512m" \
  ./vllmscan scan --inventory-file "$WORK/inventory.yaml" -o json --output-file "$WORK/report.json" --timeout 2 \
  >/dev/null 2>"$WORK/stderr" &
pid=$!
peak=0
while kill -0 $pid 2>/dev/null; do
  h=$(awk '/VmHWM/ {print $2}' /proc/$pid/status 2>/dev/null)
  [ -n "$h" ] && [ "$h" -gt "$peak" ] && peak=$h
  sleep 0.5
done
wait $pid
rc=$?
end=$(date +%s.%N)
targets=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['targets']))" "$WORK/report.json" 2>/dev/null || echo "no report")
echo "exit $rc (3 = every target not assessable), targets in the report: $targets of $COUNT, peak launcher RSS $((peak / 1024)) MiB, $(echo "$end - $start" | bc) s"
tail -1 "$WORK/stderr"
rm -rf "$WORK"
[ "$targets" = "$COUNT" ]
