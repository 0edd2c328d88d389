package io.xsfu.stun;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.HeaderFlyweight;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;

/**
 * Flyweight over one STUN message (RFC 8489, RFC 5389) in a segment region: the 20-byte header (type =
 * method + class, length, magic cookie, 96-bit transaction id) and the attributes, each a type, a length and a
 * value padded to 4 bytes.
 * <pre>
 * int reason = message.wrap(segment, offset, length).validate();
 * if (reason != DropReason.OK) { count(reason); return; }
 * if (message.hasUsername() &amp;&amp; message.usernameEquals(expected) &amp;&amp; message.verifyIntegrity(key)) ...
 * </pre>
 * {@link #validate()} walks the attributes once, checks framing, the lengths and values of the attributes this
 * agent reads, that FINGERPRINT (if present) is last and right, and records where each known attribute is;
 * the accessors then read in place and trust what validate accepted. Following RFC 8489 §14.5 and §14.6,
 * attributes after MESSAGE-INTEGRITY (or MESSAGE-INTEGRITY-SHA256), except FINGERPRINT, are ignored: they
 * are not reachable through the accessors and are not checked for comprehension. Of a duplicated attribute
 * only the first counts.
 *
 * <p>Bad input is a returned reason, never an exception; nothing is allocated. One instance per thread.
 */
public final class StunMessage extends HeaderFlyweight {
    public static final int TYPE_OFFSET = 0;
    public static final int LENGTH_OFFSET = 2;
    public static final int COOKIE_OFFSET = 4;
    public static final int TRANSACTION_ID_OFFSET = 8;
    public static final int TRANSACTION_ID_LENGTH = 12;
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int ATTRIBUTE_HEADER_LENGTH = 4;

    public static final int CLASS_REQUEST = 0;
    public static final int CLASS_INDICATION = 1;
    public static final int CLASS_SUCCESS = 2;
    public static final int CLASS_ERROR = 3;
    public static final int METHOD_BINDING = 0x001;

    public static final int BINDING_REQUEST = 0x0001;
    public static final int BINDING_INDICATION = 0x0011;
    public static final int BINDING_SUCCESS = 0x0101;
    public static final int BINDING_ERROR = 0x0111;

    /** How many unknown comprehension-required types are remembered (for a 420's UNKNOWN-ATTRIBUTES). */
    public static final int MAX_UNKNOWN = 8;

    private static final int NOT_STUN_BITS = 0xC0;

    private final Fingerprint fingerprint = new Fingerprint();
    private final byte[] patchedLength = new byte[2];
    private final byte[] mac = new byte[HmacSha1.LENGTH];
    private final int[] unknown = new int[MAX_UNKNOWN];

    // Absolute offsets recorded by validate(): of an attribute's header (integrity, fingerprint) or of its
    // value (the others); -1 when absent.
    private long usernameValue;
    private long integrityHeader;
    private long fingerprintHeader;
    private long priorityValue;
    private long useCandidateValue;
    private long controllingValue;
    private long controlledValue;
    private long xorMappedValue;
    private long errorCodeValue;
    private int unknownCount;
    /** Where the attributes that count end: at the first one ignored after an integrity attribute. */
    private long countedEnd;

    private long cursor;
    private long attribute;

    /** Binds the flyweight; nothing is read until {@link #validate()}, which also checks the region. */
    public StunMessage wrap(MemorySegment segment, long offset, int length) {
        bind(segment, offset, length);
        reset();
        return this;
    }

    private void reset() {
        usernameValue = -1;
        integrityHeader = -1;
        fingerprintHeader = -1;
        priorityValue = -1;
        useCandidateValue = -1;
        controllingValue = -1;
        controlledValue = -1;
        xorMappedValue = -1;
        errorCodeValue = -1;
        unknownCount = 0;
        countedEnd = offset + HEADER_LENGTH;
        cursor = offset + HEADER_LENGTH;
        attribute = -1;
    }

