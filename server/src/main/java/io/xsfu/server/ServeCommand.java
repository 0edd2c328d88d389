package io.xsfu.server;

import io.xsfu.config.ConfigException;
import io.xsfu.config.ConfigLoader;
import io.xsfu.config.XsfuConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        XsfuServer server;
        try {
            server = XsfuServer.start(cfg);
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            System.err.println("xsfu: cannot start: " + e.getMessage());
            return 1;
        }
        CountDownLatch stop = new CountDownLatch(1);
        // SIGTERM/SIGINT: a clean stop (detach XDP, drain and close the sockets, free the UMEM), exit 0.
        for (String signal : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> stop.countDown());
        }
        // Any other exit (System.exit elsewhere, an uncaught error) still detaches through the hook.
        Thread hook = new Thread(server::close, "xsfu-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        System.err.println("xsfu: ready (counters: " + server.countersPath() + ")");
        stop.await();
        System.err.println("xsfu: stopping");
        server.close();
        return 0;
    }
}
