package io.xsfu.webrtc.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/** A listener that records what an endpoint reported, and how many times (each event at most once). */
final class Recorder implements DtlsEndpoint.Listener {
    final CompletableFuture<SrtpKeys> connected = new CompletableFuture<>();
    final CompletableFuture<String> failed = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public void onConnected(SrtpKeys keys) {
        calls.incrementAndGet();
        connected.complete(keys);
    }

    @Override
    public void onFailed(String reason) {
        calls.incrementAndGet();
        failed.complete(reason);
    }

    @Override
    public void onClosed() {
        calls.incrementAndGet();
        closed.complete(null);
    }

    SrtpKeys awaitConnected(Duration timeout) throws InterruptedException {
        awaitOutcome(timeout);
        if (!connected.isDone()) {
            fail("failed instead of connecting: " + failed.getNow(null));
        }
        return connected.getNow(null);
    }

    String awaitFailed(Duration timeout) throws InterruptedException {
        awaitOutcome(timeout);
        if (!failed.isDone()) {
            fail("connected instead of failing");
        }
        return failed.getNow(null);
    }

    private void awaitOutcome(Duration timeout) throws InterruptedException {
        try {
            CompletableFuture.anyOf(connected, failed).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            fail("neither connected nor failed within " + timeout);
        }
    }

    void awaitClosed(Duration timeout) throws InterruptedException {
        try {
            closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            fail("not closed within " + timeout + ": " + e);
        }
    }

    void assertCalls(int expected) {
        assertEquals(expected, calls.get(), "listener calls");
    }
}
