package org.panjereh.spring.boot.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.sso.Citizen;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A person logged in through the national single sign-on: the {@link Citizen} is the principal
 * ({@code @AuthenticationPrincipal Citizen citizen} in a controller), and the authorities are
 * {@code ROLE_CITIZEN} and one {@code LOA_n} per level the login satisfies ({@code LOA_1} and {@code LOA_2} for a
 * level-2 login), so {@code hasAuthority("LOA_3")} works wherever authorities do; {@link Assurance#atLeast} also
 * asks for a step-up instead of refusing.
 *
 * <p>The ID token is kept only as the hint of the platform logout; it is not the credential Spring Security
 * prints or erases, and {@link #toString()} names no identifier.
 */
public final class CitizenAuthentication extends AbstractAuthenticationToken {

    /** The authority every logged-in person has. */
    public static final String CITIZEN_ROLE = "ROLE_CITIZEN";

    private final transient Citizen citizen;
    private final transient String idToken;

    /**
     * @param citizen who logged in
     * @param idToken the login's ID token (the platform logout's hint), or {@code null}
     */
    public CitizenAuthentication(Citizen citizen, String idToken) {
        super(authorities(Objects.requireNonNull(citizen, "citizen").acr()));
        this.citizen = citizen;
        this.idToken = idToken;
        setAuthenticated(true);
    }

    /**
     * @param level a level
     * @return the authority a login at that level or above has, e.g. {@code LOA_2}
     */
    public static String authorityOf(LevelOfAssurance level) {
        return "LOA_" + level.name().substring(3);
    }

    private static List<GrantedAuthority> authorities(LevelOfAssurance acr) {
        List<GrantedAuthority> a = new ArrayList<>();
        a.add(new SimpleGrantedAuthority(CITIZEN_ROLE));
        for (LevelOfAssurance l : LevelOfAssurance.values()) {
            if (acr.satisfies(l)) {
                a.add(new SimpleGrantedAuthority(authorityOf(l)));
            }
        }
        return a;
    }

    /** @return the citizen */
    public Citizen citizen() {
        return citizen;
    }

    /** @return the ID token of the login, for the platform's logout, or {@code null} */
    public String idToken() {
        return idToken;
    }

    @Override
    public Citizen getPrincipal() {
        return citizen;
    }

    /** @return nothing: the platform holds the credentials */
    @Override
    public Object getCredentials() {
        return "";
    }

    /** @return the platform's subject identifier (pairwise), never a national code */
    @Override
    public String getName() {
        return citizen.subject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CitizenAuthentication c && c.citizen.equals(citizen) && super.equals(o);
    }

    @Override
    public int hashCode() {
        return citizen.hashCode();
    }

    /** Names the level only. */
    @Override
    public String toString() {
        return "CitizenAuthentication[acr=" + citizen.acr().acr() + "]";
    }
}
