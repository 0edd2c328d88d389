package io.xsfu.testbed;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statistics an {@code rtpsession} notifies (printed by {@code gst-launch -v} as
 * {@code rtpsession0: stats = application/x-rtp-session-stats, ...}): session-wide counters and, per SSRC the
 * session knows, the fields of its {@code application/x-rtp-source-stats} (e.g. {@code recv-pli-count},
 * {@code sent-nack-count}, {@code have-sr}, {@code packets-received}). Values are kept as printed.
 */
public record RtpSessionStats(Map<String, String> session, Map<Long, Map<String, String>> sources) {
    /** What a {@code gst-launch -v} line of an rtpsession's stats starts its value with. */
    public static final String LINE_MARKER = ": stats = application/x-rtp-session-stats";

    private static final Pattern FIELD = Pattern.compile("([a-z0-9-]+)=\\(([a-zA-Z0-9]+)\\)([^,;]*)");
    private static final String SOURCE_START = "\"application/x-rtp-source-stats";
    private static final Pattern SOURCES_ARRAY = Pattern.compile("source-stats=\\(GValueArray\\)<.*>");

    /** Parses one line; throws {@link IllegalArgumentException} if it is not an rtpsession stats line. */
    public static RtpSessionStats parse(String line) {
        int start = line.indexOf(LINE_MARKER);
        if (start < 0) {
            throw new IllegalArgumentException("not an rtpsession stats line: " + line);
        }
        String value = line.substring(start + LINE_MARKER.length());
        Map<Long, Map<String, String>> sources = new LinkedHashMap<>();
        for (int at = value.indexOf(SOURCE_START); at >= 0; at = value.indexOf(SOURCE_START, at + 1)) {
            Map<String, String> fields = fields(quoted(value, at + SOURCE_START.length()));
            String ssrc = fields.get("ssrc");
            if (ssrc != null) {
                sources.put(Long.parseLong(ssrc), fields);
            }
        }
        Map<String, String> session = fields(SOURCES_ARRAY.matcher(value).replaceAll(""));
        return new RtpSessionStats(Map.copyOf(session), Map.copyOf(sources));
    }

    /**
     * The rest of a quoted string from {@code from} up to its closing quote, unescaped: inside the quotes every
     * separator and parenthesis of the nested structure is escaped with a backslash.
     */
    private static String quoted(String text, int from) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                break;
            }
            if (c == '\\' && i + 1 < text.length()) {
                c = text.charAt(++i);
            }
            out.append(c);
        }
        return out.toString();
    }

    private static Map<String, String> fields(String text) {
        Map<String, String> fields = new HashMap<>();
        Matcher m = FIELD.matcher(text);
        while (m.find()) {
            fields.put(m.group(1), m.group(3).trim());
        }
        return fields;
    }

    /** A numeric field of one source's statistics; empty if the session does not know the SSRC (yet). */
    public Optional<Long> source(long ssrc, String field) {
        Map<String, String> s = sources.get(ssrc);
        if (s == null || !s.containsKey(field)) {
            return Optional.empty();
        }
        return Optional.of(Long.parseLong(s.get(field)));
    }

    /** A boolean field of one source's statistics (false when absent). */
    public boolean sourceFlag(long ssrc, String field) {
        Map<String, String> s = sources.get(ssrc);
        return s != null && "true".equals(s.get(field));
    }

    /** A session-wide counter ({@code sent-nack-count}, {@code recv-nack-count}, {@code rtx-count}...). */
    public long sessionCounter(String field) {
        String v = session.get(field);
        if (v == null) {
            throw new IllegalArgumentException("no session field " + field + " in " + session.keySet());
        }
        return Long.parseLong(v);
    }
}
