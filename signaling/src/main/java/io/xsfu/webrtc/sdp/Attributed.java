package io.xsfu.webrtc.sdp;

import java.util.List;
import java.util.Optional;

/** Lookups over the attributes of a session or a media section, in their order. */
public interface Attributed {
    List<Attribute> attributes();

    /** Every attribute of that type, in order. */
    default <T extends Attribute> List<T> all(Class<T> type) {
        return attributes().stream().filter(type::isInstance).map(type::cast).toList();
    }

    default <T extends Attribute> Optional<T> first(Class<T> type) {
        return attributes().stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    /** The value of the first attribute named {@code field}, if it has one. */
    default Optional<String> value(String field) {
        return attributes().stream().filter(a -> a.field().equals(field) && a.value() != null)
                .map(Attribute::value).findFirst();
    }

    /** Whether an attribute named {@code field} is present, such as {@code rtcp-mux}. */
    default boolean has(String field) {
        return attributes().stream().anyMatch(a -> a.field().equals(field));
    }
}
