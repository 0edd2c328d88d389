package io.xsfu.netlink;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the bytes, parsing ends normally or with a NetlinkProtocolException, never another failure. */
class ParserProperties {

    @Property(tries = 2000)
    void anyDatagramParsesOrIsAProtocolError(@ForAll("datagrams") byte[] bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment s = arena.allocate(Math.max(1, bytes.length));
            MemorySegment.copy(bytes, 0, s, ValueLayout.JAVA_BYTE, 0, bytes.length);
            MessageCursor m = new MessageCursor().wrap(s, bytes.length);
            AttributeCursor a = new AttributeCursor();
            try {
                while (m.next()) {
                    decodeAsEverything(m, a);
                }
            } catch (NetlinkProtocolException expected) {
                // a clear error is an acceptable outcome for garbage
            }
        }
    }

    private static void decodeAsEverything(MessageCursor m, AttributeCursor a) {
        tryDecode(() -> LinkMessage.decode(m, a));
        tryDecode(() -> AddressMessage.decodeAddress(m, a));
        tryDecode(() -> RouteMessage.decode(m, a));
        tryDecode(() -> NeighbourMessage.decode(m, a));
        tryDecode(() -> RtNetlink.extendedAckMessage(m));
        tryDecode(() -> RtNetlink.doneMessage(m));
    }

    private static void tryDecode(Runnable decode) {
        try {
            decode.run();
        } catch (NetlinkProtocolException expected) {
            // fine
        }
    }

    /** Mostly well-framed messages with random bodies, so that the decoders, not only the framing, are reached. */
    @Provide
    Arbitrary<byte[]> datagrams() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> framed = Arbitraries.bytes().array(byte[].class).ofMaxSize(120).map(body -> {
            byte[] out = new byte[16 + body.length];
            int len = out.length;
            out[0] = (byte) len;
            out[1] = (byte) (len >> 8);
            out[4] = 28; // a type; decoders ignore it
            System.arraycopy(body, 0, out, 16, body.length);
            return out;
        });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, random),
                net.jqwik.api.Tuple.of(4, framed));
    }
}
