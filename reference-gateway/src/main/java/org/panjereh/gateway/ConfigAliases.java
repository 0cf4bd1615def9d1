package org.panjereh.gateway;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Settings the gateway once read under names of its own, now read under the SDK's {@code panjereh.*} names (the
 * same as in Spring): the old name still works, as a deprecated alias that says so in one warning per process.
 */
final class ConfigAliases {

    private static final Logger LOG = Logger.getLogger(ConfigAliases.class.getName());
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private ConfigAliases() {
    }

    /**
     * @param config     the configuration
     * @param key        the name to use
     * @param deprecated the old name, read when {@code key} is not set
     * @return the value under {@code key}, else under the old name
     */
    static Optional<String> value(Config config, String key, String deprecated) {
        Optional<String> v = config.getOptionalValue(key, String.class);
        if (v.isPresent()) {
            return v;
        }
        Optional<String> old = config.getOptionalValue(deprecated, String.class);
        if (old.isPresent() && WARNED.add(deprecated)) {
            LOG.warning(deprecated + " is deprecated and will be removed: use " + key + " (same value)");
        }
        return old;
    }
}
