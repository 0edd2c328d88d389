package io.xsfu.webrtc.dtls;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.TlsTimeoutException;

/**
 * The datagram transport BouncyCastle's blocking protocol runs over: what the conductor received waits in a bounded
 * queue for the association's thread, and what BouncyCastle sends goes straight to the {@link DtlsEndpoint.Link}.
 * While a handshake deadline is set, no wait outlasts it, so a handshake ends on time even if the record layer
 * keeps asking for more.
 */
final class QueuedDatagramTransport implements DatagramTransport {
    /** Larger than any datagram an Ethernet path carries; longer ones are refused before they are queued. */
    static final int RECEIVE_LIMIT = 2048;
    private static final byte[] WAKE = new byte[0];
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final ArrayBlockingQueue<byte[]> inbound;
    private final DtlsEndpoint.Link link;
    private final int sendLimit;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendFailures = new AtomicLong();
    private volatile boolean closed;
    private volatile long deadlineNanos = NO_DEADLINE;
    private volatile Duration timeout = Duration.ZERO;

    QueuedDatagramTransport(DtlsEndpoint.Link link, int sendLimit, int queueCapacity) {
        this.link = link;
        this.sendLimit = sendLimit;
        this.inbound = new ArrayBlockingQueue<>(queueCapacity);
    }

    /** Queues a received datagram; false if closed or the queue is full (the datagram is lost, as UDP may). */
    boolean offer(byte[] datagram) {
        return !closed && inbound.offer(datagram);
    }

    boolean isEmpty() {
        return inbound.isEmpty();
    }

    void startDeadline(Duration handshakeTimeout) {
        timeout = handshakeTimeout;
        deadlineNanos = System.nanoTime() + handshakeTimeout.toNanos();
    }

    void clearDeadline() {
        deadlineNanos = NO_DEADLINE;
    }

    boolean isClosed() {
        return closed;
    }

    long sent() {
        return sent.get();
    }

    long sendFailures() {
        return sendFailures.get();
    }

    @Override
    public int getReceiveLimit() {
        return RECEIVE_LIMIT;
    }

    @Override
    public int getSendLimit() {
        return sendLimit;
    }

    /** Waits up to {@code waitMillis} (0: no limit, as for a socket's SO_TIMEOUT); -1 when nothing came. */
    @Override
    public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
        if (closed) {
            throw new IOException("DTLS endpoint closed");
        }
        long waitNanos = waitMillis == 0 ? NO_DEADLINE : TimeUnit.MILLISECONDS.toNanos(waitMillis);
        long deadline = deadlineNanos;
        if (deadline != NO_DEADLINE) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw timedOut();
            }
            waitNanos = Math.min(waitNanos, left);
        }
        byte[] datagram;
        try {
            datagram = waitNanos == NO_DEADLINE ? inbound.take() : inbound.poll(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a DTLS datagram");
        }
        if (closed || datagram == WAKE) {
            throw new IOException("DTLS endpoint closed");
        }
        if (datagram == null) {
            if (deadlineNanos != NO_DEADLINE && deadlineNanos - System.nanoTime() <= 0) {
                throw timedOut();
            }
            return -1;
        }
        int n = Math.min(len, datagram.length);
        System.arraycopy(datagram, 0, buf, off, n);
        return n;
    }

    /** A copy goes to the link; a link that throws loses the datagram, as the network may (counted). */
    @Override
    public void send(byte[] buf, int off, int len) {
        if (closed) {
            return;
        }
        try {
            link.send(Arrays.copyOfRange(buf, off, off + len));
            sent.incrementAndGet();
        } catch (RuntimeException e) {
            sendFailures.incrementAndGet();
        }
    }

    /** Also called by BouncyCastle when the association ends; wakes a thread waiting in {@link #receive}. */
    @Override
    public void close() {
        closed = true;
        inbound.clear();
        inbound.offer(WAKE);
    }

    private TlsTimeoutException timedOut() {
        return new TlsTimeoutException("DTLS handshake timed out after " + timeout.toMillis() + " ms");
    }
}
