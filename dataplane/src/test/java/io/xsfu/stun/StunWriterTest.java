package io.xsfu.stun;

import static io.xsfu.stun.StunMessageTest.ascii;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class StunWriterTest {
    private static final byte SPACE = 0x20;

    private final MemorySegment out = MemorySegment.ofArray(new byte[600]);
    private final StunWriter writer = new StunWriter();
    private final StunMessage parsed = new StunMessage();
    private final HmacSha1 key = HmacSha1.ofPassword(Rfc5769.PASSWORD);

    private byte[] written(int length) {
        return Arrays.copyOf(out.toArray(Wire.U8), length);
    }

    /** A text attribute padded with spaces, as the RFC's vectors are. */
    private void spacePadded(int type, String text) {
        byte[] value = ascii(text);
        long at = writer.attribute(type, value.length);
        MemorySegment.copy(value, 0, out, Wire.U8, at, value.length);
        for (int i = value.length; i % 4 != 0; i++) {
            Wire.putU8(out, at + i, SPACE);
        }
    }

    @Test
    void buildsTheRfc5769SampleRequestByteForByte() {
        writer.wrap(out, 0, 600);
        writer.header(StunMessage.BINDING_REQUEST, Rfc5769.TRANSACTION_ID_HIGH, Rfc5769.TRANSACTION_ID_LOW);
        spacePadded(StunAttribute.SOFTWARE, Rfc5769.REQUEST_SOFTWARE);
        writer.priority(Rfc5769.REQUEST_PRIORITY);
        writer.iceControlled(Rfc5769.REQUEST_TIE_BREAKER);
        spacePadded(StunAttribute.USERNAME, Rfc5769.USERNAME);
        writer.messageIntegrity(key);
        int length = writer.fingerprint();
        assertEquals(hex(Rfc5769.REQUEST), hex(written(length)));
    }

    @Test
    void buildsTheRfc5769Ipv4ResponseByteForByte() {
        MemorySegment request = Rfc5769.segment(Rfc5769.REQUEST);
        StunMessage r = new StunMessage();
        assertEquals(DropReason.OK, r.wrap(request, 0, (int) request.byteSize()).validate());
        writer.wrap(out, 0, 600);
        writer.header(StunMessage.BINDING_SUCCESS, r);
        spacePadded(StunAttribute.SOFTWARE, Rfc5769.RESPONSE_SOFTWARE);
        writer.xorMappedAddress(new TransportAddress().ipv4(Rfc5769.MAPPED_IPV4, Rfc5769.MAPPED_PORT));
        writer.messageIntegrity(key);
        int length = writer.fingerprint();
        assertEquals(hex(Rfc5769.RESPONSE_IPV4), hex(written(length)));
    }

    @Test
    void buildsTheRfc5769Ipv6ResponseByteForByte() {
        writer.wrap(out, 0, 600);
        writer.header(StunMessage.BINDING_SUCCESS, Rfc5769.TRANSACTION_ID_HIGH, Rfc5769.TRANSACTION_ID_LOW);
        spacePadded(StunAttribute.SOFTWARE, Rfc5769.RESPONSE_SOFTWARE);
        writer.xorMappedAddress(TransportAddress.of(new InetSocketAddress(
                addr("2001:db8:1234:5678:11:2233:4455:6677"), Rfc5769.MAPPED_PORT)));
        writer.messageIntegrity(key);
        int length = writer.fingerprint();
        assertEquals(hex(Rfc5769.RESPONSE_IPV6), hex(written(length)));
    }

    @Test
    void buildsTheRfc5769LongTermRequestByteForByte() throws Exception {
        byte[] expected = Rfc5769.bytes(Rfc5769.LONG_TERM_REQUEST);
        byte[] md5 = java.security.MessageDigest.getInstance("MD5").digest((Rfc5769.LONG_TERM_USERNAME + ":"
                + Rfc5769.LONG_TERM_REALM + ":" + Rfc5769.LONG_TERM_PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        writer.wrap(out, 0, 600);
        writer.header(StunMessage.BINDING_REQUEST, Wire.i32(MemorySegment.ofArray(expected), 8),
                Wire.i64(MemorySegment.ofArray(expected), 12));
        writer.username(Rfc5769.LONG_TERM_USERNAME.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] nonce = ascii(Rfc5769.LONG_TERM_NONCE);
        writer.attribute(StunAttribute.NONCE, nonce, 0, nonce.length);
        byte[] realm = ascii(Rfc5769.LONG_TERM_REALM);
        writer.attribute(StunAttribute.REALM, realm, 0, realm.length);
        int length = writer.messageIntegrity(new HmacSha1(md5));
        assertEquals(hex(Rfc5769.LONG_TERM_REQUEST), hex(written(length)), "zero padding, as this vector has");
    }

    @Test
    void aBindingSuccessAnswersWithTheSourceAndVerifies() {
        MemorySegment request = Rfc5769.segment(Rfc5769.REQUEST);
        StunMessage r = new StunMessage();
        r.wrap(request, 0, (int) request.byteSize()).validate();
        TransportAddress source = new TransportAddress().ipv6(0xfd00_0000_0000_0001L, 0x42L, 50000);
        int length = writer.wrap(out, 0, 600).bindingSuccess(r, source, key);
        assertEquals(20 + 24 + 24 + 8, length);
        assertEquals(DropReason.OK, parsed.wrap(out, 0, length).validate());
        assertEquals(StunMessage.BINDING_SUCCESS, parsed.messageType());
        assertEquals(Rfc5769.TRANSACTION_ID_HIGH, parsed.transactionIdHigh());
        assertEquals(Rfc5769.TRANSACTION_ID_LOW, parsed.transactionIdLow());
        TransportAddress mapped = new TransportAddress();
        assertTrue(parsed.xorMappedAddress(mapped));
        assertEquals(source, mapped);
        assertTrue(parsed.verifyIntegrity(key));
        assertTrue(parsed.hasFingerprint());
    }

    @Test
    void errorResponsesCarryTheirCodeAndIntegrityOnlyWhenAuthenticated() {
        MemorySegment request = Rfc5769.segment(Rfc5769.REQUEST);
        StunMessage r = new StunMessage();
        r.wrap(request, 0, (int) request.byteSize()).validate();

        int length = writer.wrap(out, 0, 600).bindingError(r, 401, null);
        assertEquals(DropReason.OK, parsed.wrap(out, 0, length).validate());
        assertEquals(StunMessage.BINDING_ERROR, parsed.messageType());
        assertEquals(401, parsed.errorCode());
        assertReason("Unauthenticated");
        assertFalse(parsed.hasMessageIntegrity());
        assertTrue(parsed.hasFingerprint());

        length = writer.wrap(out, 0, 600).bindingError(r, 487, key);
        assertEquals(DropReason.OK, parsed.wrap(out, 0, length).validate());
        assertEquals(487, parsed.errorCode());
        assertReason("Role Conflict");
        assertTrue(parsed.verifyIntegrity(key));

        length = writer.wrap(out, 0, 600).bindingError(r, 400, null);
        parsed.wrap(out, 0, length).validate();
        assertReason("Bad Request");

        length = writer.wrap(out, 0, 600).bindingError(r, 500, null);
        parsed.wrap(out, 0, length).validate();
        assertEquals(500, parsed.errorCode());
        assertReason("");
    }

    @Test
    void a420ListsTheRequestsUnknownAttributes() {
        MemorySegment in = MemorySegment.ofArray(new byte[200]);
        StunWriter w = new StunWriter().wrap(in, 0, 200);
        w.header(StunMessage.BINDING_REQUEST, 5, 6);
        w.attribute(0x0031, 0);
        w.attribute(0x7F00, 2);
        int n = w.fingerprint();
        StunMessage r = new StunMessage();
        assertEquals(StunDrop.UNKNOWN_REQUIRED_ATTRIBUTE, r.wrap(in, 0, n).validate());

        int length = writer.wrap(out, 0, 600).bindingError(r, 420, key);
        assertEquals(DropReason.OK, parsed.wrap(out, 0, length).validate());
        assertEquals(420, parsed.errorCode());
        long list = parsed.findAttribute(StunAttribute.UNKNOWN_ATTRIBUTES);
        assertEquals(4, parsed.valueLength(list));
        assertEquals(0x0031, Wire.u16(out, list));
        assertEquals(0x7F00, Wire.u16(out, list + 2));
        assertTrue(parsed.verifyIntegrity(key));
    }

    @Test
    void aBindingRequestCarriesWhatAnIceCheckNeeds() {
        int length = writer.wrap(out, 0, 600).bindingRequest(1, 2, ascii("remote:local"), 0x6e0001ffL, true,
                0x1122334455667788L, true, key);
        assertEquals(DropReason.OK, parsed.wrap(out, 0, length).validate());
        assertEquals(StunMessage.BINDING_REQUEST, parsed.messageType());
        assertTrue(parsed.usernameEquals(ascii("remote:local")));
        assertEquals(0x6e0001ffL, parsed.priority());
        assertTrue(parsed.hasIceControlling());
        assertEquals(0x1122334455667788L, parsed.iceControllingTieBreaker());
        assertTrue(parsed.useCandidate());
        assertTrue(parsed.verifyIntegrity(key));

        length = writer.wrap(out, 0, 600).bindingRequest(1, 2, ascii("r:l"), 1, false, -1L, false, key);
        assertEquals(DropReason.OK, parsed.wrap(out, 0, length).validate());
        assertTrue(parsed.hasIceControlled());
        assertEquals(-1L, parsed.iceControlledTieBreaker());
        assertFalse(parsed.useCandidate());
    }

    @Test
    void paddingIsZeroedAndTheLengthFieldFollows() {
        out.fill((byte) 0xEE);
        writer.wrap(out, 0, 600);
        writer.header(StunMessage.BINDING_REQUEST, 0, 0);
        assertEquals(0, Wire.u16(out, 2));
        assertEquals(20 + 8, writer.attribute(StunAttribute.SOFTWARE, new byte[] {1}, 0, 1));
        assertEquals(8, Wire.u16(out, 2));
        assertArrayEquals(new byte[] {(byte) 0x80, 0x22, 0, 1, 1, 0, 0, 0}, Arrays.copyOfRange(written(28), 20, 28));
        assertEquals(20 + 8, writer.length());
    }

    @Test
    void refusesWhatCannotFollowAndWhatDoesNotFit() {
        writer.wrap(out, 0, 600);
        assertEquals(StunWriter.INVALID, writer.priority(1), "no header yet");
        assertEquals(StunWriter.INVALID, writer.header(0x4001, 0, 0), "not a STUN type");
        writer.header(StunMessage.BINDING_REQUEST, 0, 0);
        assertEquals(StunWriter.INVALID, writer.errorCode(200, new byte[0]));
        assertEquals(StunWriter.INVALID, writer.errorCode(700, new byte[0]));
        assertEquals(StunWriter.INVALID, writer.errorCode(400, new byte[764]));
        assertEquals(StunWriter.INVALID, writer.username(new byte[513]));
        assertEquals(StunWriter.INVALID, writer.xorMappedAddress(new TransportAddress()));
        int afterIntegrity = writer.messageIntegrity(key);
        assertEquals(StunWriter.INVALID, writer.priority(1), "only FINGERPRINT may follow MESSAGE-INTEGRITY");
        assertEquals(StunWriter.INVALID, writer.messageIntegrity(key));
        assertEquals(afterIntegrity, writer.length());
        int done = writer.fingerprint();
        assertEquals(StunWriter.INVALID, writer.fingerprint(), "nothing follows FINGERPRINT");
        assertEquals(done, writer.length());

        writer.wrap(out, 0, 19);
        assertEquals(StunWriter.NO_SPACE, writer.header(StunMessage.BINDING_REQUEST, 0, 0));
        writer.wrap(out, 100, 20 + 24 + 7);
        writer.header(StunMessage.BINDING_SUCCESS, 0, 0);
        assertEquals(20 + 24, writer.messageIntegrity(key));
        assertEquals(StunWriter.NO_SPACE, writer.fingerprint());
        assertEquals(20 + 24, writer.length());
        assertEquals(20 + 24 - 20, Wire.u16(out, 102), "the header still describes what was written");
        assertEquals(StunWriter.NO_SPACE, writer.wrap(out, 0, 60).bindingSuccess(parsedRequest(),
                new TransportAddress().ipv4(1, 2), key));
        assertThrows(IndexOutOfBoundsException.class, () -> writer.wrap(out, 590, 20));
    }

    private StunMessage parsedRequest() {
        MemorySegment request = Rfc5769.segment(Rfc5769.REQUEST);
        StunMessage r = new StunMessage();
        r.wrap(request, 0, (int) request.byteSize()).validate();
        return r;
    }

    private void assertReason(String reason) {
        long value = parsed.findAttribute(StunAttribute.ERROR_CODE);
        assertEquals(reason, StunMessageTest.text(out, value + 4, parsed.valueLength(value) - 4));
    }

    private static String hex(String rfcText) {
        return HexFormat.of().formatHex(Rfc5769.bytes(rfcText));
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static InetAddress addr(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
