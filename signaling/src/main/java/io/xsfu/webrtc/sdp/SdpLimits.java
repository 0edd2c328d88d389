package io.xsfu.webrtc.sdp;

/**
 * Bounds on what {@link SdpParser} reads, so that hostile text costs little: it fails at the first line past a
 * bound. The defaults hold any browser offer with room to spare: Chromium 156's richest m-section (a receive-only
 * video) has about 250 lines of at most 150 characters, and a description arrives in a signaling message of at
 * most 1 MiB. The session part (up to the first {@code m=}) counts as a section for {@code maxLinesPerSection}.
 */
public record SdpLimits(int maxChars, int maxLineChars, int maxMediaSections, int maxLinesPerSection) {
    public static final SdpLimits DEFAULT = new SdpLimits(1 << 20, 4096, 256, 2048);

    public SdpLimits {
        Syntax.range(maxChars, 1, Integer.MAX_VALUE, "maxChars");
        Syntax.range(maxLineChars, 8, Integer.MAX_VALUE, "maxLineChars");
        Syntax.range(maxMediaSections, 0, Integer.MAX_VALUE, "maxMediaSections");
        Syntax.range(maxLinesPerSection, 4, Integer.MAX_VALUE, "maxLinesPerSection");
    }
}
