package org.panjereh.core;

import java.util.Objects;

/**
 * Who the agency is to the platform: its agency id (as in service cards and event sources), its OAuth
 * client id, and its signing key for {@code private_key_jwt} (contract sections 2.1 and 2.2).
 * Immutable; made by {@link #builder()}. {@link #toString()} never shows key material.
 *
 * <pre>{@code
 * AgencyCredentials creds = AgencyCredentials.builder()
 *     .agencyId("1010")
 *     .clientId("agency-1010-portal")
 *     .signingKey(SigningKey.fromPem(Path.of("/etc/panjereh/agency-key.pem"), null))
 *     .build();
 * }</pre>
 */
public final class AgencyCredentials {

    private final String agencyId;
    private final String clientId;
    private final SigningKey signingKey;
    private final ClientSecret clientSecret;
    private final ClientAssertionAudience assertionAudience;
    private final java.util.List<EncryptionKey> encryptionKeys;

    private AgencyCredentials(Builder b) {
        this.encryptionKeys = java.util.List.copyOf(b.encryptionKeys);
        this.agencyId = b.agencyId;
        this.clientId = b.clientId;
        this.signingKey = b.signingKey;
        this.clientSecret = b.clientSecret;
        this.assertionAudience = b.assertionAudience;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The agency id, digits (e.g. {@code 1010}); events are sourced from {@code urn:ir:agency:{agencyId}}. */
    public String agencyId() {
        return agencyId;
    }

    /** The OAuth client id registered with the platform. */
    public String clientId() {
        return clientId;
    }

    /** The key that signs client assertions and other agency JWTs. */
    public SigningKey signingKey() {
        return signingKey;
    }

    /** The client secret, for platforms that only offer {@code client_secret_basic}. */
    public java.util.Optional<ClientSecret> clientSecret() {
        return java.util.Optional.ofNullable(clientSecret);
    }

    /**
     * The keys the platform may encrypt to (ID tokens, userinfo): empty when nothing is encrypted; two during a
     * rotation, the newest first.
     *
     * @return the encryption keys
     */
    public java.util.List<EncryptionKey> encryptionKeys() {
        return encryptionKeys;
    }

    /**
     * The agency's public JWKS to register with the platform: the signing key and every encryption key.
     *
     * @return the JWKS, public keys only
     */
    public com.nimbusds.jose.jwk.JWKSet publicJwks() {
        java.util.List<com.nimbusds.jose.jwk.JWK> keys = new java.util.ArrayList<>();
        keys.add(signingKey.publicJwk());
        encryptionKeys.forEach(k -> keys.add(k.publicJwk()));
        return new com.nimbusds.jose.jwk.JWKSet(keys);
    }

    /** The audience of the agency's client assertions ({@link ClientAssertionAudience#ISSUER} unless configured). */
    public ClientAssertionAudience clientAssertionAudience() {
        return assertionAudience;
    }

    /** The CloudEvents {@code source} of this agency's events. */
    public String eventSource() {
        return "urn:ir:agency:" + agencyId;
    }

    @Override
    public String toString() {
        return "AgencyCredentials[agencyId=" + agencyId + ", clientId=" + clientId + ", key=" + signingKey
                + (clientSecret == null ? "" : ", secret=hidden") + "]";
    }

    /** Builder of {@link AgencyCredentials}; {@link #build()} checks every field. */
    public static final class Builder {
        private String agencyId;
        private String clientId;
        private SigningKey signingKey;
        private ClientSecret clientSecret;
        private ClientAssertionAudience assertionAudience = ClientAssertionAudience.ISSUER;
        private final java.util.List<EncryptionKey> encryptionKeys = new java.util.ArrayList<>();

        private Builder() {
        }

        /**
         * Adds a key the platform may encrypt ID tokens and userinfo to; call twice during a rotation, the newest first.
         *
         * @param key the key
         * @return this builder
         */
        public Builder encryptionKey(EncryptionKey key) {
            this.encryptionKeys.add(java.util.Objects.requireNonNull(key, "key"));
            return this;
        }

        /**
         * @param audience the {@code aud} of client assertions (default {@link ClientAssertionAudience#ISSUER}, as
         *                 FAPI 2.0 requires; {@link ClientAssertionAudience#ENDPOINT} for a platform accepting only that)
         * @return this builder
         */
        public Builder clientAssertionAudience(ClientAssertionAudience audience) {
            this.assertionAudience = java.util.Objects.requireNonNull(audience, "audience");
            return this;
        }

        /** @param secret the client secret, used only where {@code private_key_jwt} is not offered */
        public Builder clientSecret(ClientSecret secret) {
            this.clientSecret = secret;
            return this;
        }

        /** @param agencyId the agency id, ASCII or Persian digits */
        public Builder agencyId(String agencyId) {
            this.agencyId = agencyId;
            return this;
        }

        /** @param clientId the OAuth client id */
        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        /** @param signingKey the agency's private signing key */
        public Builder signingKey(SigningKey signingKey) {
            this.signingKey = signingKey;
            return this;
        }

        /**
         * @return the credentials
         * @throws PanjerehConfigurationException if a field is missing or malformed
         */
        public AgencyCredentials build() {
            if (agencyId == null || agencyId.isBlank()) {
                throw new PanjerehConfigurationException("agencyId is required");
            }
            agencyId = org.panjereh.core.shared.Digits.cleanIdentifier(agencyId);
            if (!org.panjereh.core.shared.Digits.isAsciiDigits(agencyId) || agencyId.length() > 11) {
                throw new PanjerehConfigurationException("agencyId must be up to 11 digits");
            }
            if (clientId == null || clientId.isBlank() || clientId.length() > 255) {
                throw new PanjerehConfigurationException("clientId is required (at most 255 characters)");
            }
            Objects.requireNonNull(signingKey, "signingKey");
            for (EncryptionKey k : encryptionKeys) {
                // One key, one use (RFC 7517 §4.2): a key that both signs and decrypts lets one use attack the other.
                if (k.keyId().equals(signingKey.keyId())) {
                    throw new PanjerehConfigurationException("The encryption key must not be the signing key");
                }
            }
            return new AgencyCredentials(this);
        }
    }
}
