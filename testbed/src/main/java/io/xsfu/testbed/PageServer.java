package io.xsfu.testbed;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A few fixed pages served over HTTP, for a browser test that needs a page of its own: on 127.0.0.1 ({@link
 * #loopback()}), a secure context where getUserMedia works without flags, or on an address of a test namespace
 * ({@link #on}). GET only; anything not added is 404.
 */
public final class PageServer implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Page> pages = new ConcurrentHashMap<>();

    private record Page(String contentType, byte[] body) {
    }

    private PageServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens on 127.0.0.1 (of the root namespace) on a free port. */
    public static PageServer loopback() {
        return start(InetAddress.getLoopbackAddress());
    }

    /** Listens on {@code address} in {@code ns} (the listening socket belongs to the namespace it was made in). */
    public static PageServer on(Netns ns, InetAddress address) {
        try {
            return ns.call(() -> start(address));
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot serve pages on " + address + " in " + ns, e);
        }
    }

    private static PageServer start(InetAddress address) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(address, 0), 16);
            ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "page-server");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            PageServer pages = new PageServer(server, executor);
            server.createContext("/", pages::handle);
            server.start();
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + address, e);
        }
    }

    /** Serves {@code body} at {@code path} ("/x.html"); returns its URL. */
    public String add(String path, String contentType, byte[] body) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with /: " + path);
        }
        pages.put(path, new Page(contentType, body.clone()));
        return url(path);
    }

    /** Serves a class-path resource (relative to {@code anchor}'s package) at {@code path}; returns its URL. */
    public String addResource(String path, Class<?> anchor, String resource, String contentType) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource + " next to " + anchor.getName());
            }
            return add(path, contentType, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String path) {
        return origin() + path;
    }

    /** "http://127.0.0.1:PORT" or "http://[fd..::1]:PORT": what {@link ChromiumBrowser.Builder#secureOrigin} takes. */
    public String origin() {
        return "http://" + host(server.getAddress().getAddress()) + ":" + server.getAddress().getPort();
    }

    private static String host(InetAddress a) {
        return a instanceof java.net.Inet6Address ? "[" + Addresses.text(a) + "]" : Addresses.text(a);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Page page = pages.get(exchange.getRequestURI().getPath());
            if (!"GET".equals(exchange.getRequestMethod()) || page == null) {
                byte[] body = "not found".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(404, body.length);
                exchange.getResponseBody().write(body);
                return;
            }
            exchange.getResponseHeaders().set("Content-Type", page.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.sendResponseHeaders(200, page.body().length);
            exchange.getResponseBody().write(page.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
