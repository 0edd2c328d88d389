package io.xsfu.testbed;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records the RTP and RTCP arriving at one UDP port of a client (an AF_PACKET capture on its interface, so the
 * client's own socket is untouched), each datagram with its wall-clock arrival time. What a test of RTCP
 * translation needs: the sender reports a subscriber receives and the RTP timestamps of the media beside them, to
 * check that an SR's NTP/RTP pair uses the media's (rewritten) timestamp clock with the right offset.
 */
public final class RtpCapture implements AutoCloseable {
    private static final int ETHERTYPE_IPV4 = 0x0800;
    private static final int ETHERTYPE_IPV6 = 0x86dd;
    private static final int IPPROTO_UDP = 17;
    private static final int ETH_HEADER = 14;
    private static final int IPV6_HEADER = 40;
    private static final int UDP_HEADER = 8;

    /** One datagram's UDP payload and arrival time. */
    public record Datagram(Instant arrival, byte[] payload) {
        public boolean isRtcp() {
            return RtcpPackets.isRtcp(payload);
        }
    }

    /** An RTP packet's header fields with its arrival time. */
    public record RtpArrival(Instant arrival, long ssrc, int payloadType, int sequence, long timestamp,
                             boolean marker) {
    }

    /** A sender report with its arrival time. */
    public record SenderReportArrival(Instant arrival, RtcpPackets.SenderReport report) {
    }

    private final PacketCapture capture;
    private final int port;

    private RtpCapture(PacketCapture capture, int port) {
        this.capture = capture;
        this.port = port;
    }

    /** Starts capturing UDP datagrams to {@code port} arriving on {@code ifName} in {@code ns} (IPv4 and IPv6). */
    public static RtpCapture start(Netns ns, String ifName, int port) {
        return new RtpCapture(PacketCapture.start(ns, ifName, toPort(port)), port);
    }

    private static Predicate<byte[]> toPort(int port) {
        return f -> {
            int udp = udpOffset(f);
            return udp >= 0 && Bytes.getShort(f, udp + 2) == port;
        };
    }

    /** Offset of the UDP header in an Ethernet frame, or -1 if the frame is not UDP over IPv4/IPv6 (no options). */
    static int udpOffset(byte[] f) {
        if (f.length < ETH_HEADER + 1) {
            return -1;
        }
        int type = Bytes.getShort(f, 12);
        if (type == ETHERTYPE_IPV4) {
            int ihl = (f[ETH_HEADER] & 0x0f) * 4;
            int udp = ETH_HEADER + ihl;
            return ihl >= 20 && f.length >= udp + UDP_HEADER && (f[ETH_HEADER + 9] & 0xff) == IPPROTO_UDP ? udp : -1;
        }
        if (type == ETHERTYPE_IPV6) {
            int udp = ETH_HEADER + IPV6_HEADER;
            return f.length >= udp + UDP_HEADER && (f[ETH_HEADER + 6] & 0xff) == IPPROTO_UDP ? udp : -1;
        }
        return -1;
    }

    public int port() {
        return port;
    }

    /** Every captured datagram in arrival order. */
    public List<Datagram> datagrams() {
        List<Datagram> out = new ArrayList<>();
        for (PacketCapture.Frame f : capture.timedFrames()) {
            int udp = udpOffset(f.bytes());
            int length = Math.min(Bytes.getShort(f.bytes(), udp + 4), f.bytes().length - udp);
            out.add(new Datagram(f.arrival(), Arrays.copyOfRange(f.bytes(), udp + UDP_HEADER, udp + length)));
        }
        return out;
    }

    /** The RTP packets of one SSRC, in arrival order. */
    public List<RtpArrival> rtp(long ssrc) {
        return rtp().stream().filter(p -> p.ssrc() == ssrc).toList();
    }

    /** Every RTP packet, in arrival order. */
    public List<RtpArrival> rtp() {
        List<RtpArrival> out = new ArrayList<>();
        for (Datagram d : datagrams()) {
            byte[] p = d.payload();
            if (!d.isRtcp() && RtpPackets.isRtpVersion2(p)) {
                out.add(new RtpArrival(d.arrival(), RtpPackets.ssrc(p), RtpPackets.payloadType(p),
                        RtpPackets.sequence(p), RtpPackets.timestamp(p), RtpPackets.marker(p)));
            }
        }
        return out;
    }

    /** Every sender report received, in arrival order (malformed RTCP is skipped). */
    public List<SenderReportArrival> senderReports() {
        List<SenderReportArrival> out = new ArrayList<>();
        for (Datagram d : datagrams()) {
            if (d.isRtcp()) {
                try {
                    for (RtcpPackets.SenderReport sr : RtcpPackets.senderReports(d.payload())) {
                        out.add(new SenderReportArrival(d.arrival(), sr));
                    }
                } catch (IllegalArgumentException e) {
                    // Not well-formed RTCP: a test that cares counts datagrams() itself.
                }
            }
        }
        return out;
    }

    /** The sender reports about one SSRC. */
    public List<SenderReportArrival> senderReports(long ssrc) {
        return senderReports().stream().filter(s -> s.report().ssrc() == ssrc).toList();
    }

    /** Waits until {@code n} sender reports about {@code ssrc} have arrived; false on timeout. */
    public boolean awaitSenderReports(long ssrc, int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (senderReports(ssrc).size() < n) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * How far each RTP packet's timestamp is from what the sender report predicts for its arrival time, in
     * milliseconds: timestamp - (sr.rtp + (arrival - sr.ntp) * clockRate). The SR maps a wall-clock time to the
     * media clock, so for packets sent as they are produced this is small (transit plus the sender's capture
     * latency, a few tens of ms) and the same for every SR; an SFU that rewrites timestamps without translating
     * the SR shows its offset here. Packets considered: those of {@code sr}'s SSRC arriving within {@code window}
     * of it. Timestamps wrap at 32 bits.
     */
    public List<Double> timestampErrorsMillis(SenderReportArrival sr, int clockRate, Duration window) {
        List<Double> errors = new ArrayList<>();
        Instant srTime = sr.report().ntpInstant();
        for (RtpArrival p : rtp(sr.report().ssrc())) {
            if (Duration.between(sr.arrival(), p.arrival()).abs().compareTo(window) > 0) {
                continue;
            }
            double elapsed = Duration.between(srTime, p.arrival()).toNanos() / 1e9;
            double predicted = sr.report().rtpTimestamp() + elapsed * clockRate;
            double diff = p.timestamp() - predicted;
            // Bring the difference into (-2^31, 2^31]: the 32-bit timestamp may have wrapped in between.
            diff = diff - Math.rint(diff / 4294967296.0) * 4294967296.0;
            errors.add(diff * 1000.0 / clockRate);
        }
        return errors;
    }

    /** The median of {@link #timestampErrorsMillis}; NaN when no packet fell in the window. */
    public double medianTimestampErrorMillis(SenderReportArrival sr, int clockRate, Duration window) {
        List<Double> e = new ArrayList<>(timestampErrorsMillis(sr, clockRate, window));
        if (e.isEmpty()) {
            return Double.NaN;
        }
        e.sort(null);
        return e.get(e.size() / 2);
    }

    @Override
    public void close() {
        capture.close();
    }
}
