package io.xsfu.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Changes one value of a JSON document addressed by a simple path ({@code $.rooms[0].port}), for making invalid configs. */
final class JsonEdit {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_$][A-Za-z0-9_$]*)|\\[(\\d+)]");

    private JsonEdit() {
    }

    /** {@code json} with the value at {@code path} set to {@code rawJson} (added if absent, appended if the index is the array's size). */
    static String set(String json, String path, String rawJson) {
        JsonNode root = read(json);
        List<Object> steps = steps(path);
        JsonNode parent = navigate(root, steps.subList(0, steps.size() - 1));
        Object last = steps.getLast();
        JsonNode value = read(rawJson);
        if (last instanceof String name) {
            ((ObjectNode) parent).set(name, value);
        } else {
            ArrayNode array = (ArrayNode) parent;
            int index = (Integer) last;
            if (index == array.size()) {
                array.add(value);
            } else {
                array.set(index, value);
            }
        }
        return root.toString();
    }

    /** {@code json} without the value at {@code path}, which must exist. */
    static String remove(String json, String path) {
        JsonNode root = read(json);
        List<Object> steps = steps(path);
        JsonNode parent = navigate(root, steps.subList(0, steps.size() - 1));
        Object last = steps.getLast();
        JsonNode removed = last instanceof String name ? ((ObjectNode) parent).remove(name) : ((ArrayNode) parent).remove((Integer) last);
        if (removed == null) {
            throw new IllegalArgumentException("nothing at " + path);
        }
        return root.toString();
    }

    private static JsonNode navigate(JsonNode node, List<Object> steps) {
        for (Object step : steps) {
            node = step instanceof String name ? node.get(name) : node.get((Integer) step);
            if (node == null) {
                throw new IllegalArgumentException("no such path: " + steps);
            }
        }
        return node;
    }

    private static List<Object> steps(String path) {
        if (!path.startsWith("$")) {
            throw new IllegalArgumentException(path);
        }
        List<Object> steps = new ArrayList<>();
        Matcher m = STEP.matcher(path);
        int at = 1;
        while (at < path.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new IllegalArgumentException("cannot parse path " + path + " at " + at);
            }
            steps.add(m.group(1) != null ? m.group(1) : (Object) Integer.valueOf(m.group(2)));
            at = m.end();
        }
        return steps;
    }

    private static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(json, e);
        }
    }
}
