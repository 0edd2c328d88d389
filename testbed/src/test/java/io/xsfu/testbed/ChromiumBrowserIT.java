package io.xsfu.testbed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptException;

class ChromiumBrowserIT {
    private static final Duration CONNECT = Duration.ofSeconds(20);
    private static final Duration DECODE = Duration.ofSeconds(30);
    private static final long FRAMES = 100;

    @Test
    void twoPeerConnectionsInOnePageExchangeFakeCameraAndMicrophoneOverLoopback() {
        long t0 = System.nanoTime();
        try (PageServer pages = PageServer.loopback();
             ChromiumBrowser browser = ChromiumBrowser.builder().loopbackCandidates().start()) {
            String url = pages.addResource("/call.html", getClass(), "loopback-call.html", "text/html; charset=utf-8");
            browser.open(url);
            long opened = System.nanoTime();
            browser.awaitTrue("window.loopback.state === 'connected' || window.loopback.state === 'failed'", CONNECT);
            assertEquals("connected", browser.script("return window.loopback.state"),
                    () -> browser.script("return window.loopback.errors") + "\n" + browser.consoleLog());
            long connected = System.nanoTime();
            browser.awaitTrue("window.loopback.stats().then(s => s.video && s.video.framesDecoded > 0)", DECODE);
            long firstFrame = System.nanoTime();
            browser.awaitTrue("window.loopback.stats().then(s => s.video && s.video.framesDecoded > " + FRAMES
                    + " && s.audio && s.audio.packetsReceived > 50)", DECODE);
            long hundredFrames = System.nanoTime();

            @SuppressWarnings("unchecked")
            Map<String, Object> stats = browser.script(Map.class, "return window.loopback.stats()");
            Map<String, Object> video = map(stats.get("video"));
            Map<String, Object> audio = map(stats.get("audio"));
            assertTrue(number(video, "framesDecoded") > FRAMES, stats.toString());
            assertTrue(number(video, "bytesReceived") > 10_000, stats.toString());
            assertTrue(number(audio, "packetsReceived") > 50, stats.toString());
            assertTrue(number(audio, "totalSamplesReceived") > 0, "audio is decoded: " + stats);

            @SuppressWarnings("unchecked")
            List<String> handedOver = browser.script(List.class, "return window.loopback.handedOver");
            assertFalse(handedOver.isEmpty());
            assertTrue(handedOver.stream().allMatch(c -> c.startsWith("127.0.0.1:")), handedOver.toString());
            assertOnlyLoopbackOrPeer(map(stats.get("senderIce")), map(stats.get("receiverIce")));
            assertOnlyLoopbackOrPeer(map(stats.get("receiverIce")), map(stats.get("senderIce")));

            System.out.printf("ChromiumBrowserIT: start %d ms, page to connected %d ms, to first frame %d ms, "
                            + "to %d frames %d ms (total %d ms)%n", browser.startTime().toMillis(),
                    ms(connected - opened), ms(firstFrame - opened), FRAMES, ms(hundredFrames - opened),
                    ms(System.nanoTime() - t0));
        }
    }

    @Test
    void scriptsReturnValuesAndErrorsCarryTheConsole() {
        try (PageServer pages = PageServer.loopback(); ChromiumBrowser browser = ChromiumBrowser.start()) {
            browser.open(pages.add("/p.html", "text/html", "<!DOCTYPE html><title>p</title>".getBytes(StandardCharsets.UTF_8)));
            assertEquals(42L, browser.script("return 6 * 7"));
            assertEquals("ab", browser.script(String.class, "return arguments[0] + arguments[1]", "a", "b"));
            assertEquals(3L, browser.script("return Promise.resolve(3)"));
            assertEquals(Map.of("x", 1L), browser.script("return {x: 1}"));
            browser.script("console.warn('marker-' + 17)");
            assertTrue(browser.consoleLog().stream().anyMatch(l -> l.contains("marker-17")), browser.consoleLog().toString());

            JavascriptException thrown = assertThrows(JavascriptException.class,
                    () -> browser.script("throw new Error('boom-5')"));
            assertTrue(thrown.getMessage().contains("boom-5"), thrown.getMessage());
            assertTrue(thrown.getMessage().contains("marker-17"), "the console is in the message");

            browser.script("window.flag = false; setTimeout(() => { window.flag = true; }, 300)");
            browser.awaitTrue("window.flag", Duration.ofSeconds(5));
            IllegalStateException timeout = assertThrows(IllegalStateException.class,
                    () -> browser.awaitTrue("window.never", Duration.ofMillis(300)));
            assertTrue(timeout.getMessage().contains("window.never") && timeout.getMessage().contains("marker-17"),
                    timeout.getMessage());
        }
    }

