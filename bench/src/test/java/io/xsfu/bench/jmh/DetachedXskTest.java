package io.xsfu.bench.jmh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.xsk.BindMode;
import io.xsfu.xsk.ConsumerRing;
import io.xsfu.xsk.DetachedXsk;
import io.xsfu.xsk.FrameAllocator;
import io.xsfu.xsk.ProducerRing;
import io.xsfu.xsk.XskSocket;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The kernel's side of a detached socket, as the agent sees it through the rings. */
class DetachedXskTest {
    @Test
    void framesGoAroundFillRxTxAndCompletionLikeWithTheKernel() {
        try (DetachedXsk xsk = DetachedXsk.open(new XskSocket.Options(64, 2048, 16, BindMode.COPY, true))) {
            XskSocket s = xsk.socket();
            FrameAllocator frames = s.frames();
            assertEquals(16, frames.inFill(), "the fill ring starts full, as after bind");
            assertTrue(s.zeroCopy() && s.needWakeup() && !s.tx().needsWakeup(), "the agent never kicks it");

            MemorySegment packet = MemorySegment.ofArray(new byte[] {1, 2, 3, 4, 5});
            assertEquals(3, xsk.receive(packet, 0, 5, 3));
            ConsumerRing rx = s.rx();
            assertEquals(3, rx.peek(64));
            long address = rx.descriptorAddress(rx.peekedIndex());
            assertEquals(5, rx.descriptorLength(rx.peekedIndex()));
            assertEquals(-1, MemorySegment.mismatch(packet, 0, 5, s.umem(), address, address + 5));
            assertTrue(frames.received(frames.frameOf(address)));
            rx.release(3);

            ProducerRing tx = s.tx();
            assertEquals(1, tx.reserve(1));
            tx.setDescriptor(tx.reservedIndex(), address, 5);
            assertTrue(frames.transmitted(address));
            tx.submit(1);
            assertEquals(1, xsk.txProduced());
            assertEquals(address, xsk.txAddress(0));
            assertEquals(5, xsk.txLength(0));
            assertEquals(1, xsk.transmitAll());
            ConsumerRing cq = s.completion();
            assertEquals(1, cq.peek(64));
            assertEquals(address, cq.address(cq.peekedIndex()));
            cq.release(1);
            assertEquals(0, xsk.transmitAll());
            assertEquals(13, xsk.receive(packet, 0, 5, 100), "only what the fill ring holds");
        }
    }
}
