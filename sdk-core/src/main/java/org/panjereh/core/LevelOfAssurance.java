package org.panjereh.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** How strongly a citizen was authenticated (contract section 2.1); ordered from weakest to strongest. */
public enum LevelOfAssurance {
    /** Mobile one-time password. */
    LOA1("urn:ir:gov:loa:1"),
    /** Mobile matched to the national code through Shahkar. */
    LOA2("urn:ir:gov:loa:2"),
    /** National smart card or qualified certificate. */
    LOA3("urn:ir:gov:loa:3");

    private final String uri;

    LevelOfAssurance(String uri) {
        this.uri = uri;
    }

    /** The {@code acr} value, e.g. {@code urn:ir:gov:loa:2}. */
    @JsonValue
    public String acr() {
        return uri;
    }

    /** Whether this level satisfies {@code required}. */
    public boolean satisfies(LevelOfAssurance required) {
        return compareTo(required) >= 0;
    }

    /**
     * Parses an {@code acr} value.
     *
     * @param acr e.g. {@code urn:ir:gov:loa:3}
     * @return the level
     * @throws IllegalArgumentException for an unknown value
     */
    @JsonCreator
    public static LevelOfAssurance fromAcr(String acr) {
        for (LevelOfAssurance l : values()) {
            if (l.uri.equals(acr)) {
                return l;
            }
        }
        throw new IllegalArgumentException("Unknown level of assurance: " + acr);
    }
}
