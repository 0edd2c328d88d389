package io.xsfu.server.demo;

/** Averages over the demo's media period. */
record Summary(long rxPps, long txPps, long drops) {
}
