package io.xsfu.config;

/** How the media plane moves packets. */
public enum Backend implements JsonName {
    /** AF_XDP sockets fed by the XDP steering program: the fast path and the default. */
    AFXDP("afxdp"),
    /** Kernel UDP sockets: the fallback where XDP is unavailable, and the baseline for benchmarks. */
    SOCKET("socket");

    private final String jsonName;

    Backend(String jsonName) {
        this.jsonName = jsonName;
    }

    @Override
    public String jsonName() {
        return jsonName;
    }
}
