package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The signaling module's browser page ({@code web/call.html}, {@code call.js}) in Chromium against an in-page stand-in
 * for the SFU ({@code in-page-sfu.js}): the page's side of the protocol (join, createTransport, the offer with its
 * {@code receive} list, renegotiation on {@code newProducer}/{@code producerClosed}, leave) and its stats, before
 * the SFU answers WebRTC itself. The end-to-end test against xsfu supersedes what this shows about the server.
 */
class CallPageIT {
    /** The page's sources, read from the signaling module (this test runs in testbed/). */
    private static final Path WEB = Path.of("..", "signaling", "src", "main", "resources", "io", "xsfu", "signaling", "web");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    @Test
    void joinsPublishesReceivesAndRenegotiatesAsProducersComeAndGo() throws IOException {
        String html = Files.readString(WEB.resolve("call.html"));
        assertTrue(html.contains("<script src=\"/call.js\"></script>"), html);
        html = html.replace("<script src=\"/call.js\"></script>",
                "<script src=\"/in-page-sfu.js\"></script><script src=\"/call.js\"></script>");
        try (PageServer pages = PageServer.loopback();
             ChromiumBrowser browser = ChromiumBrowser.builder().loopbackCandidates().start()) {
            pages.add("/call.js", "text/javascript", Files.readAllBytes(WEB.resolve("call.js")));
            pages.addResource("/in-page-sfu.js", getClass(), "in-page-sfu.js", "text/javascript");
            String url = pages.add("/call", "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
            browser.open(url + "?room=call&token=t");

            browser.awaitTrue("window.xsfu.state === 'connected' || window.xsfu.state === 'failed'", TIMEOUT);
            assertEquals("connected", browser.script("return window.xsfu.state"), () -> diagnostics(browser));
            assertEquals(pages.origin().replace("http://", "ws://") + "/ws", browser.script("return window.fake.url"),
                    "the default signaling URL is /ws on the page's host");
            browser.awaitTrue("window.xsfu.stats().then(s => s.video.length === 1 && s.video[0].producer === 'bob/cam'"
                    + " && s.video[0].framesDecoded > 30 && s.audio.length === 1 && s.audio[0].producer === 'bob/mic'"
                    + " && s.audio[0].packetsReceived > 20)", TIMEOUT);
            Map<String, Object> first = stats(browser);
            assertEquals(2, list(first.get("outbound")).size(), "camera and microphone are sent: " + first);
            Map<String, Object> transport = map(first.get("transport"));
            assertEquals("connected", transport.get("dtlsState"), first.toString());
            assertEquals("connected", transport.get("iceState"), first.toString());
            assertTrue(String.valueOf(transport.get("srtpCipher")).startsWith("SRTP_"), first.toString());
            assertTrue(transport.get("local").toString().endsWith(":" + transport.get("localPort")), first.toString());
            // What an end-to-end test of layer switching reads to see that decoding never stalled or broke.
            Map<String, Object> video = map(list(first.get("video")).getFirst());
            System.out.println("CallPageIT: inbound video stats " + video);
            for (String key : List.of("frameWidth", "frameHeight", "framesDecoded", "keyFramesDecoded", "framesReceived",
                    "framesDropped", "freezeCount", "totalFreezesDuration", "pauseCount", "totalPausesDuration",
                    "pliCount", "firCount", "nackCount", "packetsLost", "packetsReceived")) {
                assertTrue(video.get(key) instanceof Number, key + " in " + video);
            }
            assertTrue(((Number) video.get("keyFramesDecoded")).longValue() >= 1, video.toString());
            assertTrue(((Number) video.get("framesReceived")).longValue()
                    >= ((Number) video.get("framesDecoded")).longValue(), video.toString());
            assertTrue(video.get("decoderImplementation") instanceof String, video.toString());

            browser.script("window.fake.event('newProducer', {key: 'bob/screen', participant: 'bob', id: 'screen',"
                    + " kind: 'video', codec: 'VP8', payloadType: 96, clockRate: 90000})");
            browser.awaitTrue("window.xsfu.stats().then(s => s.video.length === 2"
                    + " && s.video.every(v => v.framesDecoded > 30))", TIMEOUT);
            assertEquals(2L, browser.script("return window.xsfu.negotiations"));

            browser.script("window.fake.event('producerClosed', {producer: 'bob/cam'})");
            browser.awaitTrue("window.xsfu.negotiations === 3", TIMEOUT);
            assertEquals(List.of("bob/mic", "bob/screen"), browser.script(
                    "return window.xsfu.remote().map(r => r.producer).sort()"));
            assertEquals(2L, browser.script("return document.querySelectorAll('figure').length"),
                    "your own video and bob/screen");
            // The stopped m-line is reused by the next receiver (Chromium recycles it with a new mid).
            browser.script("window.fake.event('newProducer', {key: 'bob/cam2', participant: 'bob', id: 'cam2',"
                    + " kind: 'video', codec: 'VP8', payloadType: 96, clockRate: 90000})");
            browser.awaitTrue("window.xsfu.stats().then(s => s.video.some(v => v.producer === 'bob/cam2'"
                    + " && v.framesDecoded > 30))", TIMEOUT);
            browser.awaitTrue("document.getElementById('stats').innerText.includes('bob/cam2')", Duration.ofSeconds(5));

            browser.script("return window.xsfu.leave()");
            assertEquals("closed", browser.script("return window.xsfu.state"));
            List<Object> log = list(browser.script("return window.fake.log.map(l => l.split(' ')[0])"));
            assertEquals(List.of("join", "createTransport", "negotiate", "negotiate", "negotiate", "negotiate", "leave"),
                    log);
            assertEquals(List.of(), browser.script("return window.xsfu.errors"), () -> diagnostics(browser));
            assertTrue(browser.consoleLog().stream().noneMatch(l -> l.startsWith("SEVERE")), browser.consoleLog().toString());
        }
    }

    @Test
    void withoutRoomAndTokenThePageFailsWithAReason() throws IOException {
        try (PageServer pages = PageServer.loopback(); ChromiumBrowser browser = ChromiumBrowser.start()) {
            pages.add("/call.js", "text/javascript", Files.readAllBytes(WEB.resolve("call.js")));
            String url = pages.add("/call", "text/html", Files.readAllBytes(WEB.resolve("call.html")));
            browser.open(url);
            browser.awaitTrue("window.xsfu.state === 'failed'", TIMEOUT);
            assertEquals(List.of("the page needs ?room=...&token=... (and optionally &ws=...)"),
                    browser.script("return window.xsfu.errors"));
        }
    }

    private static String diagnostics(ChromiumBrowser browser) {
        return browser.script("return JSON.stringify({errors: window.xsfu.errors, log: window.fake && window.fake.log})")
                + "\n" + browser.consoleLog();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> stats(ChromiumBrowser browser) {
        return (Map<String, Object>) browser.script("return window.xsfu.stats()");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }
}
