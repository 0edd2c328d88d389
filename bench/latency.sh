#!/bin/bash
# Latency benchmark: one-way latency and loss of RTP through xsfu (afxdp and socket backends) and through the
# C reference forwarders of ../shared/reference/afxdp-ref, at fixed packet rates, on run.sh's topology (two
# namespaces joined by a veth, static neighbours, no default route).
#   bench/latency.sh [--fanouts "1 4"] [--rates 10000,50000,100000] [--seconds 5] [--warmup 3] [--payload 200]
#                    [--runs N] [--forwarders "c-afxdp c-socket xsfu-afxdp xsfu-socket"] [--no-ref] [--no-floor]
#                    [--server-cpu 0] [--probe-cpu 1] [--idle busy-spin|backoff] [--await-idle SECONDS]
#                    [--pin-threads all|agent]
# Measuring side: io.xsfu.bench.latency.LatencyProbe in the client namespace, one thread that sends at the
# fixed rate and busy-polls kernel UDP sockets (one per subscriber port) for the copies, its JVM pinned with
# taskset to --probe-cpu; the forwarder (every thread of the xsfu JVM, or the C process) is pinned to
# --server-cpu. The "floor" row is the probe sending to itself over the client's loopback: the measuring
# side's own cost. With --runs N every forwarder is measured N times, interleaved (shared machines drift), and
# the table shows medians over the runs. Before each measurement the script waits (up to --await-idle seconds,
# default 60) for the machine to be idle: other tenants' load is the main source of noise on a shared machine.
# Prints a table and writes bench/results/latency-<timestamp>.json. See bench/README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
ref=${XSFU_REF:-$(cd "$top/.." && pwd)/shared/reference/afxdp-ref}
fanouts="1 4" rates=10000,50000,100000 secs=5 warmup=3 len=200 runs=1 with_floor=1 server_cpu=0 probe_cpu=1 idle=busy-spin
await_idle=60 pin_threads=all
forwarders="c-afxdp c-socket xsfu-afxdp xsfu-socket"
while [ $# -gt 0 ]; do
  case "$1" in
    --fanouts) fanouts=$2; shift 2 ;;
    --rates) rates=$2; shift 2 ;;
    --seconds) secs=$2; shift 2 ;;
    --warmup) warmup=$2; shift 2 ;;
    --payload) len=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --forwarders) forwarders=$2; shift 2 ;;
    --no-ref) forwarders=$(tr ' ' '\n' <<<"$forwarders" | grep -v '^c-' | tr '\n' ' '); shift ;;
    --no-floor) with_floor=0; shift ;;
    --server-cpu) server_cpu=$2; shift 2 ;;
    --probe-cpu) probe_cpu=$2; shift 2 ;;
    --idle) idle=$2; shift 2 ;;
    --await-idle) await_idle=$2; shift 2 ;;
    --pin-threads) pin_threads=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