    /**
     * {@link DropReason#OK}, a {@link StunDrop} reason, or {@link DropReason#FRAME_OUT_OF_BOUNDS} for a region
     * outside the segment. {@link StunDrop#UNKNOWN_REQUIRED_ATTRIBUTE} is returned only when everything else is
     * fine, so that the accessors are usable and a request can be authenticated before it is answered with 420.
     * After any other failure the accessors report every attribute absent.
     */
    public int validate() {
        int reason = check();
        if (reason != DropReason.OK && reason != StunDrop.UNKNOWN_REQUIRED_ATTRIBUTE) {
            reset();
        }
        return reason;
    }

    private int check() {
        reset();
        if (offset < 0 || length < 0 || offset > segment.byteSize() - length) {
            return DropReason.FRAME_OUT_OF_BOUNDS;
        }
        if (length < HEADER_LENGTH) {
            return StunDrop.TRUNCATED;
        }
        if ((Wire.u8(segment, offset) & NOT_STUN_BITS) != 0) {
            return StunDrop.BAD_TYPE;
        }
        if (Wire.i32(segment, offset + COOKIE_OFFSET) != MAGIC_COOKIE) {
            return StunDrop.BAD_COOKIE;
        }
        int bodyLength = Wire.u16(segment, offset + LENGTH_OFFSET);
        if ((bodyLength & 3) != 0 || bodyLength != length - HEADER_LENGTH) {
            return StunDrop.BAD_LENGTH;
        }
        long end = offset + length;
        long p = offset + HEADER_LENGTH;
        boolean ignoring = false;
        countedEnd = end;
        while (p < end) {
            // The body length is a multiple of 4 and so is every padded attribute: 4 header bytes are left.
            int type = Wire.u16(segment, p);
            int valueLength = Wire.u16(segment, p + 2);
            long value = p + ATTRIBUTE_HEADER_LENGTH;
            long next = value + padded(valueLength);
            if (next > end) {
                return StunDrop.ATTRIBUTE_TRUNCATED;
            }
            if (fingerprintHeader >= 0) {
                return StunDrop.FINGERPRINT_NOT_LAST;
            }
            if (type == StunAttribute.FINGERPRINT) {
                if (valueLength != StunAttribute.FINGERPRINT_LENGTH) {
                    return StunDrop.BAD_ATTRIBUTE_LENGTH;
                }
                fingerprintHeader = p;
            } else if (ignoring) {
                countedEnd = Math.min(countedEnd, p);
            } else {
                int reason = record(type, value, valueLength);
                if (reason != DropReason.OK) {
                    return reason;
                }
                ignoring = type == StunAttribute.MESSAGE_INTEGRITY || type == StunAttribute.MESSAGE_INTEGRITY_SHA256;
            }
            p = next;
        }
        if (fingerprintHeader >= 0 && Wire.i32(segment, fingerprintHeader + ATTRIBUTE_HEADER_LENGTH)
                != fingerprint.compute(segment, offset, fingerprintHeader - offset)) {
            return StunDrop.BAD_FINGERPRINT;
        }
        return unknownCount > 0 ? StunDrop.UNKNOWN_REQUIRED_ATTRIBUTE : DropReason.OK;
    }

