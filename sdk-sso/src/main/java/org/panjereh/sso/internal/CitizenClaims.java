package org.panjereh.sso.internal;

import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.function.Function;
import org.panjereh.core.FidaCode;
import org.panjereh.core.InvalidIdentifierException;
import org.panjereh.core.LegalEntityId;
import org.panjereh.core.LevelOfAssurance;
import org.panjereh.core.MobileNumber;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PanjerehException;
import org.panjereh.sso.Citizen;
import org.panjereh.sso.ClaimNames;
import org.panjereh.sso.LoginException;
import org.panjereh.sso.PersonType;

/**
 * Who a login is about: the verified claims (the ID token's first, userinfo's where it is silent) mapped to a
 * {@link Citizen} under the platform's claim names, with the level the service asked for enforced.
 */
public final class CitizenClaims {

    private CitizenClaims() {
    }

    /**
     * @param issuer   the issuer of the login
     * @param claims   the ID token's verified claims
     * @param userInfo userinfo's claims (empty when not read)
     * @param required the level the service needs
     * @param names    the platform's claim names
     * @return the citizen
     * @throws LoginException {@code ACR_TOO_LOW} or {@code INVALID_ID_TOKEN}
     */
    public static Citizen of(URI issuer, IDTokenClaimsSet claims, Map<String, Object> userInfo, LevelOfAssurance required,
                             ClaimNames names) {
        LevelOfAssurance acr;
        try {
            acr = claims.getACR() == null ? LevelOfAssurance.LOA1 : LevelOfAssurance.fromAcr(claims.getACR().getValue());
        } catch (IllegalArgumentException e) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, "unknown acr", e);
        }
        if (!acr.satisfies(required)) {
            throw new LoginException(LoginException.Reason.ACR_TOO_LOW, "acr " + acr.acr() + " is below " + required.acr(), null);
        }
        Function<String, Object> claim = k -> {
            Object v = claims.getClaim(k);
            return v != null ? v : userInfo.get(k);
        };
        return mapped(() -> of(issuer, claims.getSubject().getValue(), claim, acr,
                claims.getSessionID() == null ? null : claims.getSessionID().getValue(),
                claims.getAuthenticationTime() == null ? null : claims.getAuthenticationTime().toInstant(), names),
                "claims are malformed: ");
    }

    /**
     * The citizen an access token speaks for, from userinfo alone.
     *
     * @param issuer   the issuer
     * @param subject  the token's {@code sub}
     * @param userInfo userinfo's claims
     * @param level    the token's level
     * @param names    the platform's claim names
     * @return the citizen
     * @throws LoginException {@code INVALID_ID_TOKEN} when the claims are malformed
     */
    public static Citizen ofUserInfo(URI issuer, String subject, Map<String, Object> userInfo, LevelOfAssurance level,
                                     ClaimNames names) {
        return mapped(() -> of(issuer, subject, userInfo::get, level, null, null, names), "userinfo claims are malformed: ");
    }

    private static Citizen mapped(java.util.function.Supplier<Citizen> mapping, String what) {
        try {
            return mapping.get();
        } catch (InvalidIdentifierException | IllegalArgumentException | java.time.DateTimeException e) {
            throw new LoginException(LoginException.Reason.INVALID_ID_TOKEN, what
                    + (e instanceof PanjerehException pe ? pe.getMessage() : e.getClass().getSimpleName()), e);
        }
    }

    private static Citizen of(URI issuer, String subject, Function<String, Object> claim, LevelOfAssurance acr, String sid,
                              Instant authTime, ClaimNames n) {
        Function<String, String> str = k -> claim.apply(k) instanceof String x ? x : null;
        String nc = str.apply(n.nationalCode());
        String fida = str.apply(n.fidaCode());
        String legal = str.apply(n.legalEntityId());
        String type = str.apply(n.personType());
        PersonType pt = type != null ? PersonType.fromClaim(type) : (fida != null ? PersonType.FOREIGN : PersonType.NATURAL);
        if ((pt == PersonType.FOREIGN ? fida : nc) == null) {
            throw new IllegalArgumentException("the identifier for person_type " + pt + " is missing");
        }
        if (pt == PersonType.LEGAL_REPRESENTATIVE && legal == null) {
            throw new IllegalArgumentException("legal_entity_id is missing for a legal representative");
        }
        String phone = str.apply(n.phoneNumber());
        boolean verified = Boolean.TRUE.equals(claim.apply(n.phoneNumber() + "_verified"));
        String birth = str.apply(n.birthdate());
        return new Citizen(issuer, subject, pt, nc == null ? null : NationalCode.of(nc),
                fida == null ? null : FidaCode.of(fida), legal == null ? null : LegalEntityId.of(legal),
                str.apply(n.givenName()), str.apply(n.familyName()), birth == null ? null : LocalDate.parse(birth),
                phone != null && verified ? MobileNumber.of(phone) : null, acr, sid, authTime);
    }
}
