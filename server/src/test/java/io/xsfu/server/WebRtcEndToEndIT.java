package io.xsfu.server;

import static io.xsfu.server.ServerFixture.browserDiagnostics;
import static io.xsfu.server.ServerFixture.deleteTree;
import static io.xsfu.server.ServerFixture.metric;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.xsfu.config.Backend;
import io.xsfu.server.demo.ServerProcess;
import io.xsfu.signaling.Permission;
import io.xsfu.signaling.Tokens;
import io.xsfu.testbed.ChromiumBrowser;
import io.xsfu.testbed.GstPublisher;
import io.xsfu.testbed.LanTopology;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Browsers join xsfu: two headless Chromium instances (fake camera and microphone) open the server's own call page,
 * publish and receive each other's video and audio through ICE-lite, DTLS-SRTP and the chosen backend (SRTP
 * decrypted and re-encrypted per copy in the forwarding agent), and both also receive a GStreamer plain-RTP
 * publisher. A browser that offers a certificate fingerprint which does not match its certificate fails cleanly:
 * the server refuses the DTLS handshake, tells the client, and releases the transport.
 *
 * <p>The browsers run in the root namespace, on the test LAN through its root port; the server in its namespace.
 */
class WebRtcEndToEndIT {
    private static final String KEY = "0123456789abcdef0123456789abcdef-webrtc-test-key";
    private static final Duration CONNECT = Duration.ofSeconds(40);
    private static final Duration MEDIA = Duration.ofSeconds(60);
    private static final int PORT = 8080;

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoBrowsersSeeAndHearEachOtherAndAPlainRtpPublisher(Backend backend) throws Exception {
        Path dir = Files.createTempDirectory("xsfu-webrtc-it");
        try (LanTopology lan = LanTopology.builder().clients(1).rootPort(true).build()) {
            Tokens tokens = new Tokens(KEY);
            String server = lan.serverIpv4().getHostAddress();
            String origin = "http://" + server + ":" + PORT;
            ServerProcess sfu = ServerFixture.startWithSignaling(lan, backend, dir, KEY, PORT, false);
            try (SignalingClient carol = new SignalingClient(lan.client(0).ns()).connect(URI.create(
                    "ws://" + server + ":" + PORT + "/ws"))) {
                carol.call("join", "{\"room\":\"web\",\"token\":\"" + token(tokens, "carol", Permission.PUBLISH) + "\"}");
                int port = carol.call("createTransport", "{\"comedia\":true}").get("port").asInt();
                carol.call("produce", "{\"id\":\"cam\",\"kind\":\"video\",\"codec\":\"VP8\",\"payloadType\":96,"
                        + "\"ssrc\":4444}");
                try (GstPublisher camera = GstPublisher.video(lan.client(0).ns()).destination(lan.serverIpv4(), port)
                        .bindPort(5002).ssrc(4444).frames(30 * 120).fps(30).start();
                     ChromiumBrowser alice = ChromiumBrowser.builder().secureOrigin(origin).start();
                     ChromiumBrowser bob = ChromiumBrowser.builder().secureOrigin(origin).start()) {
                    alice.open(origin + "/call?room=web&token=" + token(tokens, "alice", Permission.PUBLISH,
                            Permission.SUBSCRIBE));
                    bob.open(origin + "/call?room=web&token=" + token(tokens, "bob", Permission.PUBLISH,
                            Permission.SUBSCRIBE));
                    for (ChromiumBrowser b : List.of(alice, bob)) {
                        b.awaitTrue("window.xsfu.state === 'connected' || window.xsfu.state === 'failed'", CONNECT);
                        assertEquals("connected", b.script("return window.xsfu.state"),
                                () -> browserDiagnostics(b, sfu));
                    }
                    awaitMedia(alice, "bob", sfu);
                    awaitMedia(bob, "alice", sfu);

                    Map<String, Object> stats = stats(alice);
                    Map<String, Object> transport = map(stats.get("transport"));
                    assertEquals("connected", transport.get("dtlsState"), stats.toString());
                    assertTrue(String.valueOf(transport.get("srtpCipher")).startsWith("SRTP_"), stats.toString());
                    // Chromium checks every pair (IPv4 and IPv6); whichever it nominated is the server's host
                    // candidate and the browser's address on the test LAN, never another interface of the machine.
                    String remote = String.valueOf(transport.get("remote"));
                    String local = String.valueOf(transport.get("local"));
                    assertTrue(List.of(lan.serverIpv4(), lan.serverIpv6()).contains(host(remote)),
                            "the selected pair's remote is the server's host candidate: " + transport);
                    assertTrue(List.of(lan.rootIpv4(), lan.rootIpv6()).contains(host(local)),
                            "the browser's side of the selected pair is its address on the LAN: " + transport);
                    assertEquals(List.of(), alice.script("return window.xsfu.errors"));
                    assertEquals(List.of(), bob.script("return window.xsfu.errors"));

                    String metrics = carol.get(URI.create(origin + "/metrics"), null);
                    assertEquals(2, metric(metrics, "xsfu_webrtc_events_total", "event=\"connected\""), metrics);
                    assertEquals(0, metric(metrics, "xsfu_webrtc_events_total", "event=\"failed\""), metrics);
                    assertTrue(metric(metrics, "xsfu_consumer_tx_packets_total", "participant=\"alice\"") > 100,
                            metrics);

                    // Bob leaves: alice's page is told (producerClosed), renegotiates and stops his transceivers,
                    // and carol's camera keeps playing.
                    long before = ((Number) alice.script("return window.xsfu.negotiations")).longValue();
                    bob.script("return window.xsfu.leave()");
                    alice.awaitTrue("window.xsfu.negotiations > " + before
                            + " && window.xsfu.remote().every(r => !r.producer.startsWith('bob/'))", CONNECT);
                    long carolFrames = carolFrames(alice);
                    alice.awaitTrue("window.xsfu.stats().then(s => s.video.some(v => v.producer === 'carol/cam'"
                            + " && v.framesDecoded > " + (carolFrames + 30) + "))", CONNECT);
                    assertEquals(List.of(), alice.script("return window.xsfu.errors"));
                    alice.script("return window.xsfu.leave()");
                    assertEquals("closed", alice.script("return window.xsfu.state"));
                }
            } finally {
                assertEquals(0, sfu.stop(), "SIGTERM is a clean exit:\n" + sfu.lastLines());
            }
            assertFalse(ServerFixture.xdpAttached(lan), "no XDP program left after SIGTERM");
        } finally {
            deleteTree(dir);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Backend.class, names = "AFXDP")
    void aWrongCertificateFingerprintFailsTheCallCleanly(Backend backend) throws Exception {
        Path dir = Files.createTempDirectory("xsfu-webrtc-it");
        try (LanTopology lan = LanTopology.builder().clients(0).rootPort(true).build()) {
            Tokens tokens = new Tokens(KEY);
            String server = lan.serverIpv4().getHostAddress();
            String origin = "http://" + server + ":" + PORT;
            ServerProcess sfu = ServerFixture.startWithSignaling(lan, backend, dir, KEY, PORT, false);
            try (ChromiumBrowser mallory = ChromiumBrowser.builder().secureOrigin(origin).start()) {
                // A page of the server's (its origin may open the WebSocket); the call itself is scripted here so
                // that the offer's fingerprint can be altered on its way to the server.
                mallory.open(origin + "/call");
                mallory.awaitTrue("window.xsfu.state === 'failed'", CONNECT);
                Object outcome = mallory.script(WRONG_FINGERPRINT_CALL, origin.replace("http://", "ws://") + "/ws",
                        token(tokens, "mallory", Permission.PUBLISH, Permission.SUBSCRIBE));
                Map<String, Object> result = map(outcome);
                assertEquals("transportFailed", result.get("event"), result.toString());
                assertTrue(String.valueOf(result.get("reason")).contains("DTLS"), result.toString());
                assertFalse("connected".equals(result.get("pcState")), result.toString());

                String admin = new SignalingClient(lan.server()).get(URI.create(origin + "/admin/rooms"),
                        tokens.mint("x", "ops", EnumSet.of(Permission.ADMIN), Duration.ofMinutes(5)));
                assertTrue(admin.contains("\"mallory\""), "the participant stays in the room: " + admin);
                assertFalse(admin.matches("(?s).*\"port\"\\s*:\\s*[1-9].*"), "its transport was released: " + admin);
                String metrics = new SignalingClient(lan.server()).get(URI.create(origin + "/metrics"), null);
                assertEquals(1, metric(metrics, "xsfu_webrtc_events_total", "event=\"failed\""), metrics);
                assertEquals(0, metric(metrics, "xsfu_webrtc_events_total", "event=\"connected\""), metrics);
            } finally {
                assertEquals(0, sfu.stop(), "SIGTERM is a clean exit:\n" + sfu.lastLines());
            }
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * Joins, creates a WebRTC transport, offers to receive audio with one hex digit of the certificate fingerprint
     * changed, and resolves with the first transport event (or a timeout) and the peer connection's state.
     */
    private static final String WRONG_FINGERPRINT_CALL = """
            const url = arguments[0];
            const token = arguments[1];
            return (async () => {
            const ws = new WebSocket(url);
            let next = 1;
            const waiting = new Map();
            let transportEvent = null;
            ws.onmessage = (m) => {
              const msg = JSON.parse(m.data);
              if (msg.event === 'transportFailed' || msg.event === 'transportConnected') {
                transportEvent = transportEvent || Object.assign({event: msg.event}, msg.data);
              } else if (waiting.has(msg.id)) {
                const w = waiting.get(msg.id); waiting.delete(msg.id);
                msg.error ? w.reject(new Error(JSON.stringify(msg.error))) : w.resolve(msg.result);
              }
            };
            const call = (method, params) => new Promise((resolve, reject) => {
              const id = next++; waiting.set(id, {resolve, reject});
              ws.send(JSON.stringify({id, method, params}));
            });
            await new Promise((r, j) => { ws.onopen = r; ws.onerror = j; });
            await call('join', {room: 'x', token});
            const transport = await call('createTransport', {webrtc: true});
            const pc = new RTCPeerConnection({bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require'});
            pc.addTransceiver('audio', {direction: 'recvonly'});
            await pc.setLocalDescription(await pc.createOffer());
            const sdp = pc.localDescription.sdp.replace(/(a=fingerprint:sha-256 )([0-9A-F])/, (all, p, d) =>
                p + (d === 'A' ? 'B' : 'A'));
            const answer = await call('negotiate', {sdp, receive: []});
            await pc.setRemoteDescription({type: 'answer', sdp: answer.sdp});
            const c = transport.candidates[0];
            await pc.addIceCandidate({candidate: 'candidate:' + c.foundation + ' 1 udp ' + c.priority + ' '
                + c.address + ' ' + c.port + ' typ host', sdpMLineIndex: 0});
            const deadline = Date.now() + 30000;
            while (!transportEvent && Date.now() < deadline) { await new Promise(r => setTimeout(r, 100)); }
            const result = Object.assign({pcState: pc.connectionState}, transportEvent || {event: 'none'});
            pc.close();
            ws.close();
            return result;
            })();
            """;


    /** The browser decodes the other browser's camera (>100 frames), plays its microphone, and decodes carol. */
    private static void awaitMedia(ChromiumBrowser b, String other, ServerProcess sfu) {
        String condition = "window.xsfu.stats().then(s => "
                + "s.video.some(v => v.producer === '" + other + "/video-1' && v.framesDecoded > 100)"
                + " && s.audio.some(a => a.producer === '" + other + "/audio-0' && a.packetsReceived > 100"
                + " && a.totalSamplesReceived > 48000)"
                + " && s.video.some(v => v.producer === 'carol/cam' && v.framesDecoded > 30))";
        try {
            b.awaitTrue(condition, MEDIA);
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("media did not arrive: " + browserDiagnostics(b, sfu), e);
        }
    }

    private static long carolFrames(ChromiumBrowser b) {
        return ((Number) b.script("return window.xsfu.stats().then(s => s.video.find(v => v.producer === 'carol/cam')"
                + ".framesDecoded)")).longValue();
    }

    private static String token(Tokens tokens, String who, Permission... permissions) {
        EnumSet<Permission> set = EnumSet.noneOf(Permission.class);
        set.addAll(List.of(permissions));
        return tokens.mint(who.equals("mallory") ? "x" : "web", who, set, Duration.ofMinutes(10));
    }

    /** The address of "a.b.c.d:port" or "[v6]:port". */
    private static java.net.InetAddress host(String endpoint) {
        String address = endpoint.substring(0, endpoint.lastIndexOf(':'));
        return java.net.InetAddress.ofLiteral(address.startsWith("[") ? address.substring(1, address.length() - 1)
                : address);
    }


    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(ChromiumBrowser browser) {
        return (Map<String, Object>) browser.script("return window.xsfu.stats()");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

}
