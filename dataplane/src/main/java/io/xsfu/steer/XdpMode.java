package io.xsfu.steer;

/** How the steering program is attached to the interface. */
public enum XdpMode {
    /** Native (driver) mode if the driver supports it, generic (skb) mode otherwise. */
    AUTO,
    /** Native mode or fail: the fast path, run by the driver before any socket buffer exists. */
    NATIVE,
    /** Generic mode or fail: works on any interface, after the kernel has built a socket buffer. */
    SKB
}
