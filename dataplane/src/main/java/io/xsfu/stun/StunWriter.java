package io.xsfu.stun;

import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Builds a STUN message into a bounded region of a segment: a header, then attributes appended one by one,
 * each padded to 4 bytes with zeros; the header's length field is kept up to date after every append. Each
 * call returns the message's length so far, or {@link #NO_SPACE} / {@link #INVALID}, leaving what was written
 * before as it was.
 * <pre>
 * writer.wrap(frame, payloadOffset, capacity);
 * writer.header(StunMessage.BINDING_SUCCESS, request);
 * writer.xorMappedAddress(source);
 * writer.messageIntegrity(key);
 * int length = writer.fingerprint();
 * </pre>
 * MESSAGE-INTEGRITY may only be followed by FINGERPRINT, and FINGERPRINT by nothing ({@link #INVALID}).
 * The whole-message helpers ({@link #bindingSuccess}, {@link #bindingError}, {@link #bindingRequest}) build
 * what ICE exchanges. Allocation free; one instance per thread, reused.
 */
public final class StunWriter {
    /** The attribute does not fit in the remaining capacity (or the 16-bit length field). */
    public static final int NO_SPACE = -1;
    /** An attribute the message cannot take: no header yet, after MESSAGE-INTEGRITY or FINGERPRINT, a bad value. */
    public static final int INVALID = -2;

    private static final byte[] BAD_REQUEST = ascii("Bad Request");
    private static final byte[] UNAUTHENTICATED = ascii("Unauthenticated");
    private static final byte[] UNKNOWN_ATTRIBUTE = ascii("Unknown Attribute");
    private static final byte[] ROLE_CONFLICT = ascii("Role Conflict");
    private static final byte[] NO_REASON = new byte[0];
    /** RFC 8489 §14.8: the reason phrase is at most 763 bytes. */
    private static final int MAX_REASON_LENGTH = 763;
    private static final int MAX_BODY = 0xFFFF;

    private final Fingerprint crc = new Fingerprint();
    private final byte[] mac = new byte[HmacSha1.LENGTH];
    private final int[] unknown = new int[StunMessage.MAX_UNKNOWN];

    private MemorySegment segment;
    private long offset;
    private int capacity;
    private int length;
    private boolean integrityWritten;
    private boolean fingerprintWritten;

    /**
     * Starts writing at {@code offset}, at most {@code capacity} bytes.
     *
     * @throws IndexOutOfBoundsException for a region outside the segment: a caller's bug, not bad input
     */
    public StunWriter wrap(MemorySegment segment, long offset, int capacity) {
        if (offset < 0 || capacity < 0 || offset > segment.byteSize() - capacity) {
            throw new IndexOutOfBoundsException("capacity " + capacity + " at " + offset + " outside " + segment);
        }
        this.segment = segment;
        this.offset = offset;
        this.capacity = capacity;
        this.length = 0;
        this.integrityWritten = false;
        this.fingerprintWritten = false;
        return this;
    }

    /** The message's length so far (0 before a header). */
    public int length() {
        return length;
    }

    /** Writes the header of a message without attributes: type, length 0, magic cookie, transaction id. */
    public int header(int messageType, int transactionIdHigh, long transactionIdLow) {
        if ((messageType & ~0x3FFF) != 0) {
            return INVALID;
        }
        if (capacity < StunMessage.HEADER_LENGTH) {
            return NO_SPACE;
        }
        Wire.putU16(segment, offset + StunMessage.TYPE_OFFSET, messageType);
        Wire.putU16(segment, offset + StunMessage.LENGTH_OFFSET, 0);
        Wire.putI32(segment, offset + StunMessage.COOKIE_OFFSET, StunMessage.MAGIC_COOKIE);
        Wire.putI32(segment, offset + StunMessage.TRANSACTION_ID_OFFSET, transactionIdHigh);
        Wire.putI64(segment, offset + StunMessage.TRANSACTION_ID_OFFSET + 4, transactionIdLow);
        length = StunMessage.HEADER_LENGTH;
        integrityWritten = false;
        fingerprintWritten = false;
        return length;
    }

    /** The header of a response to {@code request}: its transaction id. */
    public int header(int messageType, StunMessage request) {
        return header(messageType, request.transactionIdHigh(), request.transactionIdLow());
    }

    /**
     * Appends an attribute header for a value of {@code valueLength} bytes, zeroes the padding, and returns the
     * absolute offset where the caller writes the value, or {@link #NO_SPACE} / {@link #INVALID}.
     */
    public long attribute(int type, int valueLength) {
        if (length < StunMessage.HEADER_LENGTH || fingerprintWritten || valueLength < 0 || valueLength > MAX_BODY
                || (integrityWritten && type != StunAttribute.FINGERPRINT) || (type & ~0xFFFF) != 0) {
            return INVALID;
        }
        int total = StunMessage.ATTRIBUTE_HEADER_LENGTH + StunMessage.padded(valueLength);
        if (total > capacity - length || length + total - StunMessage.HEADER_LENGTH > MAX_BODY) {
            return NO_SPACE;
        }
        long header = offset + length;
        Wire.putU16(segment, header, type);
        Wire.putU16(segment, header + 2, valueLength);
        long value = header + StunMessage.ATTRIBUTE_HEADER_LENGTH;
        for (long pad = value + valueLength; pad < header + total; pad++) {
            Wire.putU8(segment, pad, 0);
        }
        length += total;
        Wire.putU16(segment, offset + StunMessage.LENGTH_OFFSET, length - StunMessage.HEADER_LENGTH);
        return value;
    }

    /** Appends an attribute whose value is {@code value[from, from + count)}. */
    public int attribute(int type, byte[] value, int from, int count) {
        long at = attribute(type, count);
        if (at < 0) {
            return (int) at;
        }
        MemorySegment.copy(value, from, segment, Wire.U8, at, count);
        return length;
    }

    public int username(byte[] username) {
        if (username.length > StunAttribute.USERNAME_MAX_LENGTH) {
            return INVALID;
        }
        return attribute(StunAttribute.USERNAME, username, 0, username.length);
    }

    public int priority(long priority) {
        long at = attribute(StunAttribute.PRIORITY, StunAttribute.PRIORITY_LENGTH);
        if (at < 0) {
            return (int) at;
        }
        Wire.putI32(segment, at, (int) priority);
        return length;
    }

    public int useCandidate() {
        long at = attribute(StunAttribute.USE_CANDIDATE, 0);
        return at < 0 ? (int) at : length;
    }

    public int iceControlling(long tieBreaker) {
        return tieBreaker(StunAttribute.ICE_CONTROLLING, tieBreaker);
    }

    public int iceControlled(long tieBreaker) {
        return tieBreaker(StunAttribute.ICE_CONTROLLED, tieBreaker);
    }

    private int tieBreaker(int type, long tieBreaker) {
        long at = attribute(type, StunAttribute.TIE_BREAKER_LENGTH);
        if (at < 0) {
            return (int) at;
        }
        Wire.putI64(segment, at, tieBreaker);
        return length;
    }

    /** XOR-MAPPED-ADDRESS of {@code address}, XORed with the cookie and this message's transaction id. */
    public int xorMappedAddress(TransportAddress address) {
        boolean v4 = address.ipVersion() == TransportAddress.IPV4;
        if (!v4 && address.ipVersion() != TransportAddress.IPV6) {
            return INVALID;
        }
        long at = attribute(StunAttribute.XOR_MAPPED_ADDRESS,
                v4 ? StunAttribute.XOR_MAPPED_IPV4_LENGTH : StunAttribute.XOR_MAPPED_IPV6_LENGTH);
        if (at < 0) {
            return (int) at;
        }
        Wire.putU8(segment, at, 0);
        Wire.putU8(segment, at + 1, v4 ? StunAttribute.FAMILY_IPV4 : StunAttribute.FAMILY_IPV6);
        Wire.putU16(segment, at + 2, address.port() ^ (StunMessage.MAGIC_COOKIE >>> 16));
        if (v4) {
            Wire.putI32(segment, at + 4, address.v4() ^ StunMessage.MAGIC_COOKIE);
        } else {
            int txHigh = Wire.i32(segment, offset + StunMessage.TRANSACTION_ID_OFFSET);
            long txLow = Wire.i64(segment, offset + StunMessage.TRANSACTION_ID_OFFSET + 4);
            Wire.putI64(segment, at + 4, address.v6Hi() ^ (((long) StunMessage.MAGIC_COOKIE << 32) | (txHigh & 0xFFFF_FFFFL)));
            Wire.putI64(segment, at + 12, address.v6Lo() ^ txLow);
        }
        return length;
    }

    /** ERROR-CODE: {@code code} in 300..699, with a reason phrase of at most 763 UTF-8 bytes. */
    public int errorCode(int code, byte[] reason) {
        if (code < 300 || code > 699 || reason.length > MAX_REASON_LENGTH) {
            return INVALID;
        }
        long at = attribute(StunAttribute.ERROR_CODE, 4 + reason.length);
        if (at < 0) {
            return (int) at;
        }
        Wire.putU16(segment, at, 0);
        Wire.putU8(segment, at + 2, code / 100);
        Wire.putU8(segment, at + 3, code % 100);
        MemorySegment.copy(reason, 0, segment, Wire.U8, at + 4, reason.length);
        return length;
    }

    /** UNKNOWN-ATTRIBUTES listing {@code types[0, count)}. */
    public int unknownAttributes(int[] types, int count) {
        long at = attribute(StunAttribute.UNKNOWN_ATTRIBUTES, 2 * count);
        if (at < 0) {
            return (int) at;
        }
        for (int i = 0; i < count; i++) {
            Wire.putU16(segment, at + 2L * i, types[i]);
        }
        return length;
    }

    /**
     * MESSAGE-INTEGRITY: the HMAC with {@code key} of the message so far, the length field already counting this
     * attribute (and not a FINGERPRINT that may follow), as RFC 8489 §14.5 has it.
     */
    public int messageIntegrity(HmacSha1 key) {
        long at = attribute(StunAttribute.MESSAGE_INTEGRITY, StunAttribute.MESSAGE_INTEGRITY_LENGTH);
        if (at < 0) {
            return (int) at;
        }
        key.start();
        key.update(segment, offset, at - StunMessage.ATTRIBUTE_HEADER_LENGTH - offset);
        key.finish(mac, 0);
        MemorySegment.copy(mac, 0, segment, Wire.U8, at, HmacSha1.LENGTH);
        integrityWritten = true;
        return length;
    }

    /** FINGERPRINT: CRC-32 of the message so far (its length field counting this attribute) XOR 0x5354554e. */
    public int fingerprint() {
        long at = attribute(StunAttribute.FINGERPRINT, StunAttribute.FINGERPRINT_LENGTH);
        if (at < 0) {
            return (int) at;
        }
        Wire.putI32(segment, at, crc.compute(segment, offset, at - StunMessage.ATTRIBUTE_HEADER_LENGTH - offset));
        fingerprintWritten = true;
        return length;
    }

    // ---- whole messages

    /**
     * A Binding success response to {@code request}: XOR-MAPPED-ADDRESS of {@code mapped} (the request's source),
     * MESSAGE-INTEGRITY with {@code key}, FINGERPRINT. Returns the length or a negative code.
     */
    public int bindingSuccess(StunMessage request, TransportAddress mapped, HmacSha1 key) {
        int r = header(StunMessage.BINDING_SUCCESS, request);
        if (r > 0) {
            r = xorMappedAddress(mapped);
        }
        if (r > 0) {
            r = messageIntegrity(key);
        }
        return r > 0 ? fingerprint() : r;
    }

    /**
     * A Binding error response to {@code request} with {@code code} and its standard reason phrase; for 420 the
     * request's unknown comprehension-required types in UNKNOWN-ATTRIBUTES. MESSAGE-INTEGRITY with {@code key}
     * when the request was authenticated, none when {@code key} is null (400, 401: RFC 8489 §9.1.3); always
     * FINGERPRINT.
     */
    public int bindingError(StunMessage request, int code, HmacSha1 key) {
        int r = header(StunMessage.BINDING_ERROR, request);
        if (r > 0) {
            r = errorCode(code, reasonPhrase(code));
        }
        if (r > 0 && code == 420) {
            int count = Math.min(request.unknownRequiredCount(), StunMessage.MAX_UNKNOWN);
            for (int i = 0; i < count; i++) {
                unknown[i] = request.unknownRequired(i);
            }
            r = unknownAttributes(unknown, count);
        }
        if (r > 0 && key != null) {
            r = messageIntegrity(key);
        }
        return r > 0 ? fingerprint() : r;
    }

    /**
     * A Binding request as an ICE agent sends it (RFC 8445 §7.2.2): USERNAME, PRIORITY, ICE-CONTROLLING or
     * ICE-CONTROLLED with the tie-breaker, USE-CANDIDATE if nominating, MESSAGE-INTEGRITY with the peer's
     * password, FINGERPRINT.
     */
    public int bindingRequest(int transactionIdHigh, long transactionIdLow, byte[] username, long priority,
            boolean controlling, long tieBreaker, boolean useCandidate, HmacSha1 key) {
        int r = header(StunMessage.BINDING_REQUEST, transactionIdHigh, transactionIdLow);
        if (r > 0) {
            r = username(username);
        }
        if (r > 0) {
            r = priority(priority);
        }
        if (r > 0) {
            r = controlling ? iceControlling(tieBreaker) : iceControlled(tieBreaker);
        }
        if (r > 0 && useCandidate) {
            r = useCandidate();
        }
        if (r > 0) {
            r = messageIntegrity(key);
        }
        return r > 0 ? fingerprint() : r;
    }

    /** The reason phrase for {@code code}: RFC 8489 §14.8's and RFC 8445's; empty for others. */
    private static byte[] reasonPhrase(int code) {
        return switch (code) {
            case 400 -> BAD_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 420 -> UNKNOWN_ATTRIBUTE;
            case 487 -> ROLE_CONFLICT;
            default -> NO_REASON;
        };
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
