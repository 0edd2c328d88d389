#!/bin/bash
# JMH benchmarks of the hot path (ParseBenchmark, ForwardBenchmark), always with the allocation profiler.
#   bench/jmh.sh [JMH options...]     e.g. bench/jmh.sh -p fanout=16 ForwardBenchmark    or -f 3 -i 10
# Builds the project, runs JMH, prints a table (ns per packet and per copy, bytes allocated per packet) and
# writes bench/results/jmh-<timestamp>.json: machine notes, the summary rows and JMH's own JSON.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
export JAVA_HOME=${XSFU_JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
(cd "$top" && mvn -B -q -pl bench -am package -DskipTests)
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$here/results"
raw=$(mktemp /tmp/xsfu-jmh-XXXX.json)
trap 'rm -f "$raw"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
# -jvm: the forks must run on the same JDK 25, whatever `java` is first on the PATH of the caller.
"$JAVA_HOME/bin/java" -cp "$here/target/xsfu-bench-0.1.0-SNAPSHOT.jar:$here/target/lib/*" org.openjdk.jmh.Main \
  -jvm "$JAVA_HOME/bin/java" -prof gc -rf json -rff "$raw" "$@"
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
out="$here/results/jmh-$stamp.json"
python3 - "$raw" "$out" "$stamp" "$load_before" "$load_after" <<'PY'
import json, os, platform, sys
raw, out, stamp, before, after = sys.argv[1:6]
runs = json.load(open(raw))
rows = []
for r in runs:
    p = r.get("params", {})
    fan = int(p["fanout"]) if "fanout" in p else None
    pm, sec = r["primaryMetric"], r.get("secondaryMetrics", {})
    alloc = sec.get("gc.alloc.rate.norm", {}).get("score")
    rows.append({"benchmark": r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1],
                 "frame": p.get("frame"), "fanout": fan,
                 "ns_per_packet": round(pm["score"], 2), "error_ns": round(pm["scoreError"], 2) if pm["scoreError"] == pm["scoreError"] else None,
                 "ns_per_copy": round(pm["score"] / fan, 2) if fan else None,
                 "alloc_bytes_per_packet": round(alloc, 4) if alloc is not None else None})
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
doc = {"timestamp": stamp, "kernel": platform.release(), "cpus": os.cpu_count(), "cpu": cpu,
       "jvm": runs[0]["jvmArgs"] if runs else [], "jdk": runs[0].get("vmVersion") if runs else None,
       "loadavg_before": before, "loadavg_after": after, "results": rows, "jmh": runs}
json.dump(doc, open(out, "w"), indent=1)
print()
print(f"{'benchmark':<28} {'frame':<9} {'fanout':>6} {'ns/packet':>10} {'±':>7} {'ns/copy':>8} {'B/packet':>9}")
for x in rows:
    print(f"{x['benchmark']:<28} {x['frame'] or '-':<9} {x['fanout'] or '-':>6} {x['ns_per_packet']:>10.1f} "
          f"{x['error_ns'] if x['error_ns'] is not None else '-':>7} {x['ns_per_copy'] if x['ns_per_copy'] else '-':>8} "
          f"{x['alloc_bytes_per_packet']:>9.3f}")
print(f"load average before/after: {before} / {after}")
print(f"results: {out}")
PY
