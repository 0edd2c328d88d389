package io.xsfu.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.openqa.selenium.JavascriptException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.remote.http.ClientConfig;

/**
 * Debian's headless Chromium driven through its own chromedriver with Selenium, for WebRTC end-to-end tests. The
 * browser runs in the root network namespace (reaching test namespaces over {@link LanTopology.Builder#rootPort})
 * with a fake camera and microphone, permissions granted, and as little background networking as Chromium allows.
 *
 * <p>This class starts chromedriver itself (on a port chromedriver picks) rather than through Selenium's driver
 * service, so that it owns the process: on {@link #close()}, from a shutdown hook, and for runs that died without
 * either ({@link #killOrphans()}, called by {@link #start}) the whole tree is killed. Every browser gets a fresh
 * profile under {@value #PROFILE_ROOT} named after the owning JVM, deleted with it; that name is also how processes
 * left by a dead run are recognised. Selenium Manager is never involved, so nothing is downloaded.
 */
public final class ChromiumBrowser implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final String PROFILE_ROOT = "/tmp/xsfu-chromium";

    /**
     * Always passed. Fake media devices with the permission prompt answered yes; no mDNS host-candidate names
     * (they would make Chromium announce on the machine's real network); no QUIC, sync, component updates or
     * first-run work; autoplay so that remote media plays without a gesture. Even so Chromium looks up its update,
     * search and safe-browsing hosts at start: every host name and address fails to resolve except loopback and
     * the hosts a test allows ({@link Builder#allowHost}), so the browser sends nothing to any other address.
     */
    public static final List<String> DEFAULT_FLAGS = List.of(
            "--headless", "--no-sandbox", "--disable-gpu",
            "--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--no-first-run", "--no-default-browser-check", "--disable-quic",
            "--autoplay-policy=no-user-gesture-required", "--disable-domain-reliability",
            "--disable-client-side-phishing-detection", "--disable-default-apps", "--disable-breakpad",
            "--mute-audio", "--disable-features=WebRtcHideLocalIpsWithMdns,Translate,MediaRouter,OptimizationHints",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1, EXCLUDE ::1");

    private static final String HOST_RULES = "--host-resolver-rules=";
    /** Switches whose value is a comma-separated list: Chromium keeps only the last of each, so they are joined. */
    private static final List<String> LIST_SWITCHES = List.of("--disable-features=", "--enable-features=",
            "--unsafely-treat-insecure-origin-as-secure=", HOST_RULES);
    private static final Pattern DRIVER_PORT = Pattern.compile("ChromeDriver was started successfully on port (\\d+)");
    private static final Duration DRIVER_START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration QUIT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration KILL_WAIT = Duration.ofSeconds(5);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final int KEPT_DRIVER_LINES = 40;
    private static final Set<ChromiumBrowser> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (ChromiumBrowser b : LIVE) {
                b.destroy();
            }
        }, "xsfu-chromium-cleanup"));
    }

    private final Path dir;
    private final Process driverProcess;
    private final ArrayDeque<String> driverOutput = new ArrayDeque<>();
    private final List<String> console = new ArrayList<>();
    private final Duration startTime;
    private RemoteWebDriver driver;
    private boolean closed;

    private ChromiumBrowser(Options options) {
        long t0 = System.nanoTime();
        requireExecutable(CHROMIUM);
        requireExecutable(CHROMEDRIVER);
        this.dir = createProfileDir();
        try {
            this.driverProcess = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=0",
                    "--log-path=" + dir.resolve("chromedriver.log"))
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            deleteTree(dir);
            throw new UncheckedIOException("cannot start " + CHROMEDRIVER, e);
        }
        LIVE.add(this);
        try {
            int port = awaitDriverPort();
            URL url = url("http://127.0.0.1:" + port);
            ClientConfig config = ClientConfig.defaultConfig().baseUrl(url).readTimeout(options.commandTimeout);
            this.driver = new RemoteWebDriver(url, chromeOptions(options, dir.resolve("profile")), config);
            driver.manage().timeouts().scriptTimeout(options.commandTimeout);
            driver.manage().timeouts().pageLoadTimeout(options.commandTimeout);
        } catch (RuntimeException | Error e) {
            String output = driverOutput();
            close();
            throw new IllegalStateException("Chromium did not start: " + e.getMessage() + "\nchromedriver:\n" + output, e);
        }
        this.startTime = Duration.ofNanos(System.nanoTime() - t0);
    }

    /** A browser with {@link #DEFAULT_FLAGS} only. */
    public static ChromiumBrowser start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Loads {@code url} and waits for its load event. */
    public void open(String url) {
        driver.get(url);
    }

    /**
     * Runs {@code js} as the body of a function in the page ({@code return} gives the value; a returned promise is
     * awaited) with {@code args} as {@code arguments}. Numbers come back as Long or Double, objects as Map, arrays
     * as List. A thrown error becomes a {@link JavascriptException} whose message includes the console so far.
     */
    public Object script(String js, Object... args) {
        try {
            return driver.executeScript(js, args);
        } catch (JavascriptException e) {
            throw new JavascriptException(e.getRawMessage() + "\nconsole:\n" + String.join("\n", consoleLog()), e);
        }
    }

    /** {@link #script} with the result cast to {@code type} (Long, Double, Boolean, String, Map, List). */
    public <T> T script(Class<T> type, String js, Object... args) {
        Object value = script(js, args);
        if (value != null && !type.isInstance(value)) {
            throw new IllegalStateException("script returned " + value.getClass().getSimpleName() + " " + value
                    + ", not " + type.getSimpleName() + ": " + js);
        }
        return type.cast(value);
    }

    /**
     * Polls the JavaScript expression {@code condition} until it is truthy (or is a promise that resolves to a truthy
     * value); after {@code timeout} throws with the last script error (if any) and the console, which is usually
     * where the reason is.
     */
    public void awaitTrue(String condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastError = null;
        while (true) {
            try {
                if (Boolean.TRUE.equals(driver.executeScript("return Promise.resolve(" + condition + ").then(v => !!v);"))) {
                    return;
                }
                lastError = null;
            } catch (JavascriptException e) {
                lastError = e.getRawMessage();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout.toMillis() + " ms waiting for: " + condition
                        + (lastError == null ? "" : "\nlast error: " + lastError)
                        + "\nconsole:\n" + String.join("\n", consoleLog()));
            }
            sleep(POLL);
        }
    }

    /**
     * Every console message and uncaught error of the pages so far, oldest first ("LEVEL message"). Chromedriver
     * hands each entry out once; this browser keeps them all.
     */
    public synchronized List<String> consoleLog() {
        if (driver != null && !closed) {
            try {
                for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
                    console.add(e.getLevel() + " " + e.getMessage());
                }
            } catch (WebDriverException e) {
                console.add("(console unavailable: " + e.getMessage().lines().findFirst().orElse("") + ")");
            }
        }
        return List.copyOf(console);
    }

    /** How long {@link #start} took: chromedriver up, Chromium launched and the session open. */
    public Duration startTime() {
        return startTime;
    }

    /** The pid of chromedriver (Chromium and its helpers are its descendants). */
    public long driverPid() {
        return driverProcess.pid();
    }

    /** The profile and log directory, deleted by {@link #close()}. */
    public Path directory() {
        return dir;
    }

    /** The last lines chromedriver printed (its log file holds more while the browser is open). */
    public String driverOutput() {
        synchronized (driverOutput) {
            return String.join("\n", driverOutput);
        }
    }

    /** Quits the session, then kills whatever of chromedriver and Chromium is left and deletes the profile. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (driver != null) {
            consoleLog();
        }
        closed = true;
        List<ProcessHandle> tree = ProcessTree.snapshot(driverProcess.toHandle());
        if (driver != null) {
            // quit() lets Chromium shut down cleanly; a hung browser must not hang the test, hence the bound.
            RemoteWebDriver d = driver;
            CompletableFuture<Void> quit = CompletableFuture.runAsync(d::quit);
            try {
                quit.get(QUIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
                // Killed below either way.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        destroy(tree);
        LIVE.remove(this);
    }

    private void destroy() {
        destroy(ProcessTree.snapshot(driverProcess.toHandle()));
    }

    private void destroy(List<ProcessHandle> tree) {
        List<ProcessHandle> all = new ArrayList<>(tree);
        all.addAll(ProcessTree.snapshot(driverProcess.toHandle()));
        // Helpers re-parented to init when their parent died still carry the profile path (or are gone with it).
        all.addAll(ProcessTree.withArgument(dir + "/"));
        ProcessTree.kill(all, KILL_WAIT);
        deleteTree(dir);
    }

    /**
     * Kills chromedriver and Chromium processes, and deletes profiles, that runs which have exited left behind
     * (a JVM killed with SIGKILL runs no shutdown hook). Browsers of live runs, this one included, are untouched.
     */
    public static List<Long> killOrphans() {
        List<Long> killed = new ArrayList<>();
        Set<String> orphanDirs = new LinkedHashSet<>();
        Path root = Path.of(PROFILE_ROOT);
        if (Files.isDirectory(root)) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root)) {
                for (Path d : dirs) {
                    if (!ownerAlive(d.getFileName().toString())) {
                        orphanDirs.add(d.toString());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + root, e);
            }
        }
        for (String d : orphanDirs) {
            // Both chromedriver (--log-path) and Chromium (--user-data-dir) name a file in the directory.
            List<ProcessHandle> left = ProcessTree.withArgument(d + "/");
            ProcessTree.kill(left, KILL_WAIT);
            left.forEach(p -> killed.add(p.pid()));
            deleteTree(Path.of(d));
        }
        return killed;
    }

    // ---- start-up -------------------------------------------------------------------------------

    private static ChromeOptions chromeOptions(Options options, Path profile) {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        List<String> flags = new ArrayList<>(mergedFlags(options.flags));
        flags.add("--user-data-dir=" + profile);
        o.addArguments(flags);
        o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        if (!options.prefs.isEmpty()) {
            o.setExperimentalOption("prefs", options.prefs);
        }
        return o;
    }

    /** DEFAULT_FLAGS, then {@code extra}, with each list-valued switch given once with every value. */
    static List<String> mergedFlags(List<String> extra) {
        List<String> flags = new ArrayList<>();
        Map<String, Set<String>> lists = new LinkedHashMap<>();
        for (String f : Stream.concat(DEFAULT_FLAGS.stream(), extra.stream()).toList()) {
            String list = LIST_SWITCHES.stream().filter(f::startsWith).findFirst().orElse(null);
            if (list == null) {
                flags.add(f);
            } else {
                for (String value : f.substring(list.length()).split(",")) {
                    lists.computeIfAbsent(list, k -> new LinkedHashSet<>()).add(value.trim());
                }
            }
        }
        // A feature enabled on request wins over a default that disables it.
        Set<String> enabled = lists.getOrDefault("--enable-features=", Set.of());
        lists.getOrDefault("--disable-features=", new LinkedHashSet<>()).removeAll(enabled);
        lists.forEach((name, values) -> {
            if (!values.isEmpty()) {
                flags.add(name + String.join(name.equals(HOST_RULES) ? ", " : ",", values));
            }
        });
        return flags;
    }

    private Path createProfileDir() {
        try {
            Path root = Files.createDirectories(Path.of(PROFILE_ROOT));
            long pid = ProcessHandle.current().pid();
            String start = ProcessTree.startTime(pid).orElseThrow();
            Path d = Files.createTempDirectory(root, pid + "." + start + "-");
            Files.createDirectory(d.resolve("profile"));
            return d;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a profile under " + PROFILE_ROOT, e);
        }
    }

    /** "PID.STARTTIME-random" names a live owner; anything else in the root is a leftover. */
    private static boolean ownerAlive(String dirName) {
        Matcher m = Pattern.compile("(\\d+)\\.(\\d+)-.*").matcher(dirName);
        return m.matches() && ProcessTree.alive(Long.parseLong(m.group(1)), m.group(2));
    }

    private int awaitDriverPort() {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(driverProcess.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    synchronized (driverOutput) {
                        driverOutput.addLast(line);
                        if (driverOutput.size() > KEPT_DRIVER_LINES) {
                            driverOutput.removeFirst();
                        }
                    }
                    Matcher m = DRIVER_PORT.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException e) {
                // The process was killed: nothing more to read.
            }
            port.completeExceptionally(new IllegalStateException("chromedriver exited before listening"));
        }, "chromedriver-output-" + driverProcess.pid());
        reader.setDaemon(true);
        reader.start();
        try {
            return port.get(DRIVER_START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("chromedriver did not listen within " + DRIVER_START_TIMEOUT, e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void requireExecutable(Path p) {
        if (!Files.isExecutable(p)) {
            throw new IllegalStateException(p + " is missing: apt-get install -y chromium chromium-driver");
        }
    }

    private static URL url(String text) {
        try {
            return URI.create(text).toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // A helper still writing into the profile: the next killOrphans() removes what is left.
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return "ChromiumBrowser[chromedriver " + driverProcess.pid() + ", " + dir + "]";
    }

    private record Options(List<String> flags, Map<String, Object> prefs, Duration commandTimeout) {
    }

    public static final class Builder {
        private final List<String> flags = new ArrayList<>();
        private final Map<String, Object> prefs = new LinkedHashMap<>();
        private Duration commandTimeout = Duration.ofSeconds(60);

        private Builder() {
        }

        /**
         * An extra Chromium switch, e.g. {@code --force-fieldtrials=...} or
         * {@code --force-webrtc-ip-handling-policy=default_public_interface_only}. Feature lists
         * ({@code --enable-features}, {@code --disable-features}) are merged with the defaults'.
         */
        public Builder flag(String flag) {
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("a Chromium switch starts with --: " + flag);
            }
            flags.add(flag);
            return this;
        }

        public Builder flags(List<String> more) {
            more.forEach(this::flag);
            return this;
        }

        /** A profile preference, e.g. {@code webrtc.ip_handling_policy} = {@code "default_public_interface_only"}. */
        public Builder pref(String name, Object value) {
            prefs.put(name, value);
            return this;
        }

        /**
         * Lets pages from {@code origin} (e.g. {@code http://10.1.2.1:8080}) use getUserMedia: Chromium grants media
         * only to secure contexts, and an SFU's page in a test namespace is served over plain HTTP from a
         * non-loopback address.
         */
        public Builder secureOrigin(String origin) {
            allowHost(URI.create(origin).getHost());
            return flag("--unsafely-treat-insecure-origin-as-secure=" + origin);
        }

        /**
         * Lets pages reach {@code host}: an address literal ({@code 10.1.2.1}; IPv6 without brackets) or a pattern
         * with {@code *}. Everything but loopback is otherwise unresolvable (see {@link #DEFAULT_FLAGS}).
         */
        public Builder allowHost(String host) {
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            if (bare.isEmpty() || bare.contains(",") || bare.contains(" ")) {
                throw new IllegalArgumentException("not a host: " + host);
            }
            return flag(HOST_RULES + "EXCLUDE " + bare);
        }

        /** Lets WebRTC gather candidates on loopback (off in Chromium by default): for peers within one machine. */
        public Builder loopbackCandidates() {
            return flag("--allow-loopback-in-peer-connection");
        }

        /** Bound on each WebDriver command, page load and script (default 60 s). */
        public Builder commandTimeout(Duration timeout) {
            this.commandTimeout = timeout;
            return this;
        }

        /** Kills what dead runs left behind, then starts chromedriver and Chromium and opens a session. */
        public ChromiumBrowser start() {
            killOrphans();
            return new ChromiumBrowser(new Options(List.copyOf(flags), Map.copyOf(prefs), commandTimeout));
        }
    }
}
