package io.xsfu.signaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Typed, range-checked access to a request's parameters. Every failure is INVALID_PARAMS naming the field by
 * its path ({@code params.rtx.ssrc}), what it must be, and what it was. Unknown fields are refused too: a
 * misspelt optional field would otherwise be silently ignored.
 */
final class Params {
    private static final int SHOWN_LENGTH = 40;

    private final ObjectNode node;
    private final String path;

    Params(ObjectNode node, String path) {
        this.node = node;
        this.path = path;
    }

    static Params of(Request request) {
        return new Params(request.params(), "params");
    }

    /** Refuses any field not named here. */
    Params allow(String... fields) {
        Set<String> allowed = Set.of(fields);
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid(clip(name), "unknown field (allowed: " + String.join(", ", fields) + ")");
            }
        }
        return this;
    }

    boolean has(String field) {
        return node.has(field);
    }

    /** A room, participant or producer id. */
    String id(String field) {
        JsonNode value = required(field);
        if (!value.isTextual() || !Ids.valid(value.textValue())) {
            throw invalid(field, "must be an id (" + Ids.RULE + "), got " + shown(value));
        }
        return value.textValue();
    }

    /** A non-empty string of at most {@code maxLength} characters. */
    String string(String field, int maxLength) {
        JsonNode value = required(field);
        if (!value.isTextual() || value.textValue().isEmpty() || value.textValue().length() > maxLength) {
            throw invalid(field, "must be a non-empty string of at most " + maxLength + " characters, got " + shown(value));
        }
        return value.textValue();
    }

    int integer(String field, int min, int max) {
        return (int) integer(field, (long) min, max);
    }

    long integer(String field, long min, long max) {
        JsonNode value = required(field);
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
            throw invalid(field, "must be an integer between " + min + " and " + max + ", got " + shown(value));
        }
        return value.longValue();
    }

    OptionalInt optionalInteger(String field, int min, int max) {
        return has(field) ? OptionalInt.of(integer(field, min, max)) : OptionalInt.empty();
    }

    boolean bool(String field, boolean absent) {
        if (!has(field)) {
            return absent;
        }
        JsonNode value = node.get(field);
        if (!value.isBoolean()) {
            throw invalid(field, "must be true or false, got " + shown(value));
        }
        return value.booleanValue();
    }

    Optional<Params> object(String field) {
        if (!has(field)) {
            return Optional.empty();
        }
        JsonNode value = node.get(field);
        if (!value.isObject()) {
            throw invalid(field, "must be an object, got " + shown(value));
        }
        return Optional.of(new Params((ObjectNode) value, path + "." + field));
    }

    /** The objects of an array field (absent: none), at most {@code maxItems}. */
    List<Params> objects(String field, int maxItems) {
        if (!has(field)) {
            return List.of();
        }
        JsonNode value = node.get(field);
        if (!value.isArray() || value.size() > maxItems) {
            throw invalid(field, "must be an array of at most " + maxItems + " objects, got " + shown(value));
        }
        List<Params> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                throw invalid(field + "[" + i + "]", "must be an object, got " + shown(item));
            }
            items.add(new Params((ObjectNode) item, path + "." + field + "[" + i + "]"));
        }
        return items;
    }

    /** A refusal about {@code field} of this object. */
    SignalingException invalid(String field, String reason) {
        return new SignalingException(ErrorCode.INVALID_PARAMS, path + "." + field + ": " + reason);
    }

    private JsonNode required(String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw invalid(field, "required");
        }
        return value;
    }

    /** A value as JSON, clipped: error messages echo what was sent without echoing a flood. */
    static String shown(JsonNode value) {
        return clip(Json.text(value));
    }

    static String clip(String text) {
        return text.length() <= SHOWN_LENGTH ? text : text.substring(0, SHOWN_LENGTH) + "...";
    }
}