    private int record(int type, long value, int valueLength) {
        switch (type) {
            case StunAttribute.USERNAME -> {
                if (valueLength > StunAttribute.USERNAME_MAX_LENGTH) {
                    return StunDrop.BAD_ATTRIBUTE_LENGTH;
                }
                usernameValue = first(usernameValue, value);
            }
            case StunAttribute.MESSAGE_INTEGRITY -> {
                if (valueLength != StunAttribute.MESSAGE_INTEGRITY_LENGTH) {
                    return StunDrop.BAD_ATTRIBUTE_LENGTH;
                }
                integrityHeader = value - ATTRIBUTE_HEADER_LENGTH;
            }
            case StunAttribute.PRIORITY -> {
                if (valueLength != StunAttribute.PRIORITY_LENGTH) {
                    return StunDrop.BAD_ATTRIBUTE_LENGTH;
                }
                priorityValue = first(priorityValue, value);
            }
            case StunAttribute.USE_CANDIDATE -> {
                if (valueLength != 0) {
                    return StunDrop.BAD_ATTRIBUTE_LENGTH;
                }
                useCandidateValue = first(useCandidateValue, value);
            }
            case StunAttribute.ICE_CONTROLLING, StunAttribute.ICE_CONTROLLED -> {
                if (valueLength != StunAttribute.TIE_BREAKER_LENGTH) {
                    return StunDrop.BAD_ATTRIBUTE_LENGTH;
                }
                if (type == StunAttribute.ICE_CONTROLLING) {
                    controllingValue = first(controllingValue, value);
                } else {
                    controlledValue = first(controlledValue, value);
                }
            }
            case StunAttribute.XOR_MAPPED_ADDRESS -> {
                if (valueLength < 4) {
                    return StunDrop.BAD_ATTRIBUTE_LENGTH;
                }
                int family = Wire.u8(segment, value + 1);
                if (family != StunAttribute.FAMILY_IPV4 && family != StunAttribute.FAMILY_IPV6) {
                    return StunDrop.BAD_ATTRIBUTE_VALUE;
                }
                int expected = family == StunAttribute.FAMILY_IPV4
                        ? StunAttribute.XOR_MAPPED_IPV4_LENGTH : StunAttribute.XOR_MAPPED_IPV6_LENGTH;
                if (valueLength != expected) {
                    return StunDrop.BAD_ATTRIBUTE_LENGTH;
                }
                xorMappedValue = first(xorMappedValue, value);
            }
            case StunAttribute.ERROR_CODE -> {
                if (valueLength < 4) {
                    return StunDrop.BAD_ATTRIBUTE_LENGTH;
                }
                int errorClass = Wire.u8(segment, value + 2) & 0x07;
                int number = Wire.u8(segment, value + 3);
                if (errorClass < 3 || errorClass > 6 || number > 99) {
                    return StunDrop.BAD_ATTRIBUTE_VALUE;
                }
                errorCodeValue = first(errorCodeValue, value);
            }
            default -> {
                if (StunAttribute.comprehensionRequired(type) && !StunAttribute.understood(type)) {
                    if (unknownCount < MAX_UNKNOWN) {
                        unknown[unknownCount] = type;
                    }
                    unknownCount++;
                }
            }
        }
        return DropReason.OK;
    }

    private static long first(long recorded, long value) {
        return recorded >= 0 ? recorded : value;
    }

    static int padded(int valueLength) {
        return (valueLength + 3) & ~3;
    }

    // ---- header

    public int messageType() {
        return Wire.u16(segment, offset + TYPE_OFFSET);
    }

    public int method() {
        return method(messageType());
    }

    /** One of {@link #CLASS_REQUEST}, {@link #CLASS_INDICATION}, {@link #CLASS_SUCCESS}, {@link #CLASS_ERROR}. */
    public int messageClass() {
        return messageClass(messageType());
    }

    /** The length field: the bytes after the header. */
    public int bodyLength() {
        return Wire.u16(segment, offset + LENGTH_OFFSET);
    }

    /** The first 32 bits of the transaction id. */
    public int transactionIdHigh() {
        return Wire.i32(segment, offset + TRANSACTION_ID_OFFSET);
    }

    /** The last 64 bits of the transaction id. */
    public long transactionIdLow() {
        return Wire.i64(segment, offset + TRANSACTION_ID_OFFSET + 4);
    }

