package io.xsfu.config;

/**
 * Settings of the kernel-socket backend. Ignored when the backend is {@link Backend#AFXDP}.
 *
 * @param batchSize          datagrams per {@code recvmmsg}/{@code sendmmsg} call
 * @param receiveBufferBytes {@code SO_RCVBUF} requested for each socket
 * @param sendBufferBytes    {@code SO_SNDBUF} requested for each socket
 */
public record SocketConfig(int batchSize, int receiveBufferBytes, int sendBufferBytes) {

    public static final int MIN_BATCH_SIZE = 1;
    /** The kernel's UIO_MAXIOV: one mmsghdr vector cannot be longer. */
    public static final int MAX_BATCH_SIZE = 1024;
    public static final int MIN_BUFFER_BYTES = 4096;
    public static final int MAX_BUFFER_BYTES = 1 << 30;

    public static final SocketConfig DEFAULTS = new SocketConfig(64, 4 << 20, 4 << 20);

    public SocketConfig withBatchSize(int value) {
        return new SocketConfig(value, receiveBufferBytes, sendBufferBytes);
    }

    public SocketConfig withReceiveBufferBytes(int value) {
        return new SocketConfig(batchSize, value, sendBufferBytes);
    }

    public SocketConfig withSendBufferBytes(int value) {
        return new SocketConfig(batchSize, receiveBufferBytes, value);
    }
}
