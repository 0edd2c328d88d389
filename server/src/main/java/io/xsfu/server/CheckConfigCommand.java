package io.xsfu.server;

import io.xsfu.config.ConfigException;
import io.xsfu.config.ConfigLoader;
import io.xsfu.config.XsfuConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code xsfu check-config FILE}: validates a config, printing each error with its JSON path. */
@Command(name = "check-config", description = "Validate a JSON config file; errors name the JSON path and the reason.")
final class CheckConfigCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "JSON config file")
    Path file;

    @Override
    public Integer call() {
        try {
            XsfuConfig cfg = ConfigLoader.load(file);
            int participants = cfg.rooms().stream().mapToInt(r -> r.participants().size()).sum();
            System.out.println(file + ": OK (" + cfg.rooms().size() + " room(s), " + participants
                    + " participant(s), backend " + cfg.backend().name().toLowerCase() + ")");
            return 0;
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
