package io.xsfu.xsk;

/** How an AF_XDP socket binds to its queue: zero-copy needs driver support (i40e, ice, mlx5...), copy works everywhere. */
public enum BindMode {
    /** Zero-copy first; copy mode when the driver cannot (veth, most virtual NICs). */
    AUTO,
    ZEROCOPY,
    COPY
}
