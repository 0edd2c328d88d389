#!/bin/bash
# Compiles the bench's XDP sink and reflector with clang into the module's class output, so the jar carries the object file.
set -euo pipefail
out=${1:?output directory}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
clang -O2 -g -Wall -Werror -target bpf -I"$here" -I/usr/include/$(gcc -dumpmachine) \
  -c "$here/bench_sink.bpf.c" -o "$out/bench_sink.bpf.o"
clang -O2 -g -Wall -Werror -target bpf -I"$here" -I/usr/include/$(gcc -dumpmachine) \
  -c "$here/bench_reflect.bpf.c" -o "$out/bench_reflect.bpf.o"
