package io.xsfu.sys;

import java.lang.foreign.ValueLayout;

/** Unaligned native-order layouts for fields of packed C structs (pollfd.revents, epoll_event.data). */
final class PackedLayouts {
    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED;
    static final ValueLayout.OfLong LONG_UNALIGNED = ValueLayout.JAVA_LONG_UNALIGNED;

    private PackedLayouts() {
    }
}
