package org.panjereh.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.Config;

/** The gateway's data directory ({@code gateway.data-dir}) and the secrets it keeps there. */
final class DataDir {

    /** The configuration key. */
    static final String KEY = "gateway.data-dir";
    /** Where it is when not configured, relative to the working directory. */
    static final String DEFAULT = "panjereh-gateway-data";

    private DataDir() {
    }

    /**
     * @param config the configuration
     * @return the data directory
     */
    static Path of(Config config) {
        return GatewaySettings.of(config).dataDir();
    }

    /**
     * A secret made once and kept in a file only this user may read, so that a restart finds the same one.
     *
     * @param file where it is kept
     * @param make makes its text when the file is missing
     * @return the file
     */
    static Path secret(Path file, Supplier<String> make) {
        if (Files.exists(file)) {
            return file;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, make.get());
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // Windows: the data directory's own permissions apply
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep a secret in " + file, e);
        }
    }
}
