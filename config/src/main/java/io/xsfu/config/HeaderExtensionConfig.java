package io.xsfu.config;

import java.util.Objects;

/**
 * One RTP header extension negotiated with a participant: the local id its packets carry the
 * extension under (RFC 8285), and which extension that is.
 *
 * @param id        1..14 fits the one-byte header form; 15..255 needs the two-byte form, which the
 *                  participant's endpoint must support (SDP {@code a=extmap-allow-mixed})
 * @param extension which extension (JSON {@code uri})
 */
public record HeaderExtensionConfig(int id, HeaderExtension extension) {
    /** The largest id of the one-byte header form (15 is reserved there). */
    public static final int MAX_ONE_BYTE_ID = 14;
    /** The largest id of the two-byte header form. */
    public static final int MAX_ID = 255;
    public static final int MIN_ID = 1;

    public HeaderExtensionConfig {
        Objects.requireNonNull(extension, "extension");
    }

    public static HeaderExtensionConfig of(int id, HeaderExtension extension) {
        return new HeaderExtensionConfig(id, extension);
    }

    public String uri() {
        return extension.uri();
    }

    /** Whether this id needs the two-byte header form. */
    public boolean needsTwoByteHeader() {
        return id > MAX_ONE_BYTE_ID;
    }
}