    @Test
    void closeLeavesNoProcessAndNoProfile() {
        ChromiumBrowser browser = ChromiumBrowser.builder().flag("--force-fieldtrials=XsfuTest/On")
                .secureOrigin("http://[fd00:1:2:3::1]:8080").start();
        Path dir = browser.directory();
        long driverPid = browser.driverPid();
        List<ProcessHandle> tree = ProcessTree.snapshot(ProcessHandle.of(driverPid).orElseThrow());
        assertTrue(tree.size() >= 3, "chromedriver, chromium and its helpers: " + tree);
        List<String> chromiumArgs = tree.stream().map(p -> ProcessTree.arguments(p.pid()))
                .filter(a -> a.stream().anyMatch(x -> x.startsWith("--user-data-dir=" + dir))).findFirst().orElseThrow();
        assertTrue(chromiumArgs.contains("--force-fieldtrials=XsfuTest/On"), chromiumArgs.toString());
        assertTrue(chromiumArgs.contains("--use-fake-device-for-media-stream"), chromiumArgs.toString());
        assertTrue(chromiumArgs.contains("--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, "
                + "EXCLUDE ::1, EXCLUDE fd00:1:2:3::1"), chromiumArgs.toString());
        assertTrue(chromiumArgs.contains("--unsafely-treat-insecure-origin-as-secure=http://[fd00:1:2:3::1]:8080"),
                chromiumArgs.toString());
        assertTrue(Files.isDirectory(dir));

        browser.close();
        for (ProcessHandle p : tree) {
            assertFalse(p.isAlive(), "still running: " + p.pid() + " " + ProcessTree.arguments(p.pid()));
        }
        assertTrue(ProcessTree.withArgument(dir + "/").isEmpty());
        assertFalse(Files.exists(dir), dir + " deleted");
        browser.close();
    }

    @Test
    void featureListsFromExtraFlagsAreMergedWithTheDefaults() {
        List<String> flags = ChromiumBrowser.mergedFlags(List.of("--disable-features=Foo", "--enable-features=Translate",
                "--unsafely-treat-insecure-origin-as-secure=http://10.0.0.1:1",
                "--unsafely-treat-insecure-origin-as-secure=http://10.0.0.1:2"));
        assertEquals(1, flags.stream().filter(f -> f.startsWith("--disable-features=")).count(), flags.toString());
        String disabled = flags.stream().filter(f -> f.startsWith("--disable-features=")).findFirst().orElseThrow();
        assertTrue(disabled.contains("WebRtcHideLocalIpsWithMdns") && disabled.contains("Foo"), disabled);
        assertFalse(disabled.contains("Translate"), "enabled on request wins: " + disabled);
        assertTrue(flags.contains("--enable-features=Translate"), flags.toString());
        assertTrue(flags.contains("--unsafely-treat-insecure-origin-as-secure=http://10.0.0.1:1,http://10.0.0.1:2"),
                flags.toString());
    }

    /**
     * Every pair of {@code side} has as remote either a signalled candidate on 127.0.0.1 or a peer-reflexive one
     * (its address hidden in stats) whose port is a local candidate of {@code peer}: a socket of this browser.
     */
    private static void assertOnlyLoopbackOrPeer(Map<String, Object> side, Map<String, Object> peer) {
        List<Long> peerPorts = list(peer.get("local")).stream().map(c -> number(map(c), "port")).toList();
        List<Object> pairs = list(side.get("pairs"));
        assertFalse(pairs.isEmpty(), side.toString());
        for (Object o : pairs) {
            Map<String, Object> pair = map(o);
            if ("prflx".equals(pair.get("remoteType"))) {
                assertTrue(peerPorts.contains(number(pair, "remotePort")), pair + " vs " + peerPorts);
            } else {
                assertEquals("127.0.0.1", pair.get("remote"), pair.toString());
            }
        }
        assertTrue(side.get("selected") != null, "a pair is selected: " + side);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static long number(Map<String, Object> m, String key) {
        return ((Number) m.get(key)).longValue();
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
