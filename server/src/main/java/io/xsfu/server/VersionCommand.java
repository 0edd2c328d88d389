package io.xsfu.server;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code xsfu version}: the version, and the runtime it runs on. */
@Command(name = "version", description = "Print the version of xsfu and of the Java runtime.")
final class VersionCommand implements Callable<Integer> {
    static final String VERSION = "0.1.0";

    @Override
    public Integer call() {
        System.out.println("xsfu " + VERSION + " (Java " + Runtime.version() + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.version") + ")");
        return 0;
    }
}
