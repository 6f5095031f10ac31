#!/bin/sh
# An Evex exporter in one line of POSIX shell: messages arrive on stdin separated by NUL bytes;
# minified JSON never contains a raw newline, so turning each NUL into a newline gives NDJSON.
# Relative paths mean the runtime's working directory (EVEX_WORKDIR), not this script's folder.
case $1 in /*) out=$1 ;; *) out=${EVEX_WORKDIR:-.}/$1 ;; esac
mkdir -p "$(dirname "$out")" && exec tr '\000' '\n' >> "$out"
