package io.xsfu.webrtc.sdp;

import java.util.List;
import java.util.Optional;

/**
 * The H.264 profile a {@code profile-level-id} names (RFC 6184 §8.1, Table 5). Two payload formats are the same
 * if their profiles are: the level is a capability, not a format, and {@code profile_iop} bits such as
 * constraint_set1 turn Baseline into Constrained Baseline.
 */
enum H264Profile {
    CONSTRAINED_BASELINE,
    BASELINE,
    MAIN,
    EXTENDED,
    HIGH,
    CONSTRAINED_HIGH,
    HIGH_10,
    HIGH_422,
    HIGH_444;

    /** RFC 6184 §8.1: without the parameter, the stream is Baseline, level 1. */
    static final String DEFAULT_PROFILE_LEVEL_ID = "42000a";

    /** A row of RFC 6184 Table 5: profile_idc, and profile_iop as a bit pattern ({@code x}: either). */
    private record Row(int idc, String iop, H264Profile profile) {}

    /** In the table's order: the first matching row wins. */
    private static final List<Row> TABLE = List.of(
            new Row(0x42, "x1xx0000", CONSTRAINED_BASELINE),
            new Row(0x4D, "1xxx0000", CONSTRAINED_BASELINE),
            new Row(0x58, "11xx0000", CONSTRAINED_BASELINE),
            new Row(0x42, "x0xx0000", BASELINE),
            new Row(0x58, "10xx0000", BASELINE),
            new Row(0x4D, "0x0x0000", MAIN),
            new Row(0x58, "00xx0000", EXTENDED),
            new Row(0x64, "00000000", HIGH),
            new Row(0x64, "00001100", CONSTRAINED_HIGH),
            new Row(0x6E, "00000000", HIGH_10),
            new Row(0x7A, "00000000", HIGH_422),
            new Row(0xF4, "00000000", HIGH_444));

    /** The profile of a {@code profile-level-id} (6 hex digits), or empty if it is malformed or unknown. */
    static Optional<H264Profile> of(String profileLevelId) {
        if (profileLevelId == null || profileLevelId.length() != 6) {
            return Optional.empty();
        }
        int idc = hexByte(profileLevelId, 0);
        int iop = hexByte(profileLevelId, 2);
        if (idc < 0 || iop < 0 || hexByte(profileLevelId, 4) < 0) {
            return Optional.empty();
        }
        return TABLE.stream().filter(row -> row.idc == idc && matches(row.iop, iop)).map(Row::profile).findFirst();
    }

    private static boolean matches(String pattern, int bits) {
        for (int i = 0; i < 8; i++) {
            char p = pattern.charAt(i);
            int bit = (bits >> (7 - i)) & 1;
            if (p != 'x' && bit != p - '0') {
                return false;
            }
        }
        return true;
    }

    private static int hexByte(String s, int at) {
        int hi = Character.digit(s.charAt(at), 16);
        int lo = Character.digit(s.charAt(at + 1), 16);
        return hi < 0 || lo < 0 ? -1 : hi << 4 | lo;
    }
}
