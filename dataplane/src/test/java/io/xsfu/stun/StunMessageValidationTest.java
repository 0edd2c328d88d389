package io.xsfu.stun;

import static io.xsfu.stun.StunMessageTest.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Each reason {@link StunMessage#validate()} returns, from a valid message changed in exactly one way. */
class StunMessageValidationTest {
    private final StunMessage message = new StunMessage();

    private int validate(byte[] b) {
        return message.wrap(MemorySegment.ofArray(b), 0, b.length).validate();
    }

    private static byte[] request() {
        return Rfc5769.bytes(Rfc5769.REQUEST);
    }

    /** A message built by {@code body} after a Binding request header, with a right FINGERPRINT. */
    private static byte[] built(Consumer<StunWriter> body) {
        return built((w, s) -> body.accept(w));
    }

    /** As {@link #built(Consumer)}, for a body that also writes into the segment (values the writer refuses). */
    private static byte[] built(BiConsumer<StunWriter, MemorySegment> body) {
        MemorySegment s = MemorySegment.ofArray(new byte[700]);
        StunWriter w = new StunWriter().wrap(s, 0, 700);
        w.header(StunMessage.BINDING_REQUEST, 0x01020304, 0x05060708090a0b0cL);
        body.accept(w, s);
        int n = w.fingerprint();
        return Arrays.copyOf(s.toArray(Wire.U8), n);
    }

    @Test
    void theSampleIsValid() {
        assertEquals(DropReason.OK, validate(request()));
        assertEquals(DropReason.OK, validate(built(w -> { })));
    }

    @Test
    void truncated() {
        assertEquals(StunDrop.TRUNCATED, validate(new byte[0]));
        assertEquals(StunDrop.TRUNCATED, validate(Arrays.copyOf(request(), 19)));
    }

    @Test
    void badType() {
        byte[] b = request();
        b[0] |= (byte) 0x80; // an RTP-looking first byte
        assertEquals(StunDrop.BAD_TYPE, validate(b));
        b = request();
        b[0] |= 0x40;
        assertEquals(StunDrop.BAD_TYPE, validate(b));
    }

    @Test
    void badCookie() {
        byte[] b = request();
        b[7] ^= 1;
        assertEquals(StunDrop.BAD_COOKIE, validate(b));
    }

    @Test
    void badLength() {
        byte[] b = request();
        b[3] += 2; // not a multiple of 4
        assertEquals(StunDrop.BAD_LENGTH, validate(b));
        b = request();
        b[3] -= 4; // shorter than the datagram
        assertEquals(StunDrop.BAD_LENGTH, validate(b));
        assertEquals(StunDrop.BAD_LENGTH, validate(Arrays.copyOf(request(), request().length - 4))); // cut
        assertEquals(StunDrop.BAD_LENGTH, validate(Arrays.copyOf(request(), request().length + 4))); // trailing
    }

    @Test
    void attributeTruncated() {
        byte[] b = request();
        b[20 + 3] = 0x7F; // SOFTWARE claims 127 bytes
        assertEquals(StunDrop.ATTRIBUTE_TRUNCATED, validate(b));
        b = request();
        b[b.length - 5] = 5; // FINGERPRINT claims 5 bytes: 8 with padding, past the end
        assertEquals(StunDrop.ATTRIBUTE_TRUNCATED, validate(b));
    }

    @Test
    void badAttributeLength() {
        assertEquals(StunDrop.BAD_ATTRIBUTE_LENGTH, validate(built(w -> w.attribute(StunAttribute.PRIORITY, 8))));
        assertEquals(StunDrop.BAD_ATTRIBUTE_LENGTH, validate(built(w -> w.attribute(StunAttribute.USE_CANDIDATE, 4))));
        assertEquals(StunDrop.BAD_ATTRIBUTE_LENGTH, validate(built(w -> w.attribute(StunAttribute.ICE_CONTROLLING, 4))));
        assertEquals(StunDrop.BAD_ATTRIBUTE_LENGTH, validate(built(w -> w.attribute(StunAttribute.ICE_CONTROLLED, 12))));
        assertEquals(StunDrop.BAD_ATTRIBUTE_LENGTH, validate(built(w -> w.attribute(StunAttribute.USERNAME, 513))));
        assertEquals(StunDrop.BAD_ATTRIBUTE_LENGTH, validate(built(w -> w.attribute(StunAttribute.ERROR_CODE, 3))));
        assertEquals(StunDrop.BAD_ATTRIBUTE_LENGTH,
                validate(built(w -> w.attribute(StunAttribute.MESSAGE_INTEGRITY, 16))));
        assertEquals(StunDrop.BAD_ATTRIBUTE_LENGTH,
                validate(built(w -> w.attribute(StunAttribute.XOR_MAPPED_ADDRESS, 2))));
        // An IPv6 family with an IPv4-sized value.
        assertEquals(StunDrop.BAD_ATTRIBUTE_LENGTH, validate(built((w, s) -> Wire.putU8(s,
                w.attribute(StunAttribute.XOR_MAPPED_ADDRESS, 8) + 1, StunAttribute.FAMILY_IPV6))));
        byte[] b = request();
        b[b.length - 5] = 8; // FINGERPRINT claims 8 bytes (the datagram is lengthened to match)
        byte[] longer = Arrays.copyOf(b, b.length + 4);
        longer[3] += 4;
        assertEquals(StunDrop.BAD_ATTRIBUTE_LENGTH, validate(longer));
        assertEquals(DropReason.OK, validate(built(w -> w.attribute(StunAttribute.USERNAME, 512))));
    }

    @Test
    void badAttributeValue() {
        assertEquals(StunDrop.BAD_ATTRIBUTE_VALUE, validate(built((w, s) -> Wire.putU8(s,
                w.attribute(StunAttribute.XOR_MAPPED_ADDRESS, 8) + 1, 3)))); // family 3
        assertEquals(DropReason.OK, validate(built(w -> w.errorCode(300, new byte[0]))));
        assertEquals(StunDrop.BAD_ATTRIBUTE_VALUE, validate(built((w, s) -> {
            long at = w.attribute(StunAttribute.ERROR_CODE, 4);
            Wire.putU8(s, at + 2, 2); // class 2: not an error
        })));
        assertEquals(StunDrop.BAD_ATTRIBUTE_VALUE, validate(built((w, s) -> {
            long at = w.attribute(StunAttribute.ERROR_CODE, 4);
            Wire.putU8(s, at + 2, 4);
            Wire.putU8(s, at + 3, 100); // number above 99
        })));
    }

    @Test
    void fingerprintNotLast() {
        byte[] b = request();
        byte[] longer = Arrays.copyOf(b, b.length + 4);
        longer[3] += 4;
        longer[b.length] = (byte) 0x80; // SOFTWARE, empty, after FINGERPRINT
        longer[b.length + 1] = 0x22;
        assertEquals(StunDrop.FINGERPRINT_NOT_LAST, validate(longer));
    }

    @Test
    void badFingerprint() {
        byte[] b = request();
        b[b.length - 1] ^= 1;
        assertEquals(StunDrop.BAD_FINGERPRINT, validate(b));
        b = request();
        b[30] ^= 1; // a byte of SOFTWARE: only the fingerprint notices
        assertEquals(StunDrop.BAD_FINGERPRINT, validate(b));
    }

    @Test
    void unknownComprehensionRequiredAttribute() {
        assertEquals(StunDrop.UNKNOWN_REQUIRED_ATTRIBUTE, validate(built(w -> w.attribute(0x0003, 4))));
        assertEquals(DropReason.OK, validate(built(w -> w.attribute(0x8003, 4))));
        // Structural errors win over an unknown attribute, whatever their order.
        assertEquals(StunDrop.BAD_ATTRIBUTE_LENGTH, validate(built(w -> {
            w.attribute(0x0003, 4);
            w.attribute(StunAttribute.PRIORITY, 2);
        })));
        byte[] b = built(w -> w.attribute(0x0003, 4));
        b[b.length - 1] ^= 1;
        assertEquals(StunDrop.BAD_FINGERPRINT, validate(b));
    }

    @Test
    void frameOutOfBounds() {
        byte[] b = request();
        assertEquals(DropReason.FRAME_OUT_OF_BOUNDS, message.wrap(MemorySegment.ofArray(b), 1, b.length).validate());
        assertEquals(DropReason.FRAME_OUT_OF_BOUNDS, message.wrap(MemorySegment.ofArray(b), -1, 20).validate());
        assertEquals(DropReason.FRAME_OUT_OF_BOUNDS, message.wrap(MemorySegment.ofArray(b), 0, -1).validate());
    }

    @Test
    void aUsernameOfExactlyTheMaximumLengthIsRead() {
        byte[] name = ascii("x".repeat(StunAttribute.USERNAME_MAX_LENGTH));
        byte[] b = built(w -> w.username(name));
        assertEquals(DropReason.OK, validate(b));
        assertEquals(StunAttribute.USERNAME_MAX_LENGTH, message.usernameLength());
    }
}
