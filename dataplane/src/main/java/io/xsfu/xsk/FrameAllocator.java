package io.xsfu.xsk;

/**
 * Owns the UMEM frames of one socket and knows where each one is: free (ours, unused), in the fill ring
 * (the kernel may receive into it), held by the application (a received packet being processed or a TX
 * copy being written), or in the TX ring (until it comes back on the completion ring). Every transition is
 * checked, so a double free or a stray address is counted and ignored instead of corrupting the pool;
 * {@link #accountedFor()} proves at shutdown that nothing leaked.
 *
 * <p>Single-threaded: only the forwarding agent touches it. No allocation after construction.
 */
public final class FrameAllocator {
    public static final byte FREE = 0;
    public static final byte FILL = 1;
    public static final byte APP = 2;
    public static final byte TX = 3;

    private final int frameSize;
    private final int frameShift;
    private final int frameCount;
    private final long[] freeStack;
    private final byte[] state;
    private int freeCount;
    private int inFill;
    private int inApp;
    private int inTx;
    private long invalidTransitions;

    public FrameAllocator(int frameCount, int frameSize) {
        if (!RingIndex.isPowerOfTwo(frameSize) || frameCount <= 0) {
            throw new IllegalArgumentException("frameSize must be a power of two and frameCount positive");
        }
        this.frameSize = frameSize;
        this.frameShift = Integer.numberOfTrailingZeros(frameSize);
        this.frameCount = frameCount;
        this.freeStack = new long[frameCount];
        this.state = new byte[frameCount];
        // Hand out low addresses first: the most recently freed frame is reused first (warm in cache).
        for (int i = 0; i < frameCount; i++) {
            freeStack[i] = (long) (frameCount - 1 - i) << frameShift;
        }
        this.freeCount = frameCount;
    }

    /** The frame containing {@code address} (RX descriptors point past the headroom into the frame). */
    public long frameOf(long address) {
        return address & ~((long) frameSize - 1);
    }

    /** Takes a free frame for the application (a TX copy); -1 when none is free. */
    public long allocate() {
        if (freeCount == 0) {
            return -1;
        }
        long frame = freeStack[--freeCount];
        state[index(frame)] = APP;
        inApp++;
        return frame;
    }

    /** Takes a free frame for the fill ring; -1 when none is free. */
    public long allocateForFill() {
        if (freeCount == 0) {
            return -1;
        }
        long frame = freeStack[--freeCount];
        state[index(frame)] = FILL;
        inFill++;
        return frame;
    }

    /** A fill-ring frame came back on the RX ring: the application holds it now. */
    public boolean received(long address) {
        return move(address, FILL, APP);
    }

    /** An application frame was put on the TX ring. */
    public boolean transmitted(long address) {
        return move(address, APP, TX);
    }

    /** A TX frame came back on the completion ring. */
    public boolean completed(long address) {
        return release(address, TX);
    }

    /** The application is done with a frame (received packet processed, or a TX copy abandoned). */
    public boolean free(long address) {
        return release(address, APP);
    }

    /** A fill-ring frame the kernel never used, taken back at shutdown. */
    public boolean reclaimFromFill(long address) {
        return release(address, FILL);
    }

    /** Everything the kernel held is ours again (after the socket is closed): its frames return to the pool. */
    public void reclaimAllFromKernel() {
        for (int i = 0; i < frameCount; i++) {
            if (state[i] == FILL || state[i] == TX) {
                release((long) i << frameShift, state[i]);
            }
        }
    }

    private boolean move(long address, byte from, byte to) {
        int i = indexChecked(address);
        if (i < 0 || state[i] != from) {
            invalidTransitions++;
            return false;
        }
        state[i] = to;
        adjust(from, -1);
        adjust(to, +1);
        return true;
    }

    private boolean release(long address, byte from) {
        int i = indexChecked(address);
        if (i < 0 || state[i] != from) {
            invalidTransitions++;
            return false;
        }
        state[i] = FREE;
        adjust(from, -1);
        freeStack[freeCount++] = (long) i << frameShift;
        return true;
    }

    private void adjust(byte where, int delta) {
        switch (where) {
            case FILL -> inFill += delta;
            case APP -> inApp += delta;
            case TX -> inTx += delta;
            default -> { }
        }
    }

    private int index(long frame) {
        return (int) (frame >>> frameShift);
    }

    private int indexChecked(long address) {
        if (address < 0 || address >= ((long) frameCount << frameShift)) {
            return -1;
        }
        return (int) (address >>> frameShift);
    }

    public int frameCount() {
        return frameCount;
    }

    public int frameSize() {
        return frameSize;
    }

    public int freeCount() {
        return freeCount;
    }

    public int inFill() {
        return inFill;
    }

    public int inApp() {
        return inApp;
    }

    public int inTx() {
        return inTx;
    }

    /** Double frees, completions of frames never sent, addresses outside the UMEM: bugs or a misbehaving kernel. */
    public long invalidTransitions() {
        return invalidTransitions;
    }

    /** Every frame is in exactly one place and the places add up to the total. */
    public boolean accountedFor() {
        return freeCount + inFill + inApp + inTx == frameCount;
    }

    /** All frames are back in the free pool (the shutdown invariant). */
    public boolean allFree() {
        return freeCount == frameCount;
    }

    @Override
    public String toString() {
        return "frames{total=" + frameCount + ", free=" + freeCount + ", fill=" + inFill + ", app=" + inApp
                + ", tx=" + inTx + ", invalid=" + invalidTransitions + "}";
    }
}
