package io.xsfu.stun;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StunMessageTest {
    private final StunMessage message = new StunMessage();
    private final HmacSha1 shortTermKey = HmacSha1.ofPassword(Rfc5769.PASSWORD);

    @Test
    void readsTheRfc5769SampleRequest() {
        MemorySegment s = Rfc5769.segment(Rfc5769.REQUEST);
        assertEquals(DropReason.OK, message.wrap(s, 0, (int) s.byteSize()).validate());
        assertEquals(StunMessage.BINDING_REQUEST, message.messageType());
        assertEquals(StunMessage.METHOD_BINDING, message.method());
        assertEquals(StunMessage.CLASS_REQUEST, message.messageClass());
        assertEquals(0x58, message.bodyLength());
        assertEquals(Rfc5769.TRANSACTION_ID_HIGH, message.transactionIdHigh());
        assertEquals(Rfc5769.TRANSACTION_ID_LOW, message.transactionIdLow());

        assertTrue(message.hasUsername());
        assertEquals(9, message.usernameLength());
        assertTrue(message.usernameEquals(ascii(Rfc5769.USERNAME)));
        assertFalse(message.usernameEquals(ascii("evtj:h6vZ")));
        assertFalse(message.usernameEquals(ascii("evtj:h6v")));
        assertTrue(message.hasPriority());
        assertEquals(Rfc5769.REQUEST_PRIORITY, message.priority());
        assertTrue(message.hasIceControlled());
        assertEquals(Rfc5769.REQUEST_TIE_BREAKER, message.iceControlledTieBreaker());
        assertFalse(message.hasIceControlling());
        assertEquals(0, message.iceControllingTieBreaker());
        assertFalse(message.useCandidate());
        assertFalse(message.hasXorMappedAddress());
        assertFalse(message.hasErrorCode());
        assertEquals(0, message.unknownRequiredCount());
        assertTrue(message.hasFingerprint());
        assertTrue(message.hasMessageIntegrity());
        assertEquals(20 + 20 + 8 + 12 + 16, message.messageIntegrityOffset());

        assertTrue(message.verifyIntegrity(shortTermKey));
        assertFalse(message.verifyIntegrity(HmacSha1.ofPassword("VOkJxbRl1RmTxUk/WvJxBu")));

        long software = message.findAttribute(StunAttribute.SOFTWARE);
        assertEquals(Rfc5769.REQUEST_SOFTWARE, text(s, software, message.valueLength(software)));
        assertEquals(-1, message.findAttribute(StunAttribute.REALM));
        assertEquals(s.byteSize() - 4, message.findAttribute(StunAttribute.FINGERPRINT));
    }

    @Test
    void readsTheRfc5769Ipv4Response() {
        MemorySegment s = Rfc5769.segment(Rfc5769.RESPONSE_IPV4);
        assertEquals(DropReason.OK, message.wrap(s, 0, (int) s.byteSize()).validate());
        assertEquals(StunMessage.BINDING_SUCCESS, message.messageType());
        assertEquals(StunMessage.CLASS_SUCCESS, message.messageClass());
        TransportAddress mapped = new TransportAddress();
        assertTrue(message.xorMappedAddress(mapped));
        assertEquals(new InetSocketAddress(addr("192.0.2.1"), Rfc5769.MAPPED_PORT), mapped.toInetSocketAddress());
        assertEquals(Rfc5769.MAPPED_IPV4, mapped.v4());
        assertTrue(message.verifyIntegrity(shortTermKey));
        long software = message.findAttribute(StunAttribute.SOFTWARE);
        assertEquals(Rfc5769.RESPONSE_SOFTWARE, text(s, software, message.valueLength(software)));
    }

    @Test
    void readsTheRfc5769Ipv6Response() {
        MemorySegment s = Rfc5769.segment(Rfc5769.RESPONSE_IPV6);
        assertEquals(DropReason.OK, message.wrap(s, 0, (int) s.byteSize()).validate());
        TransportAddress mapped = new TransportAddress();
        assertTrue(message.xorMappedAddress(mapped));
        assertEquals(TransportAddress.IPV6, mapped.ipVersion());
        assertEquals(Rfc5769.MAPPED_IPV6_HIGH, mapped.v6Hi());
        assertEquals(Rfc5769.MAPPED_IPV6_LOW, mapped.v6Lo());
        assertEquals(new InetSocketAddress(addr("2001:db8:1234:5678:11:2233:4455:6677"), Rfc5769.MAPPED_PORT),
                mapped.toInetSocketAddress());
        assertTrue(message.verifyIntegrity(shortTermKey));
    }

    @Test
    void verifiesTheRfc5769LongTermRequestWithItsMd5Key() throws Exception {
        MemorySegment s = Rfc5769.segment(Rfc5769.LONG_TERM_REQUEST);
        assertEquals(DropReason.OK, message.wrap(s, 0, (int) s.byteSize()).validate());
        assertFalse(message.hasFingerprint());
        assertEquals(Rfc5769.LONG_TERM_USERNAME,
                new String(bytes(s, message.usernameOffset(), message.usernameLength()), StandardCharsets.UTF_8));
        long nonce = message.findAttribute(StunAttribute.NONCE);
        assertEquals(Rfc5769.LONG_TERM_NONCE, text(s, nonce, message.valueLength(nonce)));
        long realm = message.findAttribute(StunAttribute.REALM);
        assertEquals(Rfc5769.LONG_TERM_REALM, text(s, realm, message.valueLength(realm)));
        byte[] key = MessageDigest.getInstance("MD5").digest((Rfc5769.LONG_TERM_USERNAME + ":"
                + Rfc5769.LONG_TERM_REALM + ":" + Rfc5769.LONG_TERM_PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertTrue(message.verifyIntegrity(new HmacSha1(key)));
        key[0] ^= 1;
        assertFalse(message.verifyIntegrity(new HmacSha1(key)));
    }

    @Test
    void readsAMessageAtAnOffsetInsideALargerSegment() {
        byte[] request = Rfc5769.bytes(Rfc5769.REQUEST);
        byte[] frame = new byte[request.length + 100];
        System.arraycopy(request, 0, frame, 42, request.length);
        MemorySegment s = MemorySegment.ofArray(frame);
        assertEquals(DropReason.OK, message.wrap(s, 42, request.length).validate());
        assertTrue(message.verifyIntegrity(shortTermKey));
        assertTrue(message.usernameEquals(ascii(Rfc5769.USERNAME)));
        assertEquals(42 + 20 + 4, message.findAttribute(StunAttribute.SOFTWARE));
    }

    @Test
    void iteratesEveryAttributeInOrder() {
        MemorySegment s = Rfc5769.segment(Rfc5769.REQUEST);
        message.wrap(s, 0, (int) s.byteSize()).validate();
        List<Integer> types = new ArrayList<>();
        List<Integer> lengths = new ArrayList<>();
        while (message.nextAttribute()) {
            types.add(message.attributeType());
            lengths.add(message.attributeLength());
        }
        assertEquals(List.of(StunAttribute.SOFTWARE, StunAttribute.PRIORITY, StunAttribute.ICE_CONTROLLED,
                StunAttribute.USERNAME, StunAttribute.MESSAGE_INTEGRITY, StunAttribute.FINGERPRINT), types);
        assertEquals(List.of(16, 4, 8, 9, 20, 4), lengths);
        message.rewind();
        assertTrue(message.nextAttribute());
        assertEquals(24, message.attributeValueOffset());
    }

    @Test
    void methodAndClassBitsAreInterleaved() {
        // RFC 8489 §5: M11..M7 C1 M6..M4 C0 M3..M0.
        assertEquals(0x0001, StunMessage.messageType(StunMessage.METHOD_BINDING, StunMessage.CLASS_REQUEST));
        assertEquals(0x0011, StunMessage.messageType(StunMessage.METHOD_BINDING, StunMessage.CLASS_INDICATION));
        assertEquals(0x0101, StunMessage.messageType(StunMessage.METHOD_BINDING, StunMessage.CLASS_SUCCESS));
        assertEquals(0x0111, StunMessage.messageType(StunMessage.METHOD_BINDING, StunMessage.CLASS_ERROR));
        assertEquals(0x0113, StunMessage.messageType(0x003, StunMessage.CLASS_ERROR)); // TURN Allocate error
        assertEquals(0x3FFF, StunMessage.messageType(0xFFF, StunMessage.CLASS_ERROR));
        for (int method = 0; method < 0x1000; method++) {
            for (int c = 0; c < 4; c++) {
                int type = StunMessage.messageType(method, c);
                assertEquals(method, StunMessage.method(type));
                assertEquals(c, StunMessage.messageClass(type));
            }
        }
    }

    @Test
    void attributesAfterMessageIntegrityAreIgnored() {
        // USE-CANDIDATE and an unknown comprehension-required attribute after MESSAGE-INTEGRITY, then FINGERPRINT:
        // an on-path attacker could add them without breaking the integrity, so they must not count.
        MemorySegment s = MemorySegment.ofArray(new byte[200]);
        StunWriter w = new StunWriter().wrap(s, 0, 200);
        w.header(StunMessage.BINDING_REQUEST, 1, 2);
        w.username(ascii(Rfc5769.USERNAME));
        w.messageIntegrity(shortTermKey);
        int length = appendAfterIntegrity(s, w.length());
        assertEquals(DropReason.OK, message.wrap(s, 0, length).validate());
        assertFalse(message.useCandidate());
        assertEquals(0, message.unknownRequiredCount());
        assertEquals(-1, message.findAttribute(StunAttribute.USE_CANDIDATE));
        assertTrue(message.hasFingerprint());
        assertTrue(message.verifyIntegrity(shortTermKey));
    }

    /** Appends USE-CANDIDATE, attribute 0x7777 and a FINGERPRINT by hand (the writer refuses to). */
    private static int appendAfterIntegrity(MemorySegment s, int length) {
        byte[] extra = {0x00, 0x25, 0x00, 0x00, 0x77, 0x77, 0x00, 0x01, 0x55, 0x00, 0x00, 0x00};
        MemorySegment.copy(MemorySegment.ofArray(extra), 0, s, length, extra.length);
        int total = length + extra.length + 8;
        io.xsfu.packet.Wire.putU16(s, 2, total - 20);
        io.xsfu.packet.Wire.putI32(s, length + extra.length, StunAttribute.FINGERPRINT << 16 | 4);
        io.xsfu.packet.Wire.putI32(s, length + extra.length + 4,
                new Fingerprint().compute(s, 0, length + extra.length));
        return total;
    }

    @Test
    void theFirstOfADuplicatedAttributeCounts() {
        MemorySegment s = MemorySegment.ofArray(new byte[200]);
        StunWriter w = new StunWriter().wrap(s, 0, 200);
        w.header(StunMessage.BINDING_REQUEST, 1, 2);
        w.priority(7);
        w.priority(9);
        w.username(ascii("a:b"));
        w.username(ascii("c:d"));
        int length = w.fingerprint();
        assertEquals(DropReason.OK, message.wrap(s, 0, length).validate());
        assertEquals(7, message.priority());
        assertTrue(message.usernameEquals(ascii("a:b")));
    }

    @Test
    void remembersUnknownComprehensionRequiredTypesButNotOptionalOnes() {
        MemorySegment s = MemorySegment.ofArray(new byte[400]);
        StunWriter w = new StunWriter().wrap(s, 0, 400);
        w.header(StunMessage.BINDING_REQUEST, 1, 2);
        w.attribute(0xC057, 4); // GOOG-NETWORK-INFO, as Chrome sends it: optional, ignored
        w.attribute(StunAttribute.SOFTWARE, 3);
        for (int i = 0; i < StunMessage.MAX_UNKNOWN + 2; i++) {
            w.attribute(0x0040 + i, i);
        }
        int length = w.fingerprint();
        assertEquals(StunDrop.UNKNOWN_REQUIRED_ATTRIBUTE, message.wrap(s, 0, length).validate());
        assertEquals(StunMessage.MAX_UNKNOWN + 2, message.unknownRequiredCount());
        for (int i = 0; i < StunMessage.MAX_UNKNOWN; i++) {
            assertEquals(0x0040 + i, message.unknownRequired(i));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> message.unknownRequired(StunMessage.MAX_UNKNOWN));
        assertTrue(message.hasFingerprint(), "the rest of the message is still readable");
    }

    @Test
    void readsErrorCodes() {
        MemorySegment s = MemorySegment.ofArray(new byte[200]);
        StunWriter w = new StunWriter().wrap(s, 0, 200);
        w.header(StunMessage.BINDING_ERROR, 1, 2);
        int length = w.errorCode(487, ascii("Role Conflict"));
        assertEquals(DropReason.OK, message.wrap(s, 0, length).validate());
        assertEquals(StunMessage.CLASS_ERROR, message.messageClass());
        assertTrue(message.hasErrorCode());
        assertEquals(487, message.errorCode());
        long value = message.findAttribute(StunAttribute.ERROR_CODE);
        assertEquals("Role Conflict", text(s, value + 4, message.valueLength(value) - 4));
    }

    @Test
    void afterAFailedValidationEverythingReadsAsAbsent() {
        byte[] b = Rfc5769.bytes(Rfc5769.REQUEST);
        b[b.length - 1] ^= 1;
        MemorySegment s = MemorySegment.ofArray(b);
        assertEquals(StunDrop.BAD_FINGERPRINT, message.wrap(s, 0, b.length).validate());
        assertFalse(message.hasUsername());
        assertFalse(message.hasMessageIntegrity());
        assertFalse(message.verifyIntegrity(shortTermKey));
        assertFalse(message.hasFingerprint());
        assertEquals(-1, message.findAttribute(StunAttribute.SOFTWARE));
    }

    @Test
    void iterationStopsAtABrokenAttributeAndOutsideTheSegment() {
        byte[] b = Rfc5769.bytes(Rfc5769.REQUEST);
        b[20 + 20 + 3] = 100; // PRIORITY claims 100 bytes
        MemorySegment s = MemorySegment.ofArray(b);
        message.wrap(s, 0, b.length);
        int n = 0;
        while (message.nextAttribute()) {
            n++;
        }
        assertEquals(1, n);
        message.wrap(s, 10, b.length);
        assertFalse(message.nextAttribute());
        assertEquals(DropReason.FRAME_OUT_OF_BOUNDS, message.validate());
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] bytes(MemorySegment s, long offset, int length) {
        return s.asSlice(offset, length).toArray(io.xsfu.packet.Wire.U8);
    }

    static String text(MemorySegment s, long offset, int length) {
        return new String(bytes(s, offset, length), StandardCharsets.UTF_8);
    }

    private static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
