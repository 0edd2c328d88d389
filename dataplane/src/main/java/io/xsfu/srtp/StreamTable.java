package io.xsfu.srtp;

/**
 * SSRC to {@link SrtpStream}, open addressing with linear probing over a table at most half full, so a
 * lookup is a hash and a probe or two, without boxing. Bounded: {@link #put} refuses beyond the capacity
 * given at construction, because every SSRC an attacker invents must not cost memory.
 */
final class StreamTable {
    private final SrtpStream[] slots;
    private final int mask;
    private final int capacity;
    private int size;

    StreamTable(int capacity) {
        if (capacity < 1 || capacity > 1 << 20) {
            throw new IllegalArgumentException("stream capacity must be 1 .. 2^20: " + capacity);
        }
        this.capacity = capacity;
        this.slots = new SrtpStream[Integer.highestOneBit(capacity) << 2];
        this.mask = slots.length - 1;
    }

    SrtpStream get(int ssrc) {
        for (int i = home(ssrc); ; i = (i + 1) & mask) {
            SrtpStream s = slots[i];
            if (s == null || s.ssrc() == ssrc) {
                return s;
            }
        }
    }

    boolean full() {
        return size == capacity;
    }

    int size() {
        return size;
    }

    /** Adds a stream for an SSRC that {@link #get} did not find; null when the table is full. */
    SrtpStream put(int ssrc) {
        if (size == capacity) {
            return null;
        }
        int i = home(ssrc);
        while (slots[i] != null) {
            i = (i + 1) & mask;
        }
        SrtpStream s = new SrtpStream(ssrc);
        slots[i] = s;
        size++;
        return s;
    }

    /** Removes an SSRC's stream; the entries after it in its probe run move back so lookups still find them. */
    boolean remove(int ssrc) {
        int i = home(ssrc);
        while (slots[i] != null && slots[i].ssrc() != ssrc) {
            i = (i + 1) & mask;
        }
        if (slots[i] == null) {
            return false;
        }
        slots[i] = null;
        size--;
        for (int j = (i + 1) & mask; slots[j] != null; j = (j + 1) & mask) {
            int h = home(slots[j].ssrc());
            // Move slots[j] into the hole at i unless its home lies cyclically in (i, j].
            boolean homeBetween = i <= j ? (i < h && h <= j) : (i < h || h <= j);
            if (!homeBetween) {
                slots[i] = slots[j];
                slots[j] = null;
                i = j;
            }
        }
        return true;
    }

    private int home(int ssrc) {
        // SSRCs are random but some endpoints pick small or sequential ones: mix before masking.
        int h = ssrc * 0x9E3779B9;
        return (h ^ (h >>> 16)) & mask;
    }
}
