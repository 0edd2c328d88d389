#!/bin/bash
# Throughput benchmark: xsfu (afxdp and socket backends) against the C reference forwarders of
# ../shared/reference/afxdp-ref, measured in the same run on the same topology (two namespaces joined by
# a veth, static neighbours, an XDP sink counting delivered copies on the client side).
#   bench/run.sh [--fanouts "1 4 16"] [--seconds 5] [--payload 200] [--runs 1] [--no-ref]
# Prints a table and writes bench/results/throughput-<timestamp>.json.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
ref=${XSFU_REF:-$(cd "$top/.." && pwd)/shared/reference/afxdp-ref}
fanouts="1 4 16" secs=5 len=200 runs=1 with_ref=1
while [ $# -gt 0 ]; do
  case "$1" in
    --fanouts) fanouts=$2; shift 2 ;;
    --seconds) secs=$2; shift 2 ;;
    --payload) len=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --no-ref) with_ref=0; shift ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export JAVA_HOME=${XSFU_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
O=${AFXDP_REF_BUILD:-/tmp/xsfu-afxdp-ref}
[ -d "$ref" ] || { echo "reference not found at $ref (set XSFU_REF)" >&2; exit 1; }
# clang -target bpf does not search the multiarch include dir where asm/types.h lives.
C_INCLUDE_PATH=/usr/include/$(gcc -dumpmachine) make -s -C "$ref" O="$O" >&2
jar="$top/server/target/xsfu-server-0.1.0-SNAPSHOT.jar"
[ -f "$jar" ] || (cd "$top" && mvn -B -q package -DskipTests)

sfu=xsfu-bench-sfu-$$ cli=xsfu-bench-cli-$$
cleanup() { ip netns del "$sfu" 2>/dev/null || true; ip netns del "$cli" 2>/dev/null || true; }
forget_counters() { rm -rf "/dev/shm/xsfu-bench-$$"; }
trap 'cleanup; forget_counters' EXIT
trap 'exit 130' INT TERM

topology() {
  cleanup
  ip netns add "$sfu"; ip netns add "$cli"
  ip link add xsb0 netns "$sfu" type veth peer name xsc0 netns "$cli"
  ip -n "$sfu" addr add 10.201.0.1/24 dev xsb0; ip -n "$cli" addr add 10.201.0.2/24 dev xsc0
  for ns in "$sfu" "$cli"; do ip -n "$ns" link set lo up; done
  ip -n "$sfu" link set xsb0 up; ip -n "$cli" link set xsc0 up
  local m1 m2
  m1=$(ip -n "$sfu" -br link show xsb0 | awk '{print $3}'); m2=$(ip -n "$cli" -br link show xsc0 | awk '{print $3}')
  ip -n "$sfu" neigh add 10.201.0.2 lladdr "$m2" dev xsb0; ip -n "$cli" neigh add 10.201.0.1 lladdr "$m1" dev xsc0
  ip netns exec "$cli" ip link set dev xsc0 xdp obj "$O/sink.bpf.o" sec xdp
}
# The sink's counter map, found through the program attached to our client veth (map names are global:
# a dump by name would also see maps of topologies still being torn down).
sink_count() {
  local prog map
  prog=$(ip -n "$cli" -j -d link show xsc0 | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["xdp"]["prog"]["id"])')
  map=$(bpftool -j prog show id "$prog" | python3 -c 'import json,sys; print(json.load(sys.stdin)["map_ids"][0])')
  bpftool -j map dump id "$map" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(sum(v["value"] for e in d for v in e["formatted"]["values"]))'
}
# ref.sh reads its sink by map name: wait until no other map of that name is left from a torn-down run.
await_no_sink_maps() {
  for _ in $(seq 1 100); do [ -z "$(bpftool map show name cnt 2>/dev/null)" ] && return 0; sleep 0.1; done
  echo "warning: a sink map named cnt is still present; the reference reading may fail" >&2
}

config() { # fanout backend -> JSON on stdout: comedia publishers on 40000 (measured) and 40099 (warm-up),
           # FANOUT subscribers at 10.201.0.2:50000+j
  local fan=$1 backend=$2 j subs=""
  # The flood's RTP (SSRC 0x11111111, PT 96) declared as audio: its payload is no codec, and audio needs
  # no keyframe before a consumer starts.
  local producer='{ "id": "flood", "kind": "audio", "codec": "opus", "payloadType": 96, "ssrc": 286331153 }'
  for ((j = 0; j < fan; j++)); do
    subs+=", {\"id\": \"s$j\", \"port\": $((40001 + j)), \"remote\": {\"address\": \"10.201.0.2\", \"port\": $((50000 + j))}, \"send\": false}"
  done
  cat <<JSON
{ "media": { "interface": "xsb0", "addresses": ["10.201.0.1"], "portMin": 40000, "portMax": 40099 },
  "backend": "$backend",
  "agent": { "idleStrategy": "busy-spin", "batchSize": 64 },
  "counters": { "directory": "/dev/shm/xsfu-bench-$$" },
  "rooms": [ { "id": "bench", "participants": [
    { "id": "pub", "port": 40000, "remote": { "comedia": true }, "receive": false, "producers": [ $producer ] },
    { "id": "warmup", "port": 40099, "remote": { "comedia": true }, "receive": false, "producers": [ $producer ] }$subs ] } ] }
JSON
}

run_xsfu() { # backend fanout -> "offered sink_pps"
  local backend=$1 fan=$2 cfg log pid r0 r1 offered
  topology
  cfg=$(mktemp /tmp/xsfu-bench-XXXX.json); log=$(mktemp /tmp/xsfu-bench-XXXX.log)
  config "$fan" "$backend" >"$cfg"
  ip netns exec "$sfu" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
    --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -XX:+UseZGC -Xlog:disable \
    -cp "$jar:$top/server/target/lib/*" io.xsfu.server.Main serve --config "$cfg" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do grep -q 'xsfu: ready' "$log" && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
  grep -q 'xsfu: ready' "$log" || { cat "$log" >&2; echo "xsfu did not start" >&2; exit 1; }
  # Warm-up through a second publisher (each flood run has a new source port, and comedia keeps the
  # first one it learns): the JIT compiles the same hot path before the measured flood.
  ip netns exec "$cli" "$O/flood" 10.201.0.1 40099 2 "$len" >/dev/null
  r0=$(sink_count)
  offered=$(ip netns exec "$cli" "$O/flood" 10.201.0.1 40000 "$secs" "$len" | awk '{print $2}')
  r1=$(sink_count)
  kill -TERM $pid; wait $pid || true
  grep -E 'WARN|ERROR' "$log" >&2 || true
  rm -f "$cfg" "$log"
  echo "$offered $(( (r1 - r0) / secs ))"
}

run_ref() { # afxdp|sock fanout -> "offered sink_pps"
  local line
  cleanup; await_no_sink_maps
  line=$("$ref/ref.sh" "$1" "$2" "$secs" "$len")
  echo "$(sed -E 's/.*offered_pps=([0-9]+).*/\1/' <<<"$line") $(sed -E 's/.*sink_pps=([0-9]+).*/\1/' <<<"$line")"
}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$here/results/throughput-$stamp.json"
mkdir -p "$here/results"
rows=()
printf '%-8s %-14s %12s %12s %8s\n' fanout forwarder offered_pps sink_pps "vs C"
for fan in $fanouts; do
  for ((r = 0; r < runs; r++)); do
    declare -A got=()
    if [ $with_ref = 1 ]; then
      read -r o s <<<"$(run_ref afxdp "$fan")"; got[c-afxdp]="$o $s"
      read -r o s <<<"$(run_ref sock "$fan")"; got[c-socket]="$o $s"
    fi
    read -r o s <<<"$(run_xsfu afxdp "$fan")"; got[xsfu-afxdp]="$o $s"
    read -r o s <<<"$(run_xsfu socket "$fan")"; got[xsfu-socket]="$o $s"
    for k in c-afxdp c-socket xsfu-afxdp xsfu-socket; do
      [ -n "${got[$k]:-}" ] || continue
      read -r o s <<<"${got[$k]}"
      base=c-afxdp; [ "${k#*-}" = socket ] && base=c-socket
      ratio="-"; [ -n "${got[$base]:-}" ] && ratio=$(awk -v a="$s" -v b="$(cut -d' ' -f2 <<<"${got[$base]}")" 'BEGIN{ if (b > 0) printf "%.2f", a / b; else print "-" }')
      printf '%-8s %-14s %12s %12s %8s\n' "$fan" "$k" "$o" "$s" "$ratio"
      rows+=("{\"fanout\": $fan, \"run\": $r, \"forwarder\": \"$k\", \"offered_pps\": $o, \"sink_pps\": $s, \"ratio_to_c_same_kind\": \"$ratio\"}")
    done
    unset got
  done
done
{ echo "{ \"timestamp\": \"$stamp\", \"payload\": $len, \"seconds\": $secs, \"kernel\": \"$(uname -r)\", \"cpus\": $(nproc), \"results\": ["
  (IFS=,; echo "${rows[*]}" | sed 's/},{/},\n  {/g')
  echo "] }"; } >"$out"
echo "results: $out"
