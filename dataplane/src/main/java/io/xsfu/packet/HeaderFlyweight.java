package io.xsfu.packet;

import java.lang.foreign.MemorySegment;

/**
 * What every header flyweight shares: the segment it reads, where the header starts and how many bytes are
 * there. A subclass's {@code wrap} binds it and returns itself; nothing is copied, nothing allocated.
 */
public abstract class HeaderFlyweight {
    protected MemorySegment segment;
    protected long offset;
    protected int length;

    protected final void bind(MemorySegment segment, long offset, int length) {
        this.segment = segment;
        this.offset = offset;
        this.length = length;
    }

    public final MemorySegment segment() {
        return segment;
    }

    public final long offset() {
        return offset;
    }

    public final int length() {
        return length;
    }
}
