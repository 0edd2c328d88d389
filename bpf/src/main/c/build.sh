#!/bin/bash
# Compiles the XDP program with clang into the module's class output, so the jar carries the object file.
set -euo pipefail
out=${1:?output directory}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
clang -O2 -g -Wall -Werror -target bpf -D__TARGET_ARCH_x86 -I"$here" -I/usr/include/$(gcc -dumpmachine) \
  -c "$here/xsfu_steer.bpf.c" -o "$out/xsfu_steer.bpf.o"
