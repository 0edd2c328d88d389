package io.xsfu.stun;

import static io.xsfu.stun.StunMessageTest.ascii;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.packet.DropReason;
import io.xsfu.packet.Wire;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class IceLiteResponderTest {
    private static final String LOCAL_UFRAG = "sfuA";
    private static final String LOCAL_PWD = "sfuPasswordOf22Chars+/";
    private static final String REMOTE_UFRAG = "brws";
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long T0 = 1_000 * SECOND;

    private final IceLiteResponder responder = new IceLiteResponder(LOCAL_UFRAG, LOCAL_PWD, REMOTE_UFRAG);
    private final HmacSha1 localKey = HmacSha1.ofPassword(LOCAL_PWD);
    private final MemorySegment in = MemorySegment.ofArray(new byte[1500]);
    private final MemorySegment out = MemorySegment.ofArray(new byte[1500]);
    private final StunWriter writer = new StunWriter();
    private final StunMessage response = new StunMessage();
    private final TransportAddress hostA = new TransportAddress().ipv4(0x7f000001, 50000);
    private final TransportAddress hostB = new TransportAddress().ipv4(0x7f000001, 50002);
    private int transaction;

    /** A check as a browser sends it: USERNAME "sfuUfrag:browserUfrag", PRIORITY, ICE-CONTROLLING, MI, FINGERPRINT. */
    private int check(boolean useCandidate) {
        return check(LOCAL_UFRAG + ":" + REMOTE_UFRAG, localKey, true, useCandidate);
    }

    private int check(String username, HmacSha1 key, boolean controlling, boolean useCandidate) {
        return writer.wrap(in, 0, 1500).bindingRequest(++transaction, 0x0102030405060708L, ascii(username),
                0x6e7f1eff, controlling, 0xAAAA_BBBB_CCCC_DDDDL, useCandidate, key);
    }

    private IceLiteResponder.Outcome handle(int length, TransportAddress source, long now) {
        return responder.handle(in, 0, length, source, now, out, 0, 1500);
    }

    /** Parses the response and checks it answers the last check with a valid FINGERPRINT. */
    private StunMessage parsedResponse(IceLiteResponder.Outcome outcome) {
        assertTrue(outcome.responseLength() > 0, outcome.toString());
        int valid = response.wrap(out, 0, outcome.responseLength()).validate();
        assertEquals(DropReason.OK, valid, () -> StunDrop.name(valid));
        assertTrue(response.hasFingerprint());
        assertEquals(transaction, response.transactionIdHigh());
        assertEquals(0x0102030405060708L, response.transactionIdLow());
        return response;
    }

    @Test
    void answersAValidCheckWithTheSourceAddressUnderTheLocalPassword() {
        IceLiteResponder.Outcome outcome = handle(check(false), hostA, T0);
        assertEquals(DropReason.OK, outcome.reason());
        assertEquals(0, outcome.errorCode());
        assertFalse(outcome.nominated());
        StunMessage r = parsedResponse(outcome);
        assertEquals(StunMessage.BINDING_SUCCESS, r.messageType());
        assertTrue(r.verifyIntegrity(localKey));
        assertFalse(r.verifyIntegrity(HmacSha1.ofPassword("someoneElsesPassword22")));
        TransportAddress mapped = new TransportAddress();
        assertTrue(r.xorMappedAddress(mapped));
        assertEquals(hostA, mapped);

        assertNull(responder.selected(), "a check without USE-CANDIDATE nominates nothing");
        assertEquals(1, responder.pairCount());
        assertTrue(responder.pair(0).remoteMatches(hostA));
        assertEquals(0x6e7f1eff, responder.pair(0).priority());
        assertEquals(1, responder.pair(0).checks());
        assertFalse(responder.consentExpired(T0 + 100 * SECOND), "no selected pair: nothing to expire");
    }

    @Test
    void answersIpv6SourcesWithAnIpv6MappedAddress() {
        TransportAddress v6 = new TransportAddress().ipv6(0xfd00_0000_0000_0000L, 0x1L, 9);
        StunMessage r = parsedResponse(handle(check(true), v6, T0));
        TransportAddress mapped = new TransportAddress();
        assertTrue(r.xorMappedAddress(mapped));
        assertEquals(v6, mapped);
        assertTrue(responder.selected().remoteMatches(v6));
    }

    @Test
    void useCandidateSelectsThePairAndOnlyANewNominationMovesIt() {
        IceLiteResponder.Outcome outcome = handle(check(true), hostA, T0);
        assertTrue(outcome.nominated());
        assertTrue(outcome.selectionChanged());
        assertTrue(responder.selected().remoteMatches(hostA));
        assertTrue(responder.selected().nominated());

        outcome = handle(check(true), hostA, T0 + SECOND);
        assertTrue(outcome.nominated());
        assertFalse(outcome.selectionChanged(), "the same pair again");

        outcome = handle(check(false), hostB, T0 + 2 * SECOND);
        assertEquals(DropReason.OK, outcome.reason());
        assertFalse(outcome.selectionChanged());
        assertTrue(responder.selected().remoteMatches(hostA), "a plain check on another pair moves nothing");

        outcome = handle(check(true), hostB, T0 + 3 * SECOND);
        assertTrue(outcome.selectionChanged());
        assertTrue(responder.selected().remoteMatches(hostB), "the controlling peer moved to another pair");
        assertEquals(2, responder.pairCount());
    }

    @Test
    void aWrongUsernameOrPasswordIsAnswered401WithoutIntegrityAndChangesNothing() {
        handle(check(true), hostA, T0);
        CandidatePair selected = responder.selected();

        for (String username : new String[] {"sfuB:brws", "sfuA:other", "brws:sfuA", "sfuA", "sfuA:brws:x"}) {
            IceLiteResponder.Outcome outcome = handle(check(username, localKey, true, true), hostB, T0 + SECOND);
            assertEquals(StunDrop.UNKNOWN_USERNAME, outcome.reason(), username);
            assertEquals(401, outcome.errorCode());
            StunMessage r = parsedResponse(outcome);
            assertEquals(StunMessage.BINDING_ERROR, r.messageType());
            assertEquals(401, r.errorCode());
            assertFalse(r.hasMessageIntegrity(), "an unauthenticated request gets no MESSAGE-INTEGRITY");
        }

        IceLiteResponder.Outcome outcome = handle(check(LOCAL_UFRAG + ":" + REMOTE_UFRAG,
                HmacSha1.ofPassword("theBrowsersOwnPassword"), true, true), hostB, T0 + SECOND);
        assertEquals(StunDrop.BAD_INTEGRITY, outcome.reason());
        assertEquals(401, parsedResponse(outcome).errorCode());
        assertFalse(outcome.nominated());

        assertSame(selected, responder.selected());
        assertEquals(1, responder.pairCount(), "unauthenticated checks create no pairs");
    }

    @Test
    void aRequestWithoutUsernameOrIntegrityIsAnswered400() {
        writer.wrap(in, 0, 1500).header(StunMessage.BINDING_REQUEST, ++transaction, 0x0102030405060708L);
        writer.messageIntegrity(localKey);
        IceLiteResponder.Outcome outcome = handle(writer.fingerprint(), hostA, T0);
        assertEquals(StunDrop.MISSING_CREDENTIALS, outcome.reason());
        assertEquals(400, parsedResponse(outcome).errorCode());
        assertFalse(response.hasMessageIntegrity());

        writer.wrap(in, 0, 1500).header(StunMessage.BINDING_REQUEST, ++transaction, 0x0102030405060708L);
        writer.username(ascii(LOCAL_UFRAG + ":" + REMOTE_UFRAG));
        writer.useCandidate();
        outcome = handle(writer.fingerprint(), hostA, T0);
        assertEquals(StunDrop.MISSING_CREDENTIALS, outcome.reason());
        assertEquals(400, parsedResponse(outcome).errorCode());
        assertNull(responder.selected());
    }

    @Test
    void aPeerClaimingTheControlledRoleGets487UnderIntegrityAndNominatesNothing() {
        IceLiteResponder.Outcome outcome = handle(check(LOCAL_UFRAG + ":" + REMOTE_UFRAG, localKey, false, true),
                hostA, T0);
        assertEquals(StunDrop.ROLE_CONFLICT, outcome.reason());
        assertEquals(487, outcome.errorCode());
        StunMessage r = parsedResponse(outcome);
        assertEquals(487, r.errorCode());
        assertTrue(r.verifyIntegrity(localKey), "the request was authenticated, so the error is too");
        assertFalse(outcome.nominated());
        assertNull(responder.selected());
        assertEquals(0, responder.pairCount());
    }

    @Test
    void anUnknownComprehensionRequiredAttributeIsAnswered420OnceAuthenticated() {
        writer.wrap(in, 0, 1500).header(StunMessage.BINDING_REQUEST, ++transaction, 0x0102030405060708L);
        writer.username(ascii(LOCAL_UFRAG + ":" + REMOTE_UFRAG));
        writer.attribute(0x0033, 4);
        writer.useCandidate();
        writer.messageIntegrity(localKey);
        IceLiteResponder.Outcome outcome = handle(writer.fingerprint(), hostA, T0);
        assertEquals(StunDrop.UNKNOWN_REQUIRED_ATTRIBUTE, outcome.reason());
        StunMessage r = parsedResponse(outcome);
        assertEquals(420, r.errorCode());
        assertTrue(r.verifyIntegrity(localKey));
        long list = r.findAttribute(StunAttribute.UNKNOWN_ATTRIBUTES);
        assertEquals(0x0033, Wire.u16(out, list));
        assertNull(responder.selected());

        // Not authenticated: 401 first, nothing revealed about attributes.
        writer.wrap(in, 0, 1500).header(StunMessage.BINDING_REQUEST, ++transaction, 0x0102030405060708L);
        writer.username(ascii(LOCAL_UFRAG + ":" + REMOTE_UFRAG));
        writer.attribute(0x0033, 4);
        writer.messageIntegrity(HmacSha1.ofPassword("wrongPasswordWrongPassword"));
        assertEquals(401, handle(writer.fingerprint(), hostA, T0).errorCode());
    }

    @Test
    void dropsWhatIsNotAnAuthenticatableBindingRequestWithoutAnswering() {
        // Malformed: bad FINGERPRINT.
        int n = check(true);
        Wire.putU8(in, n - 1, Wire.u8(in, n - 1) ^ 1);
        assertDropped(handle(n, hostA, T0), StunDrop.BAD_FINGERPRINT);

        // No FINGERPRINT.
        writer.wrap(in, 0, 1500).header(StunMessage.BINDING_REQUEST, ++transaction, 1);
        writer.username(ascii(LOCAL_UFRAG + ":" + REMOTE_UFRAG));
        writer.useCandidate();
        assertDropped(handle(writer.messageIntegrity(localKey), hostA, T0), StunDrop.NO_FINGERPRINT);

        // A Binding indication (keepalive), a response, another method.
        writer.wrap(in, 0, 1500).header(StunMessage.BINDING_INDICATION, ++transaction, 1);
        assertDropped(handle(writer.fingerprint(), hostA, T0), StunDrop.INDICATION);
        writer.wrap(in, 0, 1500).header(StunMessage.BINDING_SUCCESS, ++transaction, 1);
        assertDropped(handle(writer.fingerprint(), hostA, T0), StunDrop.UNEXPECTED_RESPONSE);
        writer.wrap(in, 0, 1500).header(StunMessage.BINDING_ERROR, ++transaction, 1);
        assertDropped(handle(writer.fingerprint(), hostA, T0), StunDrop.UNEXPECTED_RESPONSE);
        writer.wrap(in, 0, 1500).header(StunMessage.messageType(0x003, StunMessage.CLASS_REQUEST), ++transaction, 1);
        assertDropped(handle(writer.fingerprint(), hostA, T0), StunDrop.UNSUPPORTED_METHOD);

        // Not STUN at all: RTP, and a truncated header.
        Wire.putU8(in, 0, 0x80);
        assertDropped(handle(40, hostA, T0), StunDrop.BAD_TYPE);
        assertDropped(handle(12, hostA, T0), StunDrop.TRUNCATED);
        assertDropped(responder.handle(in, 1490, 20, hostA, T0, out, 0, 1500), DropReason.FRAME_OUT_OF_BOUNDS);
        assertNull(responder.selected());
        assertEquals(0, responder.pairCount());
    }

    @Test
    void useCandidateSmuggledAfterTheIntegrityNominatesNothing() {
        writer.wrap(in, 0, 1500).header(StunMessage.BINDING_REQUEST, ++transaction, 0x0102030405060708L);
        writer.username(ascii(LOCAL_UFRAG + ":" + REMOTE_UFRAG));
        writer.iceControlling(1);
        int n = writer.messageIntegrity(localKey);
        // An on-path attacker appends USE-CANDIDATE and a new FINGERPRINT (which needs no key).
        Wire.putI32(in, n, StunAttribute.USE_CANDIDATE << 16);
        Wire.putU16(in, 2, n + 4 + 8 - 20);
        Wire.putI32(in, n + 4, StunAttribute.FINGERPRINT << 16 | 4);
        Wire.putI32(in, n + 8, new Fingerprint().compute(in, 0, n + 4));
        IceLiteResponder.Outcome outcome = handle(n + 12, hostA, T0);
        assertEquals(DropReason.OK, outcome.reason());
        assertFalse(outcome.nominated());
        assertNull(responder.selected());
    }

    @Test
    void aResponseThatDoesNotFitIsADropAndChangesNothing() {
        IceLiteResponder.Outcome outcome = responder.handle(in, 0, check(true), hostA, T0, out, 0, 40);
        assertDropped(outcome, StunDrop.NO_SPACE);
        assertNull(responder.selected());
        assertEquals(0, responder.pairCount());
        assertEquals(StunDrop.NO_SPACE,
                responder.handle(in, 0, check("x:y", localKey, true, true), hostA, T0, out, 0, 40).reason());
    }

    @Test
    void consentExpiresThirtySecondsAfterTheLastValidCheckOnTheSelectedPair() {
        assertFalse(responder.consentExpired(T0));
        handle(check(true), hostA, T0);
        assertFalse(responder.consentExpired(T0 + 30 * SECOND - 1));
        assertTrue(responder.consentExpired(T0 + 30 * SECOND));

        // Checks on another pair, and rejected checks from the selected one, are no consent for it.
        handle(check(false), hostB, T0 + 20 * SECOND);
        handle(check("sfuA:wrong", localKey, true, false), hostA, T0 + 21 * SECOND);
        handle(check(LOCAL_UFRAG + ":" + REMOTE_UFRAG, localKey, false, false), hostA, T0 + 22 * SECOND); // 487
        assertTrue(responder.consentExpired(T0 + 30 * SECOND));

        // A plain (non-nominating) check on the selected pair refreshes it: the peer's consent checks.
        handle(check(false), hostA, T0 + 25 * SECOND);
        assertFalse(responder.consentExpired(T0 + 54 * SECOND));
        assertTrue(responder.consentExpired(T0 + 55 * SECOND));

        // Expired, then checks resume: consent again.
        handle(check(false), hostA, T0 + 60 * SECOND);
        assertFalse(responder.consentExpired(T0 + 61 * SECOND));

        // A new nomination moves consent to the new pair.
        handle(check(true), hostB, T0 + 70 * SECOND);
        assertFalse(responder.consentExpired(T0 + 99 * SECOND));
        assertTrue(responder.consentExpired(T0 + 100 * SECOND));
    }

    @Test
    void theConsentTimeoutIsConfigurableAndSurvivesTheNanoTimeWrap() {
        IceLiteResponder r = new IceLiteResponder(LOCAL_UFRAG, LOCAL_PWD, REMOTE_UFRAG, 4, 5 * SECOND);
        long nearWrap = Long.MAX_VALUE - 2 * SECOND;
        r.handle(in, 0, check(true), hostA, nearWrap, out, 0, 1500);
        assertFalse(r.consentExpired(nearWrap + 4 * SECOND)); // overflows to a negative time
        assertTrue(r.consentExpired(nearWrap + 5 * SECOND));
    }

    @Test
    void thePairTableIsBoundedAndKeepsTheSelectedPair() {
        handle(check(true), hostA, T0);
        for (int i = 1; i <= 20; i++) {
            handle(check(false), new TransportAddress().ipv4(0x0a000000 + i, 4000), T0 + i * SECOND);
        }
        assertEquals(IceLiteResponder.DEFAULT_MAX_PAIRS, responder.pairCount());
        assertTrue(responder.selected().remoteMatches(hostA));
        boolean hasA = false;
        for (int i = 0; i < responder.pairCount(); i++) {
            hasA |= responder.pair(i).remoteMatches(hostA);
            // Besides A, the most recently checked sources are kept: 10.0.0.14 .. 10.0.0.20.
            assertTrue(responder.pair(i).remoteMatches(hostA) || responder.pair(i).remote().v4() > 0x0a00000d,
                    responder.pair(i).toString());
        }
        assertTrue(hasA);
        assertThrows(IndexOutOfBoundsException.class, () -> responder.pair(IceLiteResponder.DEFAULT_MAX_PAIRS));
    }

    @Test
    void anIceRestartChangesTheCredentialsAndKeepsTheSelectedPair() {
        handle(check(true), hostA, T0);
        responder.credentials("sfuR", "restartedPassword22chr", "brwR");
        IceLiteResponder.Outcome outcome = handle(check(false), hostA, T0 + SECOND);
        assertEquals(401, outcome.errorCode(), "old credentials are no longer valid");
        assertTrue(responder.selected().remoteMatches(hostA), "media goes on until a new nomination");
        outcome = handle(check("sfuR:brwR", HmacSha1.ofPassword("restartedPassword22chr"), true, true), hostB,
                T0 + 2 * SECOND);
        assertEquals(DropReason.OK, outcome.reason());
        assertTrue(parsedResponse(outcome).verifyIntegrity(HmacSha1.ofPassword("restartedPassword22chr")));
        assertTrue(responder.selected().remoteMatches(hostB));
    }

    @Test
    void refusesCredentialsThatAreNotIceChars() {
        assertThrows(IllegalArgumentException.class, () -> new IceLiteResponder("abc", LOCAL_PWD, REMOTE_UFRAG));
        assertThrows(IllegalArgumentException.class, () -> new IceLiteResponder("ab:c", LOCAL_PWD, REMOTE_UFRAG));
        assertThrows(IllegalArgumentException.class, () -> new IceLiteResponder(LOCAL_UFRAG, "short", REMOTE_UFRAG));
        assertThrows(IllegalArgumentException.class, () -> new IceLiteResponder(LOCAL_UFRAG, LOCAL_PWD, "a b c"));
        assertThrows(IllegalArgumentException.class, () -> new IceLiteResponder(LOCAL_UFRAG, LOCAL_PWD, null));
        assertThrows(IllegalArgumentException.class,
                () -> new IceLiteResponder(LOCAL_UFRAG, LOCAL_PWD, "x".repeat(257)));
        assertThrows(IllegalArgumentException.class,
                () -> new IceLiteResponder(LOCAL_UFRAG, LOCAL_PWD, REMOTE_UFRAG, 1, SECOND));
        assertThrows(IllegalArgumentException.class,
                () -> new IceLiteResponder(LOCAL_UFRAG, LOCAL_PWD, REMOTE_UFRAG, 4, 0));
    }

    private static void assertDropped(IceLiteResponder.Outcome outcome, int reason) {
        assertEquals(reason, outcome.reason(), outcome.toString());
        assertEquals(0, outcome.responseLength());
        assertEquals(0, outcome.errorCode());
        assertFalse(outcome.nominated());
        assertFalse(outcome.selectionChanged());
    }
}
