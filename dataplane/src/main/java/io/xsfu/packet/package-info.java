/**
 * The packet layer of the dataplane: flyweights over a frame's {@link java.lang.foreign.MemorySegment}
 * (a UMEM frame in production, a heap array in tests), Internet checksums, the receive-side
 * {@link io.xsfu.packet.PacketParser} that classifies a frame or names exactly why it is dropped, and the
 * transmit-side {@link io.xsfu.packet.UdpFrameWriter} that builds the headers of one forwarded copy.
 *
 * <p>Every per-packet method here is allocation free: fields are read and written in place with the
 * big-endian layouts of {@link io.xsfu.packet.Wire}; results are primitives or go into a reused
 * {@link io.xsfu.packet.ParsedPacket}. Flyweight accessors do not check the wrapped length (the parser
 * has done so before anyone reads a field); the segment's own bounds check still applies, so a bug is
 * an {@code IndexOutOfBoundsException}, never a read of foreign memory. {@code MacAddress} and
 * {@code IpAddresses} are for the control path and do allocate.
 */
package io.xsfu.packet;
