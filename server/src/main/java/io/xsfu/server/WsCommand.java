package io.xsfu.server;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code xsfu ws}: a minimal signaling client for people and scripts. Sends a {@code join} with the token,
 * then each request given (method and JSON params), waits for each response, prints every message it
 * receives (responses and events) one per line, and stays connected for {@code --stay} seconds.
 */
@Command(name = "ws", description = "A small signaling client: join with a token, send requests, print responses and events.")
final class WsCommand implements Callable<Integer> {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");

    @Option(names = "--url", required = true, description = "e.g. ws://10.0.0.1:8080/ws")
    URI url;

    @Option(names = "--token", required = true, description = "from `xsfu token`")
    String token;

    @Option(names = "--room", required = true)
    String room;

    @Option(names = "--stay", defaultValue = "0", description = "seconds to stay connected after the last response, printing events")
    int stay;

    @Parameters(description = "requests as METHOD or METHOD=JSON_PARAMS, e.g. createTransport='{\"comedia\":true}'")
    List<String> requests = List.of();

    @Override
    public Integer call() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Listener listener = new Listener();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(url, listener).get(10, TimeUnit.SECONDS);
        int id = 1;
        if (!send(ws, listener, id++, "join", "{\"room\":" + quote(room) + ",\"token\":" + quote(token) + "}")) {
            return 1;
        }
        for (String r : requests) {
            int eq = r.indexOf('=');
            String method = eq < 0 ? r : r.substring(0, eq);
            String params = eq < 0 ? "{}" : r.substring(eq + 1);
            if (!send(ws, listener, id++, method, params)) {
                return 1;
            }
        }
        Thread.sleep(stay * 1000L);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        return listener.failed ? 1 : 0;
    }

    private static boolean send(WebSocket ws, Listener listener, int id, String method, String params) throws Exception {
        listener.expect(id);
        ws.sendText("{\"id\":" + id + ",\"method\":" + quote(method) + ",\"params\":" + params + "}", true).get(5, TimeUnit.SECONDS);
        if (!listener.awaitResponse(Duration.ofSeconds(10))) {
            System.err.println("no response to request " + id + " (" + method + ")");
            return false;
        }
        return !listener.failed;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** Prints every message; tracks the response to the request in flight. */
    private static final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private volatile int expected;
        private volatile CountDownLatch response = new CountDownLatch(1);
        volatile boolean failed;

        void expect(int id) {
            expected = id;
            response = new CountDownLatch(1);
        }

        boolean awaitResponse(Duration timeout) throws InterruptedException {
            return response.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                System.out.println(message);
                Matcher m = ID.matcher(message);
                if (!message.contains("\"event\"") && m.find() && Integer.parseInt(m.group(1)) == expected) {
                    failed |= message.contains("\"error\"");
                    response.countDown();
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
            System.err.println("closed: " + status + " " + reason);
            response.countDown();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            System.err.println("error: " + error);
            failed = true;
            response.countDown();
        }
    }

}
