package io.xsfu.server;

import io.xsfu.config.ConfigCheck;
import io.xsfu.config.ConfigException;
import io.xsfu.config.SignalingFilesCheck;
import io.xsfu.config.ConfigLoader;
import io.xsfu.config.XsfuConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xsfu serve --config FILE}: the production entry point. Runs until SIGTERM/SIGINT. */
@Command(name = "serve", description = "Run the media server with a JSON config file until SIGTERM/SIGINT.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "JSON config file (see config/README.md)")
    Path config;

    @Override
    public Integer call() throws Exception {
        XsfuConfig cfg;
        try {
            cfg = ConfigLoader.load(config);
            // Files the config names (signaling key, TLS) are checked before anything starts.
            ConfigCheck.enforce(cfg, config.toString(), new SignalingFilesCheck());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        CountDownLatch stop = new CountDownLatch(1);
        AtomicBoolean fatal = new AtomicBoolean();
        // Signals first: a SIGTERM during start (XDP attach, sockets, next-hop wait) still ends cleanly.
        for (String signal : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
        }
        AtomicReference<XsfuServer> running = new AtomicReference<>();
        // Any other exit (System.exit elsewhere, an uncaught error) still detaches through the hook.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            XsfuServer s = running.get();
            if (s != null) {
                s.close();
            }
        }, "xsfu-shutdown"));
        XsfuServer server;
        try {
            server = XsfuServer.start(cfg, () -> {
                fatal.set(true);
                stop.countDown();
            });
            running.set(server);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("xsfu: cannot start: " + e.getMessage());
            return 1;
        }
        if (stop.getCount() == 0) {
            System.err.println("xsfu: stop requested during start");
        } else {
            System.err.println("xsfu: ready (counters: " + server.countersPath() + ")");
            stop.await();
        }
        System.err.println("xsfu: stopping");
        server.close();
        if (fatal.get()) {
            return 70; // EX_SOFTWARE: the forwarding agent died
        }
        return 0;
    }
}
