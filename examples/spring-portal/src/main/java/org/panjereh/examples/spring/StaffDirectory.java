package org.panjereh.examples.spring;

import java.util.List;
import java.util.function.Supplier;
import org.panjereh.core.NationalCode;
import org.panjereh.spring.boot.security.CitizenAuthentication;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.stereotype.Component;

/**
 * The agency's staff: people who log in through the national SSO like everyone, named here by national code
 * ({@code portal.staff}; the platform's subjects are pairwise, so they differ between agencies and cannot name
 * anyone in advance). A real agency would read its HR system; the rule stays the same.
 */
@Component
public class StaffDirectory implements AuthorizationManager<RequestAuthorizationContext> {

    private final List<NationalCode> nationalCodes;

    /** @param nationalCodes the staff's national codes, comma-separated in {@code portal.staff} */
    public StaffDirectory(@Value("${portal.staff:}") List<String> nationalCodes) {
        this.nationalCodes = nationalCodes.stream().map(String::strip).filter(s -> !s.isEmpty()).map(NationalCode::of).toList();
    }

    /**
     * @param a an authentication
     * @return whether it is a staff member's national login
     */
    public boolean isStaff(Authentication a) {
        return a instanceof CitizenAuthentication c && c.citizen().nationalCodeIfAny().map(nationalCodes::contains).orElse(false);
    }

    @Override
    public AuthorizationResult authorize(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        return new AuthorizationDecision(isStaff(authentication.get()));
    }

    @Override
    @SuppressWarnings("deprecation") // Spring Security 6's abstract method; authorize() is the one it calls
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        return new AuthorizationDecision(isStaff(authentication.get()));
    }
}
