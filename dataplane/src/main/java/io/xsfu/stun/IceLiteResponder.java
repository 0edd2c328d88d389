package io.xsfu.stun;

import io.xsfu.packet.DropReason;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The ICE-lite side of one WebRTC transport (RFC 8445 §2.5, §7.3): answers the peer's connectivity checks,
 * learns which 5-tuple the peer nominates, and tells whether the peer's consent to receive is still fresh.
 *
 * <p>A lite agent only responds. The peer (a browser: a full agent) is always controlling; it checks pairs
 * with Binding requests and nominates one with USE-CANDIDATE. For each datagram {@link #handle} decides, in
 * the order RFC 8489 §6.3 and §9.1.3 and RFC 8445 §7.3 give:
 * <ol>
 * <li>malformed, bad FINGERPRINT: dropped silently; no FINGERPRINT: dropped (ICE requires it);</li>
 * <li>not a Binding request: dropped (indications are keepalives; a lite agent expects no responses);</li>
 * <li>no USERNAME or no MESSAGE-INTEGRITY: 400; USERNAME not "localUfrag:remoteUfrag" or MESSAGE-INTEGRITY not
 * verifying with the local ice-pwd: 401 (both without MESSAGE-INTEGRITY: the request is not authenticated);</li>
 * <li>an unknown comprehension-required attribute: 420 with UNKNOWN-ATTRIBUTES;</li>
 * <li>ICE-CONTROLLED: the peer wants the controlled role too; a lite agent can never be controlling, which is
 * the same as holding the largest tie-breaker, so the answer is 487 Role Conflict (RFC 8445 §7.3.1.1);</li>
 * <li>otherwise a success response with XOR-MAPPED-ADDRESS of the source, MESSAGE-INTEGRITY and FINGERPRINT.
 * The pair is recorded; with USE-CANDIDATE it becomes the selected pair.</li>
 * </ol>
 * The selected pair changes only on a valid nominating request (the latest one wins: the controlling peer may
 * move to another pair). Consent (RFC 7675): a lite agent sends no checks of its own, so the peer's valid
 * checks on the selected pair are taken as its consent; {@link #consentExpired} is true once none came for
 * the consent timeout (30 s), and becomes false again if they resume.
 *
 * <p>Pairs are kept in a bounded table (least recently checked, non-selected ones are replaced); only
 * authenticated checks create entries, so a flood of forged requests cannot fill it. Handling a request
 * allocates nothing once its pair is known. Not thread safe: one control thread (the WebRTC conductor).
 */
public final class IceLiteResponder {
    /** RFC 7675 §5.1: consent expires 30 s after it was last confirmed (here: by a valid check). */
    public static final long CONSENT_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);
    public static final int DEFAULT_MAX_PAIRS = 8;
    /** RFC 8839 §5.4: ice-ufrag is 4 to 256 ice-chars, ice-pwd 22 to 256. */
    private static final int MIN_UFRAG = 4;
    private static final int MIN_PWD = 22;
    private static final int MAX_CREDENTIAL = 256;

    private final StunMessage request = new StunMessage();
    private final StunWriter writer = new StunWriter();
    private final Outcome outcome = new Outcome();
    private final CandidatePair[] pairs;
    private final long consentTimeoutNanos;
    private int pairCount;
    private CandidatePair selected;

    private byte[] expectedUsername;
    private HmacSha1 localKey;

    public IceLiteResponder(String localUfrag, String localPwd, String remoteUfrag) {
        this(localUfrag, localPwd, remoteUfrag, DEFAULT_MAX_PAIRS, CONSENT_TIMEOUT_NANOS);
    }

    public IceLiteResponder(String localUfrag, String localPwd, String remoteUfrag, int maxPairs,
            long consentTimeoutNanos) {
        if (maxPairs < 2) {
            throw new IllegalArgumentException("maxPairs must leave room beside the selected pair: " + maxPairs);
        }
        if (consentTimeoutNanos <= 0) {
            throw new IllegalArgumentException("consent timeout must be positive: " + consentTimeoutNanos);
        }
        this.pairs = new CandidatePair[maxPairs];
        this.consentTimeoutNanos = consentTimeoutNanos;
        credentials(localUfrag, localPwd, remoteUfrag);
    }

    /**
     * Sets the credentials: at creation, and on an ICE restart (new ufrag and pwd on both sides). The selected
     * pair stays until the peer nominates one with the new credentials (RFC 8445 §9: media keeps flowing).
     *
     * @throws IllegalArgumentException if a value is not 4..256 (ufrag) or 22..256 (pwd) ice-chars
     */
    public void credentials(String localUfrag, String localPwd, String remoteUfrag) {
        checkIceChars("local ufrag", localUfrag, MIN_UFRAG);
        checkIceChars("local pwd", localPwd, MIN_PWD);
        checkIceChars("remote ufrag", remoteUfrag, MIN_UFRAG);
        // The peer puts our ufrag first: USERNAME is "receiver:sender" (RFC 8445 §7.2.2).
        this.expectedUsername = (localUfrag + ":" + remoteUfrag).getBytes(StandardCharsets.US_ASCII);
        this.localKey = HmacSha1.ofPassword(localPwd);
    }

    private static void checkIceChars(String what, String value, int min) {
        if (value == null || value.length() < min || value.length() > MAX_CREDENTIAL) {
            throw new IllegalArgumentException(what + " must be " + min + " to " + MAX_CREDENTIAL + " ice-chars");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean iceChar = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '+' || c == '/';
            if (!iceChar) {
                throw new IllegalArgumentException(what + " has a character outside ALPHA / DIGIT / + / /: " + value);
            }
        }
    }

    /**
     * Handles one datagram that arrived from {@code source} on this transport and writes the response, if any,
     * into {@code out[outOffset, outOffset + outCapacity)}, to be sent back to {@code source}. Returns this
     * responder's outcome object, overwritten by the next call. A request region outside {@code in} is a drop
     * ({@link DropReason#FRAME_OUT_OF_BOUNDS}).
     *
     * @throws IndexOutOfBoundsException for an output region outside {@code out}: a caller's bug
     */
    public Outcome handle(MemorySegment in, long offset, int length, TransportAddress source, long nowNanos,
            MemorySegment out, long outOffset, int outCapacity) {
        outcome.reset();
        writer.wrap(out, outOffset, outCapacity);
        int valid = request.wrap(in, offset, length).validate();
        if (valid != DropReason.OK && valid != StunDrop.UNKNOWN_REQUIRED_ATTRIBUTE) {
            return outcome.drop(valid);
        }
        if (request.method() != StunMessage.METHOD_BINDING) {
            return outcome.drop(StunDrop.UNSUPPORTED_METHOD);
        }
        switch (request.messageClass()) {
            case StunMessage.CLASS_INDICATION -> {
                return outcome.drop(StunDrop.INDICATION);
            }
            case StunMessage.CLASS_SUCCESS, StunMessage.CLASS_ERROR -> {
                return outcome.drop(StunDrop.UNEXPECTED_RESPONSE);
            }
            default -> {
            }
        }
        if (!request.hasFingerprint()) {
            return outcome.drop(StunDrop.NO_FINGERPRINT);
        }
        if (!request.hasUsername() || !request.hasMessageIntegrity()) {
            return error(400, StunDrop.MISSING_CREDENTIALS, null);
        }
        if (!request.usernameEquals(expectedUsername)) {
            return error(401, StunDrop.UNKNOWN_USERNAME, null);
        }
        if (!request.verifyIntegrity(localKey)) {
            return error(401, StunDrop.BAD_INTEGRITY, null);
        }
        if (valid == StunDrop.UNKNOWN_REQUIRED_ATTRIBUTE) {
            return error(420, StunDrop.UNKNOWN_REQUIRED_ATTRIBUTE, localKey);
        }
        if (request.hasIceControlled()) {
            return error(487, StunDrop.ROLE_CONFLICT, localKey);
        }
        int n = writer.bindingSuccess(request, source, localKey);
        if (n < 0) {
            return outcome.drop(StunDrop.NO_SPACE);
        }
        outcome.responseLength = n;
        CandidatePair pair = pairFor(source, nowNanos);
        pair.checked(request.priority(), nowNanos);
        if (request.useCandidate()) {
            pair.nominate();
            outcome.nominated = true;
            if (selected != pair) {
                selected = pair;
                outcome.selectionChanged = true;
            }
        }
        return outcome;
    }

    private Outcome error(int code, int reason, HmacSha1 key) {
        int n = writer.bindingError(request, code, key);
        if (n < 0) {
            return outcome.drop(StunDrop.NO_SPACE);
        }
        outcome.reason = reason;
        outcome.errorCode = code;
        outcome.responseLength = n;
        return outcome;
    }

    private CandidatePair pairFor(TransportAddress source, long nowNanos) {
        for (int i = 0; i < pairCount; i++) {
            if (pairs[i].remoteMatches(source)) {
                return pairs[i];
            }
        }
        CandidatePair pair;
        if (pairCount < pairs.length) {
            pair = new CandidatePair();
            pairs[pairCount++] = pair;
        } else {
            pair = leastRecentlyChecked();
        }
        pair.reset(source, nowNanos);
        return pair;
    }

    private CandidatePair leastRecentlyChecked() {
        CandidatePair oldest = null;
        for (int i = 0; i < pairCount; i++) {
            CandidatePair p = pairs[i];
            if (p != selected && (oldest == null || p.lastCheckNanos() - oldest.lastCheckNanos() < 0)) {
                oldest = p;
            }
        }
        return oldest;
    }

    /** The pair media goes to and is accepted from, or null before the peer nominated one. */
    public CandidatePair selected() {
        return selected;
    }

    /**
     * True when a pair is selected and no valid check arrived on it for the consent timeout: the transport
     * must stop sending to it (RFC 7675 §5.1). False before any nomination (there is nothing to send to).
     */
    public boolean consentExpired(long nowNanos) {
        return selected != null && nowNanos - selected.lastCheckNanos() >= consentTimeoutNanos;
    }

    public int pairCount() {
        return pairCount;
    }

    /** The {@code index}-th pair seen, in no particular order. */
    public CandidatePair pair(int index) {
        if (index < 0 || index >= pairCount) {
            throw new IndexOutOfBoundsException(index);
        }
        return pairs[index];
    }

    /** What one {@link #handle} call did; the same object is reused by every call. */
    public static final class Outcome {
        private int responseLength;
        private int reason;
        private int errorCode;
        private boolean nominated;
        private boolean selectionChanged;

        void reset() {
            responseLength = 0;
            reason = DropReason.OK;
            errorCode = 0;
            nominated = false;
            selectionChanged = false;
        }

        Outcome drop(int why) {
            reason = why;
            return this;
        }

        /** Bytes of the response written to the output region, to send to the source; 0 when nothing is sent. */
        public int responseLength() {
            return responseLength;
        }

        /**
         * {@link DropReason#OK} for a check answered with success; otherwise the {@link StunDrop} reason the
         * datagram was rejected for, whether an error response was sent ({@link #errorCode()}) or not.
         */
        public int reason() {
            return reason;
        }

        /** The error response's code (400, 401, 420, 487), or 0. */
        public int errorCode() {
            return errorCode;
        }

        /** The request was valid and carried USE-CANDIDATE: its 5-tuple is (still) the selected pair. */
        public boolean nominated() {
            return nominated;
        }

        /** This request made a different pair the selected one (the first nomination included). */
        public boolean selectionChanged() {
            return selectionChanged;
        }

        @Override
        public String toString() {
            return "Outcome[response=" + responseLength + ", reason=" + reason + ", error=" + errorCode
                    + ", nominated=" + nominated + ", selectionChanged=" + selectionChanged + "]";
        }
    }
}
