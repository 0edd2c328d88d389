package io.xsfu.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole configuration of an xsfu server. Instances are immutable; the {@code with} methods
 * return changed copies. A config built in code is not checked until {@link #validate()} or
 * {@link #requireValid()}; {@link ConfigLoader} only returns configs that passed.
 *
 * @param signaling the signaling endpoint; empty: the server has none, and only the static {@code rooms}
 */
public record XsfuConfig(MediaConfig media, Backend backend, AfXdpConfig afxdp, SocketConfig socket,
                         AgentConfig agent, CountersConfig counters, Optional<SignalingSettings> signaling,
                         List<RoomConfig> rooms) {

    public static final Backend DEFAULT_BACKEND = Backend.AFXDP;

    public XsfuConfig {
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(afxdp, "afxdp");
        Objects.requireNonNull(socket, "socket");
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(signaling, "signaling");
        rooms = List.copyOf(rooms);
    }

    /** A config with every optional section at its default, and no signaling endpoint. */
    public static XsfuConfig of(MediaConfig media, RoomConfig... rooms) {
        return new XsfuConfig(media, DEFAULT_BACKEND, AfXdpConfig.DEFAULTS, SocketConfig.DEFAULTS, AgentConfig.DEFAULTS,
                CountersConfig.DEFAULTS, Optional.empty(), List.of(rooms));
    }

    /** Every problem with this config; empty if it is valid. */
    public List<ConfigError> validate() {
        return ConfigValidator.validate(this);
    }

    /**
     * @return this config
     * @throws ConfigException listing every problem, if there is any
     */
    public XsfuConfig requireValid() {
        List<ConfigError> errors = validate();
        if (!errors.isEmpty()) {
            throw new ConfigException("(built in code)", errors);
        }
        return this;
    }

    public XsfuConfig withMedia(MediaConfig value) {
        return new XsfuConfig(value, backend, afxdp, socket, agent, counters, signaling, rooms);
    }

    public XsfuConfig withBackend(Backend value) {
        return new XsfuConfig(media, value, afxdp, socket, agent, counters, signaling, rooms);
    }

    public XsfuConfig withAfxdp(AfXdpConfig value) {
        return new XsfuConfig(media, backend, value, socket, agent, counters, signaling, rooms);
    }

    public XsfuConfig withSocket(SocketConfig value) {
        return new XsfuConfig(media, backend, afxdp, value, agent, counters, signaling, rooms);
    }

    public XsfuConfig withAgent(AgentConfig value) {
        return new XsfuConfig(media, backend, afxdp, socket, value, counters, signaling, rooms);
    }

    public XsfuConfig withCounters(CountersConfig value) {
        return new XsfuConfig(media, backend, afxdp, socket, agent, value, signaling, rooms);
    }

    public XsfuConfig withSignaling(SignalingSettings value) {
        return new XsfuConfig(media, backend, afxdp, socket, agent, counters, Optional.of(value), rooms);
    }

    /** This config without a signaling endpoint. */
    public XsfuConfig withoutSignaling() {
        return new XsfuConfig(media, backend, afxdp, socket, agent, counters, Optional.empty(), rooms);
    }

    public XsfuConfig withRooms(List<RoomConfig> value) {
        return new XsfuConfig(media, backend, afxdp, socket, agent, counters, signaling, value);
    }

    /** This config with {@code room} appended. */
    public XsfuConfig withRoom(RoomConfig room) {
        List<RoomConfig> all = new ArrayList<>(rooms);
        all.add(room);
        return withRooms(all);
    }
}
