#!/usr/bin/env bash
# A JFR profile of Telltale under one bench load: where the CPU and the allocations go.
#
#   bench/profile.sh [small|storm|close] [--warmup S] [--duration S] [--top N]
#
# Starts the backend and one Telltale (same set-up as run.sh: pinned to PROXY_CORE, JVM flags
# $TELLTALE_JAVA_OPTS), runs wrk -c32 for warm-up + duration seconds and records JFR
# (settings=profile) for the last DURATION seconds. Prints the top N methods by CPU samples
# (self, and with callees), and by sampled allocation weight, then keeps the recording as
# bench/results/profile-SCENARIO.jfr (`python3 "$BENCH_DIR/jfr_top.py" "$JFR" "$TOP"
log "recording kept: $JFR"
