package io.xsfu.webrtc.dtls;

import io.xsfu.testbed.Netns;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * GStreamer's DTLS-SRTP elements (gst-plugins-bad's dtlssrtpenc/dtlssrtpdec over OpenSSL, with libsrtp) as the
 * other end, in a namespace: A-law silence goes out as SRTP, and whatever SRTP comes in is decrypted into a
 * fakesink that dumps it. Its certificate is an RSA one the test makes (GStreamer's own default kind), passed in
 * as PEM so the test knows its fingerprint.
 */
final class GstDtlsSrtp implements AutoCloseable {
    static final int SSRC = 0x5a5a0001;
    private static final int KEPT_LINES = 60;

    private final Process process;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final List<Predicate<String>> probes;
    private final long[] counts;
    private boolean playing;

    private GstDtlsSrtp(Process process, List<Predicate<String>> probes) {
        this.process = process;
        this.probes = probes;
        this.counts = new long[probes.size()];
        Thread.ofPlatform().daemon().name("gst-dtls-out").start(() -> read(process.inputReader(StandardCharsets.UTF_8)));
        Thread.ofPlatform().daemon().name("gst-dtls-err").start(() -> read(process.errorReader(StandardCharsets.UTF_8)));
    }

    /** A PEM certificate and key for GStreamer, and the certificate's fingerprint. */
    record Identity(String pem, DtlsFingerprint fingerprint) {
        static Identity rsa() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                KeyPair keys = generator.generateKeyPair();
                X500Name name = new X500Name("CN=gstreamer");
                Instant now = Instant.now();
                byte[] der = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(1))), name,
                        keys.getPublic()).build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate()))
                        .getEncoded();
                Base64.Encoder base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));
                String pem = "-----BEGIN CERTIFICATE-----\n" + base64.encodeToString(der) + "\n-----END CERTIFICATE-----\n"
                        + "-----BEGIN PRIVATE KEY-----\n" + base64.encodeToString(keys.getPrivate().getEncoded())
                        + "\n-----END PRIVATE KEY-----\n";
                return new Identity(pem, DtlsFingerprint.of("sha-256", der));
            } catch (NoSuchAlgorithmException | OperatorCreationException | IOException e) {
                throw new IllegalStateException("cannot make GStreamer's certificate", e);
            }
        }
    }

    /**
     * Starts the pipeline in {@code ns}: it listens on {@code localPort} and sends to {@code remotePort} on
     * 127.0.0.1, as DTLS client or server. {@code probes} count lines of its output.
     */
    static GstDtlsSrtp start(Netns ns, Identity identity, boolean client, int localPort, int remotePort,
                             List<Predicate<String>> probes) {
        List<String> pipeline = new ArrayList<>(List.of("stdbuf", "-oL", "gst-launch-1.0", "-v",
                "dtlssrtpdec", "name=dec", "connection-id=xsfu", "pem=\"" + identity.pem() + "\"",
                "udpsrc", "address=127.0.0.1", "port=" + localPort, "!", "dec.sink",
                "dec.rtp_src", "!", "fakesink", "name=fromsfu", "silent=false", "dump=true", "sync=false", "async=false",
                "dec.rtcp_src", "!", "fakesink", "sync=false", "async=false",
                "audiotestsrc", "is-live=true", "wave=silence", "samplesperbuffer=160", "!",
                "audio/x-raw,rate=8000,channels=1", "!", "alawenc", "!",
                "rtppcmapay", "pt=8", "ssrc=" + SSRC, "seqnum-offset=1000", "!", "enc.rtp_sink_0",
                "dtlssrtpenc", "name=enc", "connection-id=xsfu", "is-client=" + client, "!",
                "udpsink", "host=127.0.0.1", "port=" + remotePort, "sync=false", "async=false"));
        try {
            return new GstDtlsSrtp(new ProcessBuilder(ns.wrap(pipeline)).start(), probes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start gst-launch-1.0", e);
        }
    }

    private void read(BufferedReader reader) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                synchronized (this) {
                    for (int i = 0; i < probes.size(); i++) {
                        if (probes.get(i).test(line)) {
                            counts[i]++;
                        }
                    }
                    playing |= line.startsWith("Setting pipeline to PLAYING");
                    tail.addLast(line.length() > 200 ? line.substring(0, 200) + "..." : line);
                    if (tail.size() > KEPT_LINES) {
                        tail.removeFirst();
                    }
                    notifyAll();
                }
            }
        } catch (IOException e) {
            synchronized (this) {
                tail.addLast("[reader failed: " + e + "]");
            }
        }
    }

    synchronized boolean awaitPlaying(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!playing && process.isAlive() && System.nanoTime() < deadline) {
            wait(50);
        }
        return playing;
    }

    /** Waits until probe {@code index} has matched {@code n} lines. */
    synchronized boolean await(int index, long n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (counts[index] < n && process.isAlive() && System.nanoTime() < deadline) {
            wait(50);
        }
        return counts[index] >= n;
    }

    synchronized long count(int index) {
        return counts[index];
    }

    synchronized String diagnostics() {
        return "gst-launch " + (process.isAlive() ? "running" : "exited " + process.exitValue()) + ", last lines:\n  "
                + String.join("\n  ", tail);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
