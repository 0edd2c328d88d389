package io.xsfu.xsk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FrameAllocatorTest {
    @Test
    void handsOutEveryFrameOnceThenRunsDry() {
        FrameAllocator f = new FrameAllocator(16, 2048);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 16; i++) {
            long a = f.allocate();
            assertEquals(0, a % 2048);
            assertTrue(seen.add(a), "frame handed out twice: " + a);
        }
        assertEquals(-1, f.allocate());
        assertEquals(-1, f.allocateForFill());
        assertTrue(f.accountedFor());
        assertEquals(16, f.inApp());
    }

    @Test
    void followsAFrameThroughFillRxTxAndCompletion() {
        FrameAllocator f = new FrameAllocator(4, 4096);
        long fill = f.allocateForFill();
        assertEquals(1, f.inFill());
        // The kernel received into it; the descriptor points past the headroom.
        assertTrue(f.received(f.frameOf(fill + 256)));
        assertEquals(1, f.inApp());
        assertTrue(f.free(fill));
        long copy = f.allocate();
        assertTrue(f.transmitted(copy));
        assertEquals(1, f.inTx());
        assertTrue(f.completed(copy));
        assertTrue(f.allFree());
        assertTrue(f.accountedFor());
        assertEquals(0, f.invalidTransitions());
    }

    @Test
    void doubleFreeAndStrayAddressesAreCountedNotApplied() {
        FrameAllocator f = new FrameAllocator(4, 2048);
        long a = f.allocate();
        assertTrue(f.free(a));
        assertFalse(f.free(a), "double free");
        assertFalse(f.completed(a), "completion of a frame never sent");
        assertFalse(f.free(4 * 2048), "outside the UMEM");
        assertFalse(f.free(-2048));
        assertEquals(4, f.invalidTransitions());
        assertEquals(4, f.freeCount());
        assertTrue(f.accountedFor());
    }

    @Test
    void reclaimAtShutdownReturnsWhatTheKernelHeld() {
        FrameAllocator f = new FrameAllocator(8, 2048);
        long fill = f.allocateForFill();
        long tx = f.allocate();
        f.transmitted(tx);
        assertTrue(f.reclaimFromFill(fill));
        assertEquals(1, f.inTx());
        f.reclaimAllFromKernel();
        assertTrue(f.allFree());
    }
}
