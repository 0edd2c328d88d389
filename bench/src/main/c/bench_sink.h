// Shared between bench_sink.bpf.c and io.xsfu.bench.sink.SinkStats (which checks the constants in a test).
#ifndef BENCH_SINK_H
#define BENCH_SINK_H

#define SUB_BITS 6
#define SUB_COUNT (1 << SUB_BITS)
// Latencies up to 2^35 ns (34 s); anything longer lands in the last bucket.
#define MAX_EXPONENT 34
#define BUCKETS (2 * SUB_COUNT + (MAX_EXPONENT - SUB_BITS) * SUB_COUNT)
#define SUBSCRIBER_PORT_MIN 50000
#define SUBSCRIBER_PORT_MAX 50999
#define MAX_EXTENSION_WORDS 64
// The load generator's stamp at the start of the RTP payload: magic, then the send time (big-endian ns).
#define STAMP_MAGIC 0x78736662 /* "xsfb" */
#define MAGIC_OFFSET 0
#define SENT_NANOS_OFFSET 4
#define STAMP_LENGTH 12
// SRTP scenarios: the payload is encrypted, so the same stamp is the first element of a one-byte-header
// extension block (RFC 8285; SRTP leaves header extensions in clear): profile 0xBEDE, then id and length - 1.
#define EXTENSION_PROFILE 0xBEDE
#define STAMP_EXTENSION_ID 1
#define STAMP_ELEMENT ((STAMP_EXTENSION_ID << 4) | (STAMP_LENGTH - 1))

struct sink_stats {
    __u64 copies;
    __u64 bytes;
    __u64 other;
    __u64 unstamped;
    __u64 buckets[BUCKETS];
};

#endif
