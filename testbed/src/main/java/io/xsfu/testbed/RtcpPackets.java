package io.xsfu.testbed;

import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds and reads RTCP (RFC 3550 §6, feedback from RFC 4585 and RFC 5104) in plain byte arrays: the feedback a test
 * sends in the role of an SFU (PLI, FIR, NACK) and the reports it checks (SR, RR). Like {@link RtpPackets},
 * independent of the dataplane's flyweights so that tests do not check the SFU against itself.
 */
public final class RtcpPackets {
    public static final int SR = 200;
    public static final int RR = 201;
    public static final int SDES = 202;
    public static final int BYE = 203;
    /** Transport-layer feedback (RFC 4585): FMT 1 is the generic NACK. */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585): FMT 1 is PLI, FMT 4 is FIR (RFC 5104). */
    public static final int PSFB = 206;
    public static final int FMT_NACK = 1;
    public static final int FMT_PLI = 1;
    public static final int FMT_FIR = 4;
    /** Seconds from the NTP epoch (1900) to the Unix epoch (1970). */
    public static final long NTP_UNIX_OFFSET_SECONDS = 2_208_988_800L;

    private static final int HEADER_LENGTH = 4;
    private static final int REPORT_BLOCK_LENGTH = 24;

    private RtcpPackets() {
    }

    /** One packet of a compound: its type, its count/FMT field, and where its bytes are. */
    public record Packet(int type, int countOrFormat, byte[] bytes) {
        /** The SSRC of the sender (bytes 4..7), which every packet type used here starts with. */
        public long senderSsrc() {
            return Bytes.getInt(bytes, 4) & 0xffffffffL;
        }
    }

    /** A sender report's sender info (RFC 3550 §6.4.1); {@code ntp} is the 64-bit NTP timestamp. */
    public record SenderReport(long ssrc, long ntp, long rtpTimestamp, long packetCount, long octetCount,
                               List<ReportBlock> blocks) {
        /** The NTP timestamp as a point in time (NTP counts from 1900, fractions of 2^-32 s). */
        public Instant ntpInstant() {
            return RtcpPackets.instant(ntp);
        }
    }

    /** A report block of an SR or RR (RFC 3550 §6.4.1): what the reporter saw of one source. */
    public record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long extendedHighestSequence,
                              long jitter, long lastSr, long delaySinceLastSr) {
    }

    /** A feedback message (RFC 4585 §6.1): its type and FMT, sender, media source and the FCI bytes. */
    public record Feedback(int type, int format, long senderSsrc, long mediaSsrc, byte[] fci) {
        public boolean isPli() {
            return type == PSFB && format == FMT_PLI;
        }

        public boolean isFir() {
            return type == PSFB && format == FMT_FIR;
        }

        public boolean isNack() {
            return type == RTPFB && format == FMT_NACK;
        }

        /** The sequence numbers a generic NACK asks for (each FCI: a PID and a bitmask of the 16 after it). */
        public List<Integer> nackedSequences() {
            if (!isNack()) {
                return List.of();
            }
            List<Integer> seqs = new ArrayList<>();
            for (int i = 0; i + 4 <= fci.length; i += 4) {
                int pid = Bytes.getShort(fci, i);
                int blp = Bytes.getShort(fci, i + 2);
                seqs.add(pid);
                for (int bit = 0; bit < 16; bit++) {
                    if ((blp & (1 << bit)) != 0) {
                        seqs.add((pid + bit + 1) & 0xffff);
                    }
                }
            }
            return seqs;
        }
    }

    /**
     * Whether a datagram on a port that multiplexes RTP and RTCP is RTCP: version 2 and a second byte in 192..223,
     * the range RFC 5761 §4 reserves so that the two can be told apart.
     */
    public static boolean isRtcp(byte[] p) {
        return p.length >= 8 && (p[0] & 0xc0) == 0x80 && (p[1] & 0xff) >= 192 && (p[1] & 0xff) <= 223;
    }

    /** A receiver report without report blocks: the first packet a compound of pure feedback needs. */
    public static byte[] receiverReport(long senderSsrc) {
        byte[] p = header(RR, 0, 8);
        Bytes.putInt(p, 4, (int) senderSsrc);
        return p;
    }

    /** A sender report without report blocks. */
    public static byte[] senderReport(long ssrc, long ntp, long rtpTimestamp, long packetCount, long octetCount) {
        byte[] p = header(SR, 0, 28);
        Bytes.putInt(p, 4, (int) ssrc);
        Bytes.putInt(p, 8, (int) (ntp >>> 32));
        Bytes.putInt(p, 12, (int) ntp);
        Bytes.putInt(p, 16, (int) rtpTimestamp);
        Bytes.putInt(p, 20, (int) packetCount);
        Bytes.putInt(p, 24, (int) octetCount);
        return p;
    }

    /** The 64-bit NTP timestamp of a point in time. */
    public static long ntp(Instant t) {
        long seconds = t.getEpochSecond() + NTP_UNIX_OFFSET_SECONDS;
        long fraction = ((long) t.getNano() << 32) / 1_000_000_000L;
        return seconds << 32 | fraction;
    }

    /** The point in time of a 64-bit NTP timestamp (NTP counts from 1900 in fractions of 2^-32 s). */
    public static Instant instant(long ntp) {
        long seconds = (ntp >>> 32) - NTP_UNIX_OFFSET_SECONDS;
        long nanos = ((ntp & 0xffffffffL) * 1_000_000_000L) >>> 32;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    /** Picture loss indication about {@code mediaSsrc}. */
    public static byte[] pli(long senderSsrc, long mediaSsrc) {
        return feedback(PSFB, FMT_PLI, senderSsrc, mediaSsrc, new byte[0]);
    }

    /** Full intra request (RFC 5104 §4.3.1): media SSRC field 0, the target in the FCI with a sequence number. */
    public static byte[] fir(long senderSsrc, long mediaSsrc, int sequence) {
        byte[] fci = new byte[8];
        Bytes.putInt(fci, 0, (int) mediaSsrc);
        fci[4] = (byte) sequence;
        return feedback(PSFB, FMT_FIR, senderSsrc, 0, fci);
    }

    /** Generic NACK for {@code pid} and, per set bit i of {@code blp}, for pid + i + 1. */
    public static byte[] nack(long senderSsrc, long mediaSsrc, int pid, int blp) {
        byte[] fci = new byte[4];
        Bytes.putShort(fci, 0, pid);
        Bytes.putShort(fci, 2, blp);
        return feedback(RTPFB, FMT_NACK, senderSsrc, mediaSsrc, fci);
    }

    /** Packets concatenated into one compound datagram. */
    public static byte[] compound(byte[]... packets) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : packets) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /**
     * The packets of a compound (or reduced-size) datagram. Throws {@link IllegalArgumentException} when a header
     * is not version 2 or a length field runs past the end: what arrived is then not RTCP.
     */
    public static List<Packet> split(byte[] datagram) {
        List<Packet> packets = new ArrayList<>();
        int offset = 0;
        while (offset < datagram.length) {
            if (datagram.length - offset < HEADER_LENGTH || (datagram[offset] & 0xc0) != 0x80) {
                throw new IllegalArgumentException("not an RTCP packet at offset " + offset);
            }
            int length = (Bytes.getShort(datagram, offset + 2) + 1) * 4;
            if (offset + length > datagram.length) {
                throw new IllegalArgumentException("RTCP length " + length + " at offset " + offset + " exceeds "
                        + datagram.length + " bytes");
            }
            packets.add(new Packet(datagram[offset + 1] & 0xff, datagram[offset] & 0x1f,
                    Arrays.copyOfRange(datagram, offset, offset + length)));
            offset += length;
        }
        return packets;
    }

    /** The sender reports in a datagram (usually one, first). */
    public static List<SenderReport> senderReports(byte[] datagram) {
        List<SenderReport> srs = new ArrayList<>();
        for (Packet p : split(datagram)) {
            if (p.type() == SR && p.bytes().length >= 28) {
                byte[] b = p.bytes();
                long ntp = (Bytes.getInt(b, 8) & 0xffffffffL) << 32 | (Bytes.getInt(b, 12) & 0xffffffffL);
                srs.add(new SenderReport(p.senderSsrc(), ntp, Bytes.getInt(b, 16) & 0xffffffffL,
                        Bytes.getInt(b, 20) & 0xffffffffL, Bytes.getInt(b, 24) & 0xffffffffL,
                        reportBlocks(b, 28, p.countOrFormat())));
            }
        }
        return srs;
    }

    /** The report blocks of every RR in a datagram. */
    public static List<ReportBlock> receiverReportBlocks(byte[] datagram) {
        List<ReportBlock> blocks = new ArrayList<>();
        for (Packet p : split(datagram)) {
            if (p.type() == RR) {
                blocks.addAll(reportBlocks(p.bytes(), 8, p.countOrFormat()));
            }
        }
        return blocks;
    }

    /** The feedback messages (RTPFB and PSFB) in a datagram. */
    public static List<Feedback> feedback(byte[] datagram) {
        List<Feedback> fbs = new ArrayList<>();
        for (Packet p : split(datagram)) {
            if ((p.type() == RTPFB || p.type() == PSFB) && p.bytes().length >= 12) {
                byte[] b = p.bytes();
                fbs.add(new Feedback(p.type(), p.countOrFormat(), p.senderSsrc(), Bytes.getInt(b, 8) & 0xffffffffL,
                        Arrays.copyOfRange(b, 12, b.length)));
            }
        }
        return fbs;
    }

    private static List<ReportBlock> reportBlocks(byte[] b, int start, int count) {
        List<ReportBlock> blocks = new ArrayList<>();
        for (int i = 0; i < count && start + (i + 1) * REPORT_BLOCK_LENGTH <= b.length; i++) {
            int o = start + i * REPORT_BLOCK_LENGTH;
            // Cumulative lost is a signed 24-bit field: duplicates can make it negative.
            int cumulative = (Bytes.getInt(b, o + 4) << 8) >> 8;
            blocks.add(new ReportBlock(Bytes.getInt(b, o) & 0xffffffffL, b[o + 4] & 0xff, cumulative,
                    Bytes.getInt(b, o + 8) & 0xffffffffL, Bytes.getInt(b, o + 12) & 0xffffffffL,
                    Bytes.getInt(b, o + 16) & 0xffffffffL, Bytes.getInt(b, o + 20) & 0xffffffffL));
        }
        return blocks;
    }

    private static byte[] feedback(int type, int format, long senderSsrc, long mediaSsrc, byte[] fci) {
        byte[] p = header(type, format, 12 + fci.length);
        Bytes.putInt(p, 4, (int) senderSsrc);
        Bytes.putInt(p, 8, (int) mediaSsrc);
        System.arraycopy(fci, 0, p, 12, fci.length);
        return p;
    }

    private static byte[] header(int type, int countOrFormat, int length) {
        if (length % 4 != 0) {
            throw new IllegalArgumentException("RTCP packets are whole 32-bit words: " + length);
        }
        byte[] p = new byte[length];
        p[0] = (byte) (0x80 | (countOrFormat & 0x1f));
        p[1] = (byte) type;
        Bytes.putShort(p, 2, length / 4 - 1);
        return p;
    }
}