export JAVA_HOME=${XSFU_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
# The server's flags are the launcher's (./xsfu java_); the probe allocates nothing per packet and runs on one
# core, where concurrent GC threads would only compete with it: Serial GC, fixed heap.
JAVA_FLAGS=(--enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -XX:+UseZGC -Xlog:disable)
PROBE_FLAGS=(--enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xms256m -Xmx256m -XX:+AlwaysPreTouch -Xlog:disable)
O=${AFXDP_REF_BUILD:-/tmp/xsfu-afxdp-ref}
if grep -q 'c-' <<<"$forwarders"; then
  [ -d "$ref" ] || { echo "reference not found at $ref (set XSFU_REF, or --no-ref)" >&2; exit 1; }
  C_INCLUDE_PATH=/usr/include/$(gcc -dumpmachine) make -s -C "$ref" O="$O" >&2
fi
server_jar="$top/server/target/xsfu-server-0.1.0-SNAPSHOT.jar"
bench_jar="$here/target/xsfu-bench-0.1.0-SNAPSHOT.jar"
[ -f "$server_jar" ] && [ -f "$bench_jar" ] || (cd "$top" && JAVA_HOME=$JAVA_HOME mvn -B -q package -DskipTests)

sfu=xsfu-bench-lsfu-$$ cli=xsfu-bench-lcli-$$
server_pid="" tmp=$(mktemp -d /tmp/xsfu-latency-XXXX)
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
cleanup() {
  stop_server
  ip netns del "$sfu" 2>/dev/null || true; ip netns del "$cli" 2>/dev/null || true
  rm -rf "$tmp" "/dev/shm/xsfu-bench-$$"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

topology() {
  ip netns del "$sfu" 2>/dev/null || true; ip netns del "$cli" 2>/dev/null || true
  ip netns add "$sfu"; ip netns add "$cli"
  ip link add xsb0 netns "$sfu" type veth peer name xsc0 netns "$cli"
  ip -n "$sfu" addr add 10.201.0.1/24 dev xsb0; ip -n "$cli" addr add 10.201.0.2/24 dev xsc0
  for ns in "$sfu" "$cli"; do ip -n "$ns" link set lo up; done
  ip -n "$sfu" link set xsb0 up; ip -n "$cli" link set xsc0 up
  local m1 m2
  m1=$(ip -n "$sfu" -br link show xsb0 | awk '{print $3}'); m2=$(ip -n "$cli" -br link show xsc0 | awk '{print $3}')
  ip -n "$sfu" neigh add 10.201.0.2 lladdr "$m2" dev xsb0; ip -n "$cli" neigh add 10.201.0.1 lladdr "$m1" dev xsc0
}

config() { # fanout backend -> JSON: a comedia publisher on 40000, FANOUT subscribers at 10.201.0.2:50000+j
  local fan=$1 backend=$2 j subs=""
  for ((j = 0; j < fan; j++)); do
    subs+=", {\"id\": \"s$j\", \"port\": $((40001 + j)), \"remote\": {\"address\": \"10.201.0.2\", \"port\": $((50000 + j))}, \"send\": false}"
  done
  cat <<JSON
{ "media": { "interface": "xsb0", "addresses": ["10.201.0.1"], "portMin": 40000, "portMax": 40099 },
  "backend": "$backend",
  "agent": { "idleStrategy": "$idle", "batchSize": 64 },
  "counters": { "directory": "/dev/shm/xsfu-bench-$$" },
  "rooms": [ { "id": "bench", "participants": [
    { "id": "pub", "port": 40000, "remote": { "comedia": true }, "receive": false }$subs ] } ] }
JSON
}

# How long a C forwarder must live: warm-up, every phase with its grace period, and start-up slack.
ref_seconds() { awk -v w="$warmup" -v s="$secs" -v n="$(tr ',' '\n' <<<"$rates" | wc -l)" 'BEGIN { printf "%d", w + n * (s + 0.5) + 8 }'; }

probe() { # label fanout [extra probe options] -> JSON lines on stdout, with the forwarder's CPU share added
  local label=$1 fan=$2; shift 2
  local t0 c0 t1 c1 share
  t0=$(date +%s%N); c0=$(cpu_ticks)
  ip netns exec "$cli" taskset -c "$probe_cpu" "$JAVA_HOME/bin/java" "${PROBE_FLAGS[@]}" \
    -cp "$bench_jar:$here/target/lib/*" io.xsfu.bench.latency.LatencyProbe --label "$label" --fanout "$fan" \
    --rates "$rates" --seconds "$secs" --warmup "$warmup" --payload "$len" "$@" >"$tmp/probe.out"
  t1=$(date +%s%N); c1=$(cpu_ticks)
  share=$(awk -v c="$((c1 - c0))" -v t="$((t1 - t0))" -v hz="$(getconf CLK_TCK)" 'BEGIN { x = t > 0 ? c / hz / (t / 1e9) : 0; printf "%.2f", x }')
  [ -n "$server_pid" ] || share=null
  sed "s/}\$/, \"forwarder_cpu_share\": $share}/" "$tmp/probe.out"
}

# CPU time (clock ticks) used so far by every thread of the forwarder; a busy-polling forwarder that has its
# core to itself uses one CPU-second per second: less means something else ran on its core.
cpu_ticks() {
  [ -n "$server_pid" ] || { echo 0; return; }
  cat /proc/"$server_pid"/task/*/stat 2>/dev/null | awk '{ s += $14 + $15 } END { print s + 0 }'
}

run_xsfu() { # backend fanout
  local backend=$1 fan=$2 log="$tmp/server.log"
  topology
  config "$fan" "$backend" >"$tmp/config.json"
  ip netns exec "$sfu" "$JAVA_HOME/bin/java" "${JAVA_FLAGS[@]}" -cp "$server_jar:$top/server/target/lib/*" \
    io.xsfu.server.Main serve --config "$tmp/config.json" >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 300); do grep -qs 'xsfu: ready' "$log" && break; kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
  grep -q 'xsfu: ready' "$log" || { cat "$log" >&2; echo "xsfu did not start" >&2; exit 1; }
  # all: every thread of the server (the agent among them) onto its core; threads started later inherit it.
  # agent: the forwarding agent alone on the server's core, the server's other threads on the probe's.
  if [ "$pin_threads" = agent ]; then
    taskset -a -p -c "$probe_cpu" "$server_pid" >/dev/null
    local tid
    for tid in $(grep -l '^xsfu-forwarder' /proc/"$server_pid"/task/*/comm | cut -d/ -f5); do
      taskset -p -c "$server_cpu" "$tid" >/dev/null
    done
  else
    taskset -a -p -c "$server_cpu" "$server_pid" >/dev/null
  fi
  probe "xsfu-$backend" "$fan" || echo "probe failed for xsfu-$backend fanout $fan" >&2
  stop_server
  grep -E 'WARN|ERROR' "$log" >&2 || true
}

run_ref() { # afxdp|socket fanout
  local kind=$1 fan=$2 log="$tmp/ref.log"
  topology
  case "$kind" in
    afxdp) ip netns exec "$sfu" taskset -c "$server_cpu" "$O/fwd" xsb0 "$O/steer.bpf.o" "$fan" "$(ref_seconds)" >"$log" 2>&1 & ;;
    socket) ip netns exec "$sfu" taskset -c "$server_cpu" "$O/sockfwd" "$fan" "$(ref_seconds)" >"$log" 2>&1 & ;;
  esac
  server_pid=$!
  if [ "$kind" = afxdp ]; then
    for _ in $(seq 1 100); do grep -qs "^ready" "$log" && break; kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    if ! grep -qs "^ready" "$log"; then
      local rc=0; kill -0 "$server_pid" 2>/dev/null || wait "$server_pid" || rc=$?
      cat "$log" >&2; echo "fwd did not start (exit status $rc)" >&2; exit 1
    fi
  else
    sleep 0.5
  fi
  probe "c-$kind" "$fan" || echo "probe failed for c-$kind fanout $fan" >&2
  stop_server
}

