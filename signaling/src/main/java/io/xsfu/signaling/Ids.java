package io.xsfu.signaling;

import io.xsfu.config.ConfigValidator;

/**
 * Room, participant and producer ids: the same rule as the config file's, so that anything signaling creates
 * could also have been configured, and ids are safe inside counter labels and URLs.
 */
final class Ids {
    static final String RULE = "1 to 64 of A-Z a-z 0-9 _ . -, starting with a letter or digit";

    private Ids() {
    }

    static boolean valid(String id) {
        return id != null && ConfigValidator.ID.matcher(id).matches();
    }
}
