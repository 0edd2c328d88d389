package io.xsfu.signaling;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;

/**
 * One client request, {@code {"id": 1, "method": "join", "params": {...}}}: an integer id the response echoes,
 * a method name, and an object of parameters (absent means empty).
 */
record Request(long id, String method, ObjectNode params) {
    /** The largest integer every JSON implementation (JavaScript's doubles) reads exactly. */
    static final long MAX_ID = (1L << 53) - 1;
    private static final int MAX_METHOD_LENGTH = 64;

    /** Why a message is not a request, with the id when it could be read (else the error's id is null). */
    static final class Invalid extends Exception {
        private final Long id;
        private final ErrorCode code;

        Invalid(Long id, ErrorCode code, String message) {
            super(message, null, false, false);
            this.id = id;
            this.code = code;
        }

        Long id() {
            return id;
        }

        ErrorCode code() {
            return code;
        }
    }

    static Request parse(String text) throws Invalid {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            throw new Invalid(null, ErrorCode.PARSE_ERROR, "not JSON: " + e.getOriginalMessage() + where);
        }
        if (root == null || root.isMissingNode()) {
            throw new Invalid(null, ErrorCode.PARSE_ERROR, "not JSON: empty message");
        }
        if (!root.isObject()) {
            throw new Invalid(null, ErrorCode.INVALID_REQUEST, "a request is a JSON object {\"id\", \"method\", \"params\"}");
        }
        JsonNode idNode = root.get("id");
        if (idNode == null) {
            throw new Invalid(null, ErrorCode.INVALID_REQUEST, "id: required");
        }
        if (!idNode.isIntegralNumber() || !idNode.canConvertToLong() || idNode.longValue() < 0
                || idNode.longValue() > MAX_ID) {
            throw new Invalid(null, ErrorCode.INVALID_REQUEST,
                    "id: must be an integer between 0 and " + MAX_ID + ", got " + Params.shown(idNode));
        }
        long id = idNode.longValue();
        JsonNode methodNode = root.get("method");
        if (methodNode == null) {
            throw new Invalid(id, ErrorCode.INVALID_REQUEST, "method: required");
        }
        if (!methodNode.isTextual() || methodNode.textValue().isEmpty()
                || methodNode.textValue().length() > MAX_METHOD_LENGTH) {
            throw new Invalid(id, ErrorCode.INVALID_REQUEST,
                    "method: must be a method name (a string), got " + Params.shown(methodNode));
        }
        JsonNode params = root.get("params");
        if (params != null && !params.isObject()) {
            throw new Invalid(id, ErrorCode.INVALID_REQUEST, "params: must be an object, got " + Params.shown(params));
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("id") && !name.equals("method") && !name.equals("params")) {
                throw new Invalid(id, ErrorCode.INVALID_REQUEST,
                        "unknown field '" + Params.clip(name) + "' (a request has id, method and params)");
            }
        }
        return new Request(id, methodNode.textValue(), params == null ? Json.object() : (ObjectNode) params);
    }
}