tagged() { sed "s/^{/{\"run\": $run, \"idle_pct_before\": $idle_pct, /"; }

# Waits until the CPUs were at least 90 % idle over one second (our own processes are stopped between
# measurements, so the load is someone else's), for at most --await-idle seconds; sets idle_pct.
idle_pct=100
wait_for_idle() {
  local deadline=$((SECONDS + await_idle)) a b
  while :; do
    read -ra a < <(head -1 /proc/stat); sleep 1; read -ra b < <(head -1 /proc/stat)
    local total=0 k
    for k in 1 2 3 4 5 6 7 8; do total=$((total + b[k] - a[k])); done
    idle_pct=$(( total > 0 ? (b[4] + b[5] - a[4] - a[5]) * 100 / total : 100 ))
    [ "$idle_pct" -ge 90 ] && return 0
    [ $SECONDS -ge $deadline ] && { echo "machine still busy (${idle_pct}% idle) after ${await_idle}s: measuring anyway" >&2; return 0; }
  done
}

stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="$here/results/latency-$stamp.json"
mkdir -p "$here/results"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
lines="$tmp/rows.jsonl"
: >"$lines"
for ((run = 0; run < runs; run++)); do
  if [ $with_floor = 1 ]; then
    wait_for_idle
    topology
    probe floor 1 --target 10.201.0.2:50000 >"$tmp/rows" || echo "probe failed for the floor" >&2
    tagged <"$tmp/rows" >>"$lines"
  fi
  for fan in $fanouts; do
    for f in $forwarders; do
      wait_for_idle
      case "$f" in
        c-afxdp) run_ref afxdp "$fan" >"$tmp/rows" ;;
        c-socket) run_ref socket "$fan" >"$tmp/rows" ;;
        xsfu-afxdp) run_xsfu afxdp "$fan" >"$tmp/rows" ;;
        xsfu-socket) run_xsfu socket "$fan" >"$tmp/rows" ;;
        *) echo "unknown forwarder $f" >&2; exit 2 ;;
      esac
      tagged <"$tmp/rows" >>"$lines"
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
python3 "$here/latency_report.py" "$lines" "$out" "$stamp" "$load_before" "$load_after" "$server_cpu" "$probe_cpu" \
  "$idle" "$len" "$secs" "$warmup" "$pin_threads"
