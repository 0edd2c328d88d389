package io.xsfu.config;

/**
 * What the signaling endpoint lets clients use. Bounds and defaults are those of
 * {@code io.xsfu.signaling.SignalingConfig}, which enforces them; the config rejects a value it would refuse.
 *
 * @param maxMessageBytes        the largest WebSocket message (and HTTP request) accepted; a larger one closes the connection
 * @param requestsPerSecond      per connection: rate and burst of its token bucket; beyond it a request gets RATE_LIMITED
 * @param maxParticipantsPerRoom a join beyond it is ROOM_FULL; configured participants count
 * @param maxRooms               a join that would create one more room is TOO_MANY_ROOMS; configured rooms count
 * @param gracePeriodSeconds     how long a dropped connection's participant stays for a reconnect; 0 leaves at once
 * @param statsIntervalSeconds   how often each participant gets its stats event; 0 for never
 */
public record SignalingLimits(int maxMessageBytes, int requestsPerSecond, int maxParticipantsPerRoom, int maxRooms,
                              int gracePeriodSeconds, int statsIntervalSeconds) {

    public static final int MIN_MESSAGE_BYTES = 1024;
    public static final int MAX_MESSAGE_BYTES = 1 << 20;
    public static final int MIN_REQUESTS_PER_SECOND = 1;
    public static final int MAX_REQUESTS_PER_SECOND = 10_000;
    public static final int MIN_PARTICIPANTS_PER_ROOM = 1;
    public static final int MAX_PARTICIPANTS_PER_ROOM = 10_000;
    public static final int MIN_ROOMS = 1;
    public static final int MAX_ROOMS = 100_000;
    public static final int MIN_SECONDS = 0;
    public static final int MAX_SECONDS = 3600;

    /** 256 KiB messages (a browser's SDP offer with many m-lines), 20 requests/s, 100 participants per room, 100 rooms, 15 s to reconnect, stats every 5 s. */
    public static final SignalingLimits DEFAULTS = new SignalingLimits(256 * 1024, 20, 100, 100, 15, 5);

    public SignalingLimits withMaxMessageBytes(int value) {
        return new SignalingLimits(value, requestsPerSecond, maxParticipantsPerRoom, maxRooms, gracePeriodSeconds, statsIntervalSeconds);
    }

    public SignalingLimits withRequestsPerSecond(int value) {
        return new SignalingLimits(maxMessageBytes, value, maxParticipantsPerRoom, maxRooms, gracePeriodSeconds, statsIntervalSeconds);
    }

    public SignalingLimits withMaxParticipantsPerRoom(int value) {
        return new SignalingLimits(maxMessageBytes, requestsPerSecond, value, maxRooms, gracePeriodSeconds, statsIntervalSeconds);
    }

    public SignalingLimits withMaxRooms(int value) {
        return new SignalingLimits(maxMessageBytes, requestsPerSecond, maxParticipantsPerRoom, value, gracePeriodSeconds, statsIntervalSeconds);
    }

    public SignalingLimits withGracePeriodSeconds(int value) {
        return new SignalingLimits(maxMessageBytes, requestsPerSecond, maxParticipantsPerRoom, maxRooms, value, statsIntervalSeconds);
    }

    public SignalingLimits withStatsIntervalSeconds(int value) {
        return new SignalingLimits(maxMessageBytes, requestsPerSecond, maxParticipantsPerRoom, maxRooms, gracePeriodSeconds, value);
    }
}
