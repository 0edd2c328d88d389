package io.xsfu.stun;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

class StunProperties {
    private static final String LOCAL_UFRAG = "sfuA";
    private static final String LOCAL_PWD = "sfuPasswordOf22Chars+/";
    private static final String REMOTE_UFRAG = "brws";

    private final StunMessage message = new StunMessage();
    private final HmacSha1 key = HmacSha1.ofPassword(LOCAL_PWD);
    private final IceLiteResponder responder = new IceLiteResponder(LOCAL_UFRAG, LOCAL_PWD, REMOTE_UFRAG);
    private final MemorySegment out = MemorySegment.ofArray(new byte[2000]);
    private final StunMessage response = new StunMessage();
    private final TransportAddress source = new TransportAddress().ipv4(0x7f000001, 40000);
    private final TransportAddress scratch = new TransportAddress();
    /** Where what the accessors read goes, so that no read is dead code. */
    private long sink;

    @Property(tries = 3000)
    boolean parserNeverThrowsOnArbitraryBytes(@ForAll @Size(max = 600) byte[] bytes) {
        return wellBehaved(bytes);
    }

    /**
     * Random bytes rarely get past the cookie. These have a right header (any type, the cookie, a length that
     * matches) and a body of random attributes, some of the types this parser checks, so that the attribute
     * rules are what is exercised.
     */
    @Property(tries = 5000)
    boolean parserNeverThrowsOnWellFramedRandomAttributes(@ForAll("framed") byte[] message) {
        return wellBehaved(message);
    }

