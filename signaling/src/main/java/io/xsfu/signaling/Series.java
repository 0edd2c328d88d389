package io.xsfu.signaling;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A counter label read as a Prometheus series: {@code name{key="value",...}}, values with the exposition
 * format's escapes ({@code \\}, {@code \"}, {@code \n}). Anything else is not a series (and is skipped).
 */
record Series(String name, Map<String, String> labels) {
    static Optional<Series> parse(String text) {
        int i = 0;
        int n = text.length();
        while (i < n && nameChar(text.charAt(i), i == 0)) {
            i++;
        }
        if (i == 0) {
            return Optional.empty();
        }
        String name = text.substring(0, i);
        if (i == n) {
            return Optional.of(new Series(name, Map.of()));
        }
        if (text.charAt(i) != '{' || text.charAt(n - 1) != '}') {
            return Optional.empty();
        }
        Map<String, String> labels = new LinkedHashMap<>();
        i++;
        while (i < n - 1) {
            int start = i;
            while (i < n && labelChar(text.charAt(i), i == start)) {
                i++;
            }
            if (i == start || i + 1 >= n || text.charAt(i) != '=' || text.charAt(i + 1) != '"') {
                return Optional.empty();
            }
            String key = text.substring(start, i);
            i += 2;
            StringBuilder value = new StringBuilder();
            while (i < n && text.charAt(i) != '"') {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < n) {
                    char escaped = text.charAt(i + 1);
                    value.append(escaped == 'n' ? '\n' : escaped);
                    i += 2;
                } else {
                    value.append(c);
                    i++;
                }
            }
            if (i >= n || labels.put(key, value.toString()) != null) {
                return Optional.empty();
            }
            i++;
            if (i < n - 1) {
                if (text.charAt(i) != ',') {
                    return Optional.empty();
                }
                i++;
            }
        }
        return i == n - 1 ? Optional.of(new Series(name, Collections.unmodifiableMap(labels))) : Optional.empty();
    }

    String label(String key) {
        return labels.get(key);
    }

    private static boolean nameChar(char c, boolean first) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':' || !first && c >= '0' && c <= '9';
    }

    private static boolean labelChar(char c, boolean first) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || !first && c >= '0' && c <= '9';
    }
}
