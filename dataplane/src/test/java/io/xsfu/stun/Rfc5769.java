package io.xsfu.stun;

import java.lang.foreign.MemorySegment;
import java.util.HexFormat;

/**
 * The test vectors of RFC 5769 (STUN), §2.1 to §2.3, as the RFC prints them. Padding bytes are 0x20 in the
 * RFC's messages (any value is allowed), which is why the writer test fills them in by hand.
 */
final class Rfc5769 {
    /** The short-term password of all three messages. */
    static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    static final String USERNAME = "evtj:h6vY";
    static final int TRANSACTION_ID_HIGH = 0xb7e7a701;
    static final long TRANSACTION_ID_LOW = 0xbc34d686fa87dfaeL;

    /** §2.1: SOFTWARE, PRIORITY, ICE-CONTROLLED, USERNAME, MESSAGE-INTEGRITY, FINGERPRINT. */
    static final String REQUEST = """
            00010058 2112a442 b7e7a701 bc34d686 fa87dfae
            80220010 5354554e 20746573 7420636c 69656e74
            00240004 6e0001ff
            80290008 932ff9b1 51263b36
            00060009 6576746a 3a683676 59202020
            00080014 9aeaa70c bfd8cb56 781ef2b5 b2d3f249 c1b571a2
            80280004 e57a3bcf""";
    static final String REQUEST_SOFTWARE = "STUN test client";
    static final long REQUEST_PRIORITY = 0x6e0001ffL;
    static final long REQUEST_TIE_BREAKER = 0x932ff9b151263b36L;

    /** §2.2: SOFTWARE, XOR-MAPPED-ADDRESS 192.0.2.1:32853, MESSAGE-INTEGRITY, FINGERPRINT. */
    static final String RESPONSE_IPV4 = """
            0101003c 2112a442 b7e7a701 bc34d686 fa87dfae
            8022000b 74657374 20766563 746f7220
            00200008 0001a147 e112a643
            00080014 2b91f599 fd9e90c3 8c7489f9 2af9ba53 f06be7d7
            80280004 c07d4c96""";

    /** §2.3: SOFTWARE, XOR-MAPPED-ADDRESS [2001:db8:1234:5678:11:2233:4455:6677]:32853, MESSAGE-INTEGRITY, FINGERPRINT. */
    static final String RESPONSE_IPV6 = """
            01010048 2112a442 b7e7a701 bc34d686 fa87dfae
            8022000b 74657374 20766563 746f7220
            00200014 0002a147 0113a9fa a5d3f179 bc25f4b5 bed2b9d9
            00080014 a382954e 4be67bf1 1784c97c 8292c275 bfe3ed41
            80280004 c8fb0b4c""";
    static final String RESPONSE_SOFTWARE = "test vector";
    static final int MAPPED_PORT = 32853;
    static final int MAPPED_IPV4 = 0xc0000201;
    static final long MAPPED_IPV6_HIGH = 0x20010db812345678L;
    static final long MAPPED_IPV6_LOW = 0x0011223344556677L;

    /**
     * §2.4: a request with long-term credentials: USERNAME (U+30DE U+30C8 U+30EA U+30C3 U+30AF U+30B9), NONCE,
     * REALM, MESSAGE-INTEGRITY, no FINGERPRINT. The key is MD5("username:realm:password") with the password
     * "TheMatrIX" (after SASLprep).
     */
    static final String LONG_TERM_REQUEST = """
            00010060 2112a442 78ad3433 c6ad72c0 29da412e
            00060012 e3839ee3 8388e383 aae38383 e382afe3 82b90000
            0015001c 662f2f34 39396b39 35346436 4f4c3334 6f4c3946 53547679 36347341
            0014000b 6578616d 706c652e 6f726700
            00080014 f6702465 6dd64a3e 02b8e071 2e85c9a2 8ca89666""";
    static final String LONG_TERM_USERNAME = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
    static final String LONG_TERM_REALM = "example.org";
    static final String LONG_TERM_PASSWORD = "TheMatrIX";
    static final String LONG_TERM_NONCE = "f//499k954d6OL34oL9FSTvy64sA";

    private Rfc5769() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static MemorySegment segment(String hex) {
        return MemorySegment.ofArray(bytes(hex));
    }
}
