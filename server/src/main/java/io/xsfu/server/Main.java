package io.xsfu.server;

import io.xsfu.server.demo.DemoCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code xsfu} command line: serve, check-config, stats, demo. */
@Command(name = "xsfu", mixinStandardHelpOptions = true, version = "xsfu 0.1.0",
        description = "Selective forwarding unit with an AF_XDP media plane.",
        subcommands = {ServeCommand.class, CheckConfigCommand.class, TokenCommand.class, WsCommand.class, StatsCommand.class,
            VersionCommand.class,
            DemoCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Logging.configure();
        int code = new CommandLine(new Main()).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