    @Property(tries = 5000)
    boolean parserNeverThrowsOnMutationsOfValidMessages(@ForAll("valid") byte[] valid,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 2000) Integer> positions,
            @ForAll @Size(max = 8) List<Byte> values, @ForAll @IntRange(min = 0, max = 700) int cut) {
        byte[] b = valid.clone();
        for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
            b[positions.get(i) % b.length] = values.get(i);
        }
        return wellBehaved(Arrays.copyOf(b, Math.min(cut, b.length))) && wellBehaved(b);
    }

    @Property(tries = 500)
    boolean validMessagesAreAccepted(@ForAll("valid") byte[] valid) {
        int r = message.wrap(MemorySegment.ofArray(valid), 0, valid.length).validate();
        return r == DropReason.OK && message.hasFingerprint();
    }

    /**
     * Any single bit flipped before MESSAGE-INTEGRITY, with the FINGERPRINT recomputed as an attacker would: the
     * message is either rejected or fails the integrity check.
     */
    @Property(tries = 3000)
    boolean integrityCatchesAnyChangeToWhatItCovers(@ForAll("requests") byte[] request,
            @ForAll @IntRange(min = 0, max = 10_000) int bit) {
        MemorySegment s = MemorySegment.ofArray(request.clone());
        message.wrap(s, 0, request.length).validate();
        long covered = message.messageIntegrityOffset();
        long at = bit % (covered * 8);
        Wire.putU8(s, at / 8, Wire.u8(s, at / 8) ^ (1 << (at % 8)));
        Wire.putI32(s, request.length - 4, new Fingerprint().compute(s, 0, request.length - 8));
        int r = message.wrap(s, 0, request.length).validate();
        return r != DropReason.OK || !message.verifyIntegrity(key);
    }

    @Property(tries = 2000)
    boolean writtenFieldsReadBack(@ForAll @StringLength(min = 1, max = 300) @AlphaChars String username,
            @ForAll long priority, @ForAll long tieBreaker, @ForAll boolean controlling, @ForAll boolean nominate,
            @ForAll int v4, @ForAll long v6Hi, @ForAll long v6Lo, @ForAll @IntRange(max = 65535) int port,
            @ForAll boolean ipv6, @ForAll int txHigh, @ForAll long txLow) {
        MemorySegment s = MemorySegment.ofArray(new byte[1000]);
        byte[] name = username.getBytes(StandardCharsets.US_ASCII);
        int n = new StunWriter().wrap(s, 0, 1000).bindingRequest(txHigh, txLow, name, priority, controlling,
                tieBreaker, nominate, key);
        if (message.wrap(s, 0, n).validate() != DropReason.OK || !message.verifyIntegrity(key)
                || !message.usernameEquals(name) || message.priority() != (priority & 0xFFFF_FFFFL)
                || message.useCandidate() != nominate || message.hasIceControlling() != controlling
                || (controlling ? message.iceControllingTieBreaker() : message.iceControlledTieBreaker()) != tieBreaker
                || message.transactionIdHigh() != txHigh || message.transactionIdLow() != txLow) {
            return false;
        }
        TransportAddress mapped = ipv6 ? new TransportAddress().ipv6(v6Hi, v6Lo, port)
                : new TransportAddress().ipv4(v4, port);
        MemorySegment r = MemorySegment.ofArray(new byte[200]);
        int m = new StunWriter().wrap(r, 0, 200).bindingSuccess(message, mapped, key);
        return response.wrap(r, 0, m).validate() == DropReason.OK && response.verifyIntegrity(key)
                && response.xorMappedAddress(scratch) && scratch.equals(mapped)
                && response.transactionIdHigh() == txHigh && response.transactionIdLow() == txLow;
    }

    /**
     * The responder never throws, answers only what it should, and every answer is a valid STUN message that
     * echoes the request's transaction; success responses and 420/487 verify with the local password.
     */
    @Property(tries = 5000)
    boolean responderAnswersOnlyWithValidMessages(@ForAll("requests") byte[] request,
            @ForAll @Size(max = 4) List<@IntRange(min = 0, max = 2000) Integer> positions,
            @ForAll @Size(max = 4) List<Byte> values) {
        byte[] b = request.clone();
        for (int i = 0; i < Math.min(positions.size(), values.size()); i++) {
            b[positions.get(i) % b.length] = values.get(i);
        }
        MemorySegment in = MemorySegment.ofArray(b);
        IceLiteResponder.Outcome outcome = responder.handle(in, 0, b.length, source, 0, out, 0, 2000);
        if (outcome.responseLength() == 0) {
            return outcome.reason() != DropReason.OK && outcome.errorCode() == 0 && !outcome.nominated();
        }
        if (response.wrap(out, 0, outcome.responseLength()).validate() != DropReason.OK
                || !response.hasFingerprint()
                || response.transactionIdHigh() != Wire.i32(in, 8) || response.transactionIdLow() != Wire.i64(in, 12)) {
            return false;
        }
        boolean authenticated = outcome.reason() == DropReason.OK || outcome.errorCode() == 420
                || outcome.errorCode() == 487;
        if (authenticated != response.hasMessageIntegrity() || (authenticated && !response.verifyIntegrity(key))) {
            return false;
        }
        return outcome.reason() == DropReason.OK
                ? response.messageClass() == StunMessage.CLASS_SUCCESS && response.xorMappedAddress(scratch)
                        && scratch.equals(source)
                : response.messageClass() == StunMessage.CLASS_ERROR && response.errorCode() == outcome.errorCode();
    }

    /** Validates, then reads everything the accessors offer; false only if a rule was broken, an exception fails. */
    private boolean wellBehaved(byte[] bytes) {
        MemorySegment s = MemorySegment.ofArray(bytes);
        int r = message.wrap(s, 0, bytes.length).validate();
        long sum = 0;
        while (message.nextAttribute()) {
            sum += message.attributeType() + message.attributeLength() + message.attributeValueOffset();
        }
        if (r != DropReason.OK && r != StunDrop.UNKNOWN_REQUIRED_ATTRIBUTE) {
            boolean known = r == DropReason.FRAME_OUT_OF_BOUNDS || (r >= StunDrop.FIRST && r < StunDrop.END);
            return known && !message.hasUsername() && !message.hasMessageIntegrity() && !message.hasFingerprint();
        }
        sum += message.messageType() + message.method() + message.messageClass() + message.bodyLength()
                + message.transactionIdHigh() + message.transactionIdLow();
        sum += message.usernameLength() + message.priority() + message.iceControllingTieBreaker()
                + message.iceControlledTieBreaker() + message.errorCode() + (message.useCandidate() ? 1 : 0);
        sum += message.usernameEquals(new byte[] {'a', ':', 'b'}) ? 1 : 0;
        sum += message.verifyIntegrity(key) ? 1 : 0;
        sum += message.xorMappedAddress(scratch) ? scratch.port() : 0;
        for (int type : new int[] {StunAttribute.SOFTWARE, StunAttribute.USERNAME, StunAttribute.REALM,
            StunAttribute.FINGERPRINT, 0x7777}) {
            long at = message.findAttribute(type);
            if (at >= 0 && at + message.valueLength(at) > bytes.length) {
                return false;
            }
        }
        for (int i = 0; i < Math.min(message.unknownRequiredCount(), StunMessage.MAX_UNKNOWN); i++) {
            sum += message.unknownRequired(i);
        }
        sink += sum;
        return true;
    }

    @Provide
    Arbitrary<byte[]> framed() {
        Arbitrary<Integer> types = Arbitraries.oneOf(
                Arbitraries.of(StunAttribute.USERNAME, StunAttribute.MESSAGE_INTEGRITY, StunAttribute.ERROR_CODE,
                        StunAttribute.XOR_MAPPED_ADDRESS, StunAttribute.PRIORITY, StunAttribute.USE_CANDIDATE,
                        StunAttribute.FINGERPRINT, StunAttribute.ICE_CONTROLLED, StunAttribute.ICE_CONTROLLING,
                        StunAttribute.MESSAGE_INTEGRITY_SHA256, StunAttribute.UNKNOWN_ATTRIBUTES),
                Arbitraries.integers().between(0, 0xFFFF));
        Arbitrary<byte[]> attribute = Combinators.combine(types, Arbitraries.integers().between(0, 40),
                Arbitraries.bytes().array(byte[].class).ofSize(40)).as((type, length, value) -> {
                    byte[] a = new byte[4 + ((length + 3) & ~3)];
                    a[0] = (byte) (type >>> 8);
                    a[1] = (byte) (int) type;
                    a[3] = (byte) (int) length;
                    System.arraycopy(value, 0, a, 4, length);
                    return a;
                });
        return Combinators.combine(Arbitraries.integers().between(0, 0x3FFF), attribute.list().ofMaxSize(12),
                Arbitraries.of(true, false)).as((type, attributes, fingerprint) -> {
                    int body = attributes.stream().mapToInt(a -> a.length).sum() + (fingerprint ? 8 : 0);
                    MemorySegment m = MemorySegment.ofArray(new byte[20 + body]);
                    Wire.putU16(m, 0, type);
                    Wire.putU16(m, 2, body);
                    Wire.putI32(m, 4, StunMessage.MAGIC_COOKIE);
                    long p = 20;
                    for (byte[] a : attributes) {
                        MemorySegment.copy(MemorySegment.ofArray(a), 0, m, p, a.length);
                        p += a.length;
                    }
                    if (fingerprint) {
                        Wire.putI32(m, p, StunAttribute.FINGERPRINT << 16 | 4);
                        Wire.putI32(m, p + 4, new Fingerprint().compute(m, 0, p));
                    }
                    return m.toArray(Wire.U8);
                });
    }

    /** Binding requests as the responder expects them, right or wrong in their credentials and role. */
    @Provide
    Arbitrary<byte[]> requests() {
        Arbitrary<String> usernames = Arbitraries.of(LOCAL_UFRAG + ":" + REMOTE_UFRAG, "sfuA:other", "x:y");
        Arbitrary<String> passwords = Arbitraries.of(LOCAL_PWD, "anotherPasswordOf22chr");
        return Combinators.combine(usernames, passwords, Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.integers(), Arbitraries.longs()).as((user, pwd, controlling, nominate, tx, tie) -> {
                    MemorySegment m = MemorySegment.ofArray(new byte[300]);
                    int n = new StunWriter().wrap(m, 0, 300).bindingRequest(tx, tie, user.getBytes(
                            StandardCharsets.US_ASCII), tx & 0xFFFF_FFFFL, controlling, tie, nominate,
                            HmacSha1.ofPassword(pwd));
                    return Arrays.copyOf(m.toArray(Wire.U8), n);
                });
    }

    @Provide
    Arbitrary<byte[]> valid() {
        return Arbitraries.oneOf(requests(), Arbitraries.of(Rfc5769.bytes(Rfc5769.REQUEST),
                Rfc5769.bytes(Rfc5769.RESPONSE_IPV4), Rfc5769.bytes(Rfc5769.RESPONSE_IPV6)));
    }
}
