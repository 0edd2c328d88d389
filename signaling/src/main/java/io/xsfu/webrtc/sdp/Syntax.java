package io.xsfu.webrtc.sdp;

import java.util.List;

/**
 * The lexical rules of SDP values, shared by the records' constructors (so that a model built in code can
 * always be written back without injecting a line) and the parser (which turns their
 * {@link IllegalArgumentException}s into {@link SdpException}s with the line number).
 */
final class Syntax {
    /** Long enough to recognise a bad value in a message, short enough that hostile input cannot bloat it. */
    private static final int QUOTE_LIMIT = 40;
    /** 19 digits always fit a long. */
    private static final int MAX_DIGITS = 19;

    private Syntax() {}

    /** RFC 8866 token-char: visible ASCII except {@code " ( ) , / : ; < = > ? @ [ \ ] }}. */
    static boolean isTokenChar(char c) {
        return c == 0x21 || (c >= 0x23 && c <= 0x27) || c == 0x2A || c == 0x2B || c == 0x2D || c == 0x2E
                || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x5E && c <= 0x7E);
    }

    /** RFC 8839 ice-char: ALPHA / DIGIT / "+" / "/". */
    static boolean isIceChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
    }

    static String token(String s, String what) {
        nonEmpty(s, what);
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                throw new IllegalArgumentException(what + " has a character a token may not have: " + quote(s));
            }
        }
        return s;
    }

    /** Visible ASCII, no space: URIs, addresses, user names. */
    static String word(String s, String what) {
        nonEmpty(s, what);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7F) {
                throw new IllegalArgumentException(what + " must be visible ASCII without spaces: " + quote(s));
            }
        }
        return s;
    }

    /** Free text: anything a line may hold (no NUL, CR or LF); may be empty. */
    static String text(String s, String what) {
        if (s == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == 0 || c == '\r' || c == '\n') {
                throw new IllegalArgumentException(what + " has a NUL, CR or LF character");
            }
        }
        return s;
    }

    /** Like {@link #text} but null stays null: an optional part of a value. */
    static String optionalText(String s, String what) {
        return s == null ? null : text(s, what);
    }

    static String iceChars(String s, int min, int max, String what) {
        if (s == null || s.length() < min || s.length() > max) {
            throw new IllegalArgumentException(what + " must have " + min + " to " + max + " characters, got "
                    + (s == null ? "none" : s.length()));
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isIceChar(s.charAt(i))) {
                throw new IllegalArgumentException(what + " may only have letters, digits, + and /: " + quote(s));
            }
        }
        return s;
    }

    static long range(long value, long min, long max, String what) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** A decimal number in [min, max]; only ASCII digits, so no sign, space or overflow slips through. */
    static long number(String s, long min, long max, String what) {
        if (s == null || s.isEmpty() || s.length() > MAX_DIGITS) {
            throw new IllegalArgumentException(what + " must be a number between " + min + " and " + max + ", got "
                    + quote(s));
        }
        long value = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(what + " must be a number between " + min + " and " + max
                        + ", got " + quote(s));
            }
            value = value * 10 + (c - '0');
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " must be between " + min + " and " + max + ", got " + quote(s));
        }
        return value;
    }

    static int integer(String s, int min, int max, String what) {
        return (int) number(s, min, max, what);
    }

    static <T> List<T> list(List<T> values, String what) {
        if (values == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return List.copyOf(values);
    }

    /** A value for a message: quoted and cut short. */
    static String quote(String s) {
        if (s == null) {
            return "nothing";
        }
        String cut = s.length() <= QUOTE_LIMIT ? s : s.substring(0, QUOTE_LIMIT) + "...";
        StringBuilder out = new StringBuilder(cut.length() + 2).append('"');
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            out.append(c < 0x20 || c == 0x7F ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.append('"').toString();
    }

    private static void nonEmpty(String s, String what) {
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
    }

    /**
     * The space-separated words of a value. SDP separates fields by exactly one space, so an empty word (two
     * spaces, a leading or trailing space) is an error rather than something to guess about.
     */
    static String[] words(String value, int min, String what) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        String[] words = value.split(" ", -1);
        for (String w : words) {
            if (w.isEmpty()) {
                throw new IllegalArgumentException(what + ": fields must be separated by one space: " + quote(value));
            }
        }
        if (words.length < min) {
            throw new IllegalArgumentException(what + " needs at least " + min + " fields, got " + words.length
                    + ": " + quote(value));
        }
        return words;
    }
}
