#!/bin/bash
# The forwarding benchmark: xsfu (AF_XDP and socket backends), the C reference forwarders of
# ../shared/reference/afxdp-ref and Janus, in the same run, on the reference's topology, with the bench's own
# RTP load generator and XDP sink (io.xsfu.bench.scenario.BenchMain). Then the JMH micro-benchmarks.
#   bench/run.sh                 everything: fan-out 1/4/16/64 and 8 publishers x 8, 200 and 1200 bytes, then JMH
#   bench/run.sh --quick         fan-out 4/16 and 8x8, 200 bytes, short phases, no JMH (~3 min)
#   bench/run.sh [--no-jmh] [scenario options: --fanouts 1,4 --payloads 200 --multi 8x8|none
#                --forwarders xsfu-afxdp,xsfu-socket,c-afxdp,c-socket,janus --warmup S --seconds S
#                --latency-seconds S --server-cpu N --load-cpu N --await-idle S]
# Prints a Markdown table and writes bench/results/scenarios-<timestamp>.{json,md,png}. See bench/README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
ref=${XSFU_REF:-$(cd "$top/.." && pwd)/shared/reference/afxdp-ref}
export JAVA_HOME=${XSFU_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
O=${AFXDP_REF_BUILD:-/tmp/xsfu-afxdp-ref}
jmh=1 args=()
for a in "$@"; do
  case "$a" in
    --no-jmh) jmh=0 ;;
    --quick) jmh=0; args+=("$a") ;;
    *) args+=("$a") ;;
  esac
done
[ "$(id -u)" -eq 0 ] || { echo "bench/run.sh must run as root (namespaces, XDP, AF_XDP)" >&2; exit 1; }

# Janus, the peer SFU, is a Debian package; the scenarios skip it (and say so) if it cannot be installed.
if ! command -v janus >/dev/null || ! command -v curl >/dev/null; then
  echo "bench: installing janus and curl" >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q janus curl >&2 \
    || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q janus curl >&2; } \
    || echo "bench: janus could not be installed; its rows will say skipped" >&2
fi
if [ -d "$ref" ]; then
  # clang -target bpf does not search the multiarch include dir where asm/types.h lives.
  C_INCLUDE_PATH=/usr/include/$(gcc -dumpmachine) make -s -C "$ref" O="$O" >&2
else
  echo "bench: reference not found at $ref (set XSFU_REF); the C rows will say skipped" >&2
fi
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf || true

jar="$here/target/xsfu-bench-0.1.0-SNAPSHOT.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$top" -path '*/target' -prune -o \( -name '*.java' -o -name '*.c' -o -name '*.h' -o -name 'pom.xml' \) -newer "$jar" -print -quit)" ]; then
  echo "bench: building (mvn package)" >&2
  (cd "$top" && mvn -B -q -pl bench -am package -DskipTests >&2)
fi

cd "$top"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-exports java.base/jdk.internal.misc=ALL-UNNAMED \
  -XX:+UseZGC -Xlog:disable -Djava.awt.headless=true -cp "$jar:$here/target/lib/*" io.xsfu.bench.scenario.BenchMain \
  --out "$here/results" --ref-build "$O" "${args[@]}"
if [ $jmh = 1 ]; then
  "$here/jmh.sh"
fi
