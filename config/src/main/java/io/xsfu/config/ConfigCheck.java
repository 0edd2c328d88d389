package io.xsfu.config;

import java.util.ArrayList;
import java.util.List;

/**
 * A check of a valid config against the world it runs in (interfaces, addresses, free ports), which
 * only the server at start-up can do. Its errors use the same paths as the loader's, so the user
 * sees one kind of message whoever found the problem.
 */
@FunctionalInterface
public interface ConfigCheck {

    /** Problems found; empty if none. */
    List<ConfigError> check(XsfuConfig config);

    /**
     * Runs every check and reports all their problems together.
     *
     * @return {@code config}
     * @throws ConfigException if any check found a problem
     */
    static XsfuConfig enforce(XsfuConfig config, String source, ConfigCheck... checks) {
        List<ConfigError> errors = new ArrayList<>();
        for (ConfigCheck check : checks) {
            errors.addAll(check.check(config));
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return config;
    }
}
