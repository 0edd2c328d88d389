package io.xsfu.packet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class PayloadKindTest {
    private static int classify(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return PayloadKind.classify(MemorySegment.ofArray(b), 0, b.length);
    }

    @Test
    void firstByteRangesOfRfc7983() {
        for (int first = 0; first < 256; first++) {
            int expected = first <= 3 ? PayloadKind.STUN
                    : first >= 20 && first <= 63 ? PayloadKind.DTLS
                    : first >= 128 && first <= 191 ? PayloadKind.RTP
                    : PayloadKind.OTHER;
            assertEquals(PayloadKind.NAMES[expected], PayloadKind.NAMES[classify(first, 96)], "first byte " + first);
        }
    }

    @Test
    void secondByteSplitsRtcpFromRtp() {
        for (int second = 0; second < 256; second++) {
            int expected = second >= 192 && second <= 223 ? PayloadKind.RTCP : PayloadKind.RTP;
            assertEquals(PayloadKind.NAMES[expected], PayloadKind.NAMES[classify(0x80, second)], "second byte " + second);
        }
        // RTP PT 96..127 with the marker is 224..255 on the wire: still RTP.
        assertEquals(PayloadKind.RTP, classify(0x80, 0x80 | 96));
        assertEquals(PayloadKind.RTCP, classify(0x81, 200));
    }

    @Test
    void emptyAndSingleBytes() {
        assertEquals(PayloadKind.OTHER, classify());
        assertEquals(PayloadKind.RTP, classify(0x80));
        assertEquals(PayloadKind.STUN, classify(1));
        byte[] b = {0x00, 0x01};
        assertEquals(PayloadKind.OTHER, PayloadKind.classify(MemorySegment.ofArray(b), 0, 0));
        assertEquals(PayloadKind.COUNT, PayloadKind.NAMES.length);
    }
}