    /** The type's method: its bits M0..M11, which the two class bits C0 and C1 are interleaved with. */
    public static int method(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >>> 1) | ((type & 0x3E00) >>> 2);
    }

    public static int messageClass(int type) {
        return ((type >>> 4) & 1) | ((type >>> 7) & 2);
    }

    public static int messageType(int method, int messageClass) {
        return (method & 0x000F) | ((method & 0x0070) << 1) | ((method & 0x0F80) << 2)
                | ((messageClass & 1) << 4) | ((messageClass & 2) << 7);
    }

    // ---- attributes found by validate()

    public boolean hasUsername() {
        return usernameValue >= 0;
    }

    /** Absolute offset of the USERNAME value, -1 if absent. */
    public long usernameOffset() {
        return usernameValue;
    }

    public int usernameLength() {
        return usernameValue < 0 ? 0 : valueLength(usernameValue);
    }

    /** Whether USERNAME is present and equals {@code expected} byte for byte. */
    public boolean usernameEquals(byte[] expected) {
        if (usernameValue < 0 || valueLength(usernameValue) != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (segment.get(Wire.U8, usernameValue + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    public boolean hasMessageIntegrity() {
        return integrityHeader >= 0;
    }

    /** Absolute offset of the MESSAGE-INTEGRITY attribute's header, -1 if absent. */
    public long messageIntegrityOffset() {
        return integrityHeader;
    }

    /**
     * Whether MESSAGE-INTEGRITY is present and is the HMAC, with {@code key}, of the message up to the attribute
     * with the header's length field set as if the attribute were the last one (RFC 8489 §14.5): what follows
     * it (FINGERPRINT) is left out of the length.
     */
    public boolean verifyIntegrity(HmacSha1 key) {
        if (integrityHeader < 0) {
            return false;
        }
        int covered = (int) (integrityHeader - offset);
        int lengthAsIfLast = covered - HEADER_LENGTH + ATTRIBUTE_HEADER_LENGTH + StunAttribute.MESSAGE_INTEGRITY_LENGTH;
        patchedLength[0] = (byte) (lengthAsIfLast >>> 8);
        patchedLength[1] = (byte) lengthAsIfLast;
        key.start();
        key.update(segment, offset, LENGTH_OFFSET);
        key.update(patchedLength, 0, 2);
        key.update(segment, offset + COOKIE_OFFSET, covered - COOKIE_OFFSET);
        key.finish(mac, 0);
        // Every byte is compared so that the time taken does not tell how much of a forgery was right.
        int difference = 0;
        long value = integrityHeader + ATTRIBUTE_HEADER_LENGTH;
        for (int i = 0; i < HmacSha1.LENGTH; i++) {
            difference |= mac[i] ^ segment.get(Wire.U8, value + i);
        }
        return difference == 0;
    }

    /** Whether FINGERPRINT is present; validate() returned {@link StunDrop#BAD_FINGERPRINT} if it was wrong. */
    public boolean hasFingerprint() {
        return fingerprintHeader >= 0;
    }

    public boolean hasPriority() {
        return priorityValue >= 0;
    }

    /** PRIORITY, unsigned; 0 if absent. */
    public long priority() {
        return priorityValue < 0 ? 0 : Wire.u32(segment, priorityValue);
    }

    public boolean useCandidate() {
        return useCandidateValue >= 0;
    }

    public boolean hasIceControlling() {
        return controllingValue >= 0;
    }

    /** ICE-CONTROLLING's tie-breaker; 0 if absent. */
    public long iceControllingTieBreaker() {
        return controllingValue < 0 ? 0 : Wire.i64(segment, controllingValue);
    }

    public boolean hasIceControlled() {
        return controlledValue >= 0;
    }

    /** ICE-CONTROLLED's tie-breaker; 0 if absent. */
    public long iceControlledTieBreaker() {
        return controlledValue < 0 ? 0 : Wire.i64(segment, controlledValue);
    }

    public boolean hasXorMappedAddress() {
        return xorMappedValue >= 0;
    }

    /**
     * Decodes XOR-MAPPED-ADDRESS into {@code into}: the port is XORed with the cookie's high 16 bits, an IPv4
     * address with the cookie, an IPv6 address with the cookie and the transaction id. False if absent.
     */
    public boolean xorMappedAddress(TransportAddress into) {
        if (xorMappedValue < 0) {
            return false;
        }
        int port = Wire.u16(segment, xorMappedValue + 2) ^ (MAGIC_COOKIE >>> 16);
        if (Wire.u8(segment, xorMappedValue + 1) == StunAttribute.FAMILY_IPV4) {
            into.ipv4(Wire.i32(segment, xorMappedValue + 4) ^ MAGIC_COOKIE, port);
        } else {
            long high = Wire.i64(segment, xorMappedValue + 4)
                    ^ (((long) MAGIC_COOKIE << 32) | (transactionIdHigh() & 0xFFFF_FFFFL));
            long low = Wire.i64(segment, xorMappedValue + 12) ^ transactionIdLow();
            into.ipv6(high, low, port);
        }
        return true;
    }

    public boolean hasErrorCode() {
        return errorCodeValue >= 0;
    }

    /** ERROR-CODE as class * 100 + number (e.g. 487); 0 if absent. */
    public int errorCode() {
        if (errorCodeValue < 0) {
            return 0;
        }
        return (Wire.u8(segment, errorCodeValue + 2) & 0x07) * 100 + Wire.u8(segment, errorCodeValue + 3);
    }

    /** How many comprehension-required attributes this agent does not understand (ignored ones excluded). */
    public int unknownRequiredCount() {
        return unknownCount;
    }

    /** The type of the {@code index}-th unknown comprehension-required attribute, {@code index < MAX_UNKNOWN}. */
    public int unknownRequired(int index) {
        if (index < 0 || index >= Math.min(unknownCount, MAX_UNKNOWN)) {
            throw new IndexOutOfBoundsException(index);
        }
        return unknown[index];
    }

    /**
     * Absolute offset of the value of the first attribute of {@code type} that is not ignored (see the class
     * comment; FINGERPRINT included), or -1. Its length is {@link #valueLength(long)}.
     */
    public long findAttribute(int type) {
        if (type == StunAttribute.FINGERPRINT) {
            return fingerprintHeader < 0 ? -1 : fingerprintHeader + ATTRIBUTE_HEADER_LENGTH;
        }
        for (long p = offset + HEADER_LENGTH; p < countedEnd; ) {
            long value = p + ATTRIBUTE_HEADER_LENGTH;
            if (Wire.u16(segment, p) == type) {
                return value;
            }
            p = value + padded(Wire.u16(segment, p + 2));
        }
        return -1;
    }

    /** The length of the attribute whose value starts at {@code valueOffset} (an offset this flyweight returned). */
    public int valueLength(long valueOffset) {
        return Wire.u16(segment, valueOffset - 2);
    }

    // ---- raw iteration over every attribute, ignored ones included

    /** Puts the cursor before the first attribute; {@link #validate()} does too. */
    public void rewind() {
        cursor = offset + HEADER_LENGTH;
        attribute = -1;
    }

    /**
     * Moves to the next attribute; false at the end or at an attribute that runs past the message. Safe on a
     * message that failed validation (it stops where the structure breaks).
     */
    public boolean nextAttribute() {
        long end = offset + length;
        if (offset < 0 || length < 0 || offset > segment.byteSize() - length
                || cursor + ATTRIBUTE_HEADER_LENGTH > end || cursor < offset + HEADER_LENGTH) {
            return false;
        }
        long next = cursor + ATTRIBUTE_HEADER_LENGTH + padded(Wire.u16(segment, cursor + 2));
        if (next > end) {
            return false;
        }
        attribute = cursor;
        cursor = next;
        return true;
    }

    public int attributeType() {
        return Wire.u16(segment, attribute);
    }

    public int attributeLength() {
        return Wire.u16(segment, attribute + 2);
    }

    /** Absolute offset of the current attribute's value. */
    public long attributeValueOffset() {
        return attribute + ATTRIBUTE_HEADER_LENGTH;
    }
}
