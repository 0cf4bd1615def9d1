package org.panjereh.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An OAuth client secret, for platforms that offer {@code client_secret_basic} instead of
 * {@code private_key_jwt} (contract section 9). Read it from a file or the environment, never from
 * source; {@link #toString()} shows nothing of it.
 */
public final class ClientSecret {

    private final char[] value;

    private ClientSecret(char[] value) {
        if (value.length < 16) {
            throw new PanjerehConfigurationException("A client secret must have at least 16 characters");
        }
        this.value = value;
    }

    /**
     * Reads a secret from a file (surrounding whitespace removed).
     *
     * @param file the file
     * @return the secret
     */
    public static ClientSecret fromFile(Path file) {
        try {
            return new ClientSecret(Files.readString(file, StandardCharsets.UTF_8).strip().toCharArray());
        } catch (IOException e) {
            throw new PanjerehConfigurationException("Cannot read the client secret file " + file.getFileName(), e);
        }
    }

    /**
     * Reads a secret from an environment variable.
     *
     * @param variable the variable's name
     * @return the secret
     */
    public static ClientSecret fromEnvironment(String variable) {
        String v = System.getenv(variable);
        if (v == null || v.isBlank()) {
            throw new PanjerehConfigurationException("Environment variable " + variable + " holds no client secret");
        }
        return new ClientSecret(v.strip().toCharArray());
    }

    /**
     * A secret already in memory (tests, secret managers).
     *
     * @param value the secret (copied)
     * @return the secret
     */
    public static ClientSecret of(char[] value) {
        return new ClientSecret(Arrays.copyOf(value, value.length));
    }

    /** The secret itself, for the client authentication that sends it. Never log it. */
    public String reveal() {
        return new String(value);
    }

    @Override
    public String toString() {
        return "ClientSecret[hidden]";
    }
}
