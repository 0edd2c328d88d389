package io.xsfu.server;

import io.xsfu.config.ConfigCheck;
import io.xsfu.config.ConfigException;
import io.xsfu.config.ConfigLoader;
import io.xsfu.config.SignalingFilesCheck;
import io.xsfu.config.XsfuConfig;
import io.xsfu.signaling.Permission;
import io.xsfu.signaling.Tokens;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code xsfu token}: mints a signaling token with the config's key, for an application or a test client. */
@Command(name = "token", description = "Mint a signaling token (JWT, HS256) with the key of a config's signaling section.")
final class TokenCommand implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, required = true, description = "the server's JSON config (its signaling key is used)")
    Path config;

    @Option(names = "--room", required = true, description = "the room the token admits to")
    String room;

    @Option(names = "--identity", required = true, description = "the participant's identity (its id in the room)")
    String identity;

    @Option(names = "--permissions", split = ",", defaultValue = "publish,subscribe",
            description = "comma-separated: publish, subscribe, admin (default: ${DEFAULT-VALUE})")
    List<String> permissions;

    @Option(names = "--ttl", defaultValue = "3600", description = "validity in seconds (default: ${DEFAULT-VALUE})")
    long ttlSeconds;

    @Override
    public Integer call() {
        XsfuConfig cfg;
        try {
            cfg = ConfigCheck.enforce(ConfigLoader.load(config), config.toString(), new SignalingFilesCheck());
        } catch (ConfigException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        if (cfg.signaling().isEmpty()) {
            System.err.println(config + ": no signaling section, so no token key");
            return 2;
        }
        Set<Permission> granted = EnumSet.noneOf(Permission.class);
        for (String p : permissions) {
            try {
                granted.add(Permission.valueOf(p.trim().toUpperCase()));
            } catch (IllegalArgumentException e) {
                System.err.println("unknown permission '" + p + "' (publish, subscribe, admin)");
                return 2;
            }
        }
        if (ttlSeconds <= 0) {
            System.err.println("--ttl must be positive");
            return 2;
        }
        String key = SignalingFilesCheck.tokenKey(cfg.signaling().get(), config.toString());
        System.out.println(new Tokens(key).mint(room, identity, granted, Duration.ofSeconds(ttlSeconds)));
        return 0;
    }
}
