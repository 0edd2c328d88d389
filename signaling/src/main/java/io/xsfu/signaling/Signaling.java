package io.xsfu.signaling;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.xsfu.sfu.SfuControl;
import io.xsfu.sfu.SfuException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Signaling's core, independent of Netty's pipeline: connections, requests, events, stats and the HTTP views.
 * Its entry points may be called from any thread (the event loops); each hands its work to the control thread,
 * which owns every piece of state here and makes every SFU call, one at a time, in arrival order.
 */
final class Signaling {
    private static final System.Logger LOG = System.getLogger(Signaling.class.getName());

    private final SfuControl sfu;
    private final CounterSource counters;
    private final ControlThread control;
    private final Clock clock;
    private final Sessions sessions;
    private final RequestHandler handler;
    private final StatsReporter stats;
    private final MetricsExporter metrics;
    private final ActiveSpeakers speakers;
    private final long startMillis;
    /** Open WebSocket connections. Control thread only. */
    private final Set<ClientConnection> open = new LinkedHashSet<>();
    private boolean closing;

    Signaling(SignalingConfig config, SfuControl sfu, CounterSource counters, Tokens tokens, ControlThread control,
              Clock clock) {
        this(config, sfu, counters, tokens, control, clock, null);
    }

    /** {@code webrtc} null: no WebRTC transports. */
    Signaling(SignalingConfig config, SfuControl sfu, CounterSource counters, Tokens tokens, ControlThread control,
              Clock clock, io.xsfu.webrtc.WebRtcConductor webrtc) {
        this.sfu = sfu;
        this.counters = counters;
        this.control = control;
        this.clock = clock;
        this.sessions = new Sessions(sfu, config, control);
        WebRtcSignaling webrtcSignaling = webrtc == null ? null : new WebRtcSignaling(sfu, webrtc, sessions, control);
        this.handler = new RequestHandler(sfu, tokens, sessions, webrtcSignaling);
        if (webrtcSignaling != null) {
            sfu.addListener(webrtcSignaling);
            webrtc.events(webrtcSignaling);
        }
        this.speakers = new ActiveSpeakers(sessions, counters, control, clock);
        this.metrics = new MetricsExporter(counters, speakers);
        this.stats = new StatsReporter(sessions, sfu, counters, control,
                Duration.ofSeconds(config.statsIntervalSeconds()), clock);
        this.startMillis = clock.millis();
        sfu.addListener(new RoomEvents(sessions, control));
        control.execute(stats::start);
        control.execute(speakers::start);
    }

    void opened(ClientConnection connection) {
        control.execute(() -> {
            if (closing) {
                connection.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
            } else {
                open.add(connection);
            }
        });
    }

    void closed(ClientConnection connection) {
        control.execute(() -> {
            open.remove(connection);
            sessions.disconnected(connection);
        });
    }

    void request(ClientConnection connection, Request request) {
        metrics.request(request.method());
        control.execute(() -> connection.send(answer(connection, request)));
    }

    /** A message that is not a request: the error goes out in order with the responses before it. */
    void invalid(ClientConnection connection, Request.Invalid invalid) {
        metrics.error(invalid.code());
        control.execute(() -> connection.send(Json.error(invalid.id(), invalid.code(), invalid.getMessage())));
    }

    /**
     * Refused by the connection's rate limit. Answered on the calling event loop, not queued behind the
     * control thread: a flood must not occupy it, so this error may overtake responses to earlier requests.
     */
    void rateLimited(ClientConnection connection, Long id, int requestsPerSecond) {
        metrics.error(ErrorCode.RATE_LIMITED);
        connection.send(Json.error(id, ErrorCode.RATE_LIMITED, "more than " + requestsPerSecond
                + " requests per second; this one was not handled"));
    }

    private String answer(ClientConnection connection, Request request) {
        ErrorCode code;
        String message;
        try {
            if (closing) {
                throw new SignalingException(ErrorCode.UNAVAILABLE, "the server is shutting down");
            }
            ObjectNode result = handler.handle(connection, request);
            return Json.result(request.id(), result);
        } catch (SignalingException e) {
            code = e.code();
            message = e.getMessage();
        } catch (SfuException e) {
            code = ErrorCode.of(e.code());
            message = e.getMessage();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request " + request.method() + " from " + connection + " failed", e);
            code = ErrorCode.INTERNAL;
            message = "internal error (" + e.getClass().getSimpleName() + "); the server logged it";
        }
        metrics.error(code);
        return Json.error(request.id(), code, message);
    }

    CompletableFuture<String> metricsText() {
        return onControl(() -> metrics.render(sfu.rooms(), open.size(), sessions.connected(), sessions.waiting()));
    }

    CompletableFuture<String> adminRooms() {
        return onControl(() -> Json.text(AdminView.render(sfu.rooms(), CounterIndex.of(counters.counters()), sessions,
                speakers, clock.millis())));
    }

    CompletableFuture<String> health() {
        return onControl(() -> {
            ObjectNode health = Json.object();
            health.put("status", closing ? "closing" : "ok");
            health.put("rooms", sfu.rooms().size());
            health.put("connections", open.size());
            ObjectNode participants = health.putObject("participants");
            participants.put("connected", sessions.connected());
            participants.put("waiting", sessions.waiting());
            health.put("uptimeSeconds", (clock.millis() - startMillis) / 1000);
            return Json.text(health);
        });
    }

    /**
     * Tells every client the server is closing, closes their connections, and makes every participant that
     * joined through signaling leave the SFU. New connections are refused from now on.
     */
    CompletableFuture<Void> close() {
        return onControl(() -> {
            closing = true;
            stats.stop();
            speakers.stop();
            String event = Json.event("serverClosing", Json.object());
            for (ClientConnection connection : List.copyOf(open)) {
                connection.send(event);
                connection.close(WebSocketCloseStatus.ENDPOINT_UNAVAILABLE);
            }
            sessions.leaveAll();
            return null;
        });
    }

    private <T> CompletableFuture<T> onControl(Supplier<T> task) {
        CompletableFuture<T> future = new CompletableFuture<>();
        control.execute(() -> {
            try {
                future.complete(task.get());
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        });
        return future;
    }

    /** The participant speaking in {@code room} (the loudest lately, by the audio levels its producers send). Any thread. */
    Optional<String> activeSpeaker(String room) {
        return speakers.activeSpeaker(room);
    }

    /** For tests: sends the stats events now. */
    void reportStats() {
        control.execute(stats::report);
    }
}
