package org.panjereh.examples;

import java.time.LocalDate;
import org.panjereh.core.Channel;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PostalCode;
import org.panjereh.core.ServiceId;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.inquiry.AuditSink;
import org.panjereh.inquiry.InquiryContext;
import org.panjereh.inquiry.NationalExchange;
import org.panjereh.inquiry.PersonIdentity;
import org.panjereh.inquiry.PostalAddress;
import org.panjereh.inquiry.UserRefKey;

/** sdk-inquiry: an identity and a postcode inquiry through the national exchange, for one request. */
public final class InquiryExample {

    private InquiryExample() {
    }

    /**
     * Runs the example.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try (Demo demo = new Demo()) {
            // In production: UserRefKey.fromFile(Path.of("/etc/panjereh/user-ref.key")).
            UserRefKey userRef = UserRefKey.of(new java.security.SecureRandom().generateSeed(32));
            NationalExchange exchange = NationalExchange.builder(demo.platform, userRef)
                    .audit(r -> System.out.println("audit: " + r.service() + " " + r.outcome() + " " + r.responseBytes()
                            + " bytes, sha256 " + r.responseSha256().substring(0, 12) + "…"))
                    .build();
            ServiceId licence = ServiceId.of("10101234567");
            TrackingId request = TrackingIds.builder(demo.platform).build().issue(licence, Channel.WEB, "citizen-sub").trackingId();
            NationalCode citizen = NationalCode.of("۰۴۹۹۳۷۰۸۹۹");
            InquiryContext why = InquiryContext.forRequest(licence, request, citizen);

            PersonIdentity person = exchange.personIdentity(citizen, LocalDate.of(1990, 5, 12), why);
            System.out.println("هویت: " + person.givenName() + " " + person.familyName() + "، فرزند " + person.fatherName());
            PostalAddress home = exchange.addressByPostcode(PostalCode.of("1991943711"), why);
            System.out.println("نشانی: " + home.province() + "، " + home.city() + "، " + home.street() + "، پلاک " + home.plaque());
        }
    }
}
