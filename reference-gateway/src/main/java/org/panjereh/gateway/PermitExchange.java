package org.panjereh.gateway;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.panjereh.documents.DocumentRegistry;
import org.panjereh.documents.VerificationCode;
import org.panjereh.inquiry.ExchangeProvider;
import org.panjereh.inquiry.ProvidedService;
import org.panjereh.inquiry.ProviderAudit;
import org.panjereh.inquiry.ReplayCache;

/**
 * Agency 1010 as a provider on the national exchange (contract section 12): «استعلام پروانه کسب» answers another
 * agency asking whether a business permit is valid, by the permit's verification code, from the gateway's own
 * document registry and requests. Consumers: agency 2020 (status and title only, for its smart-card service) and
 * the sandbox's test consumer 9999 (every field). The replay cache and the audit live in the gateway's store, so
 * every node shares them.
 */
@Singleton
public class PermitExchange {

    static final String SERVICE = "business-permit";

    @Inject
    Platform platform;
    @Inject
    Store store;
    @Inject
    Documents documents;
    @Inject
    Requests requests;

    private ExchangeProvider provider;
    private ProviderAudit audit;

    /** @return the provider, made on first use */
    synchronized ExchangeProvider provider() {
        if (provider == null) {
            audit = ProviderAudit.jdbc(store.dataSource());
            ProvidedService permits = ProvidedService.builder(SERVICE, call -> answer(call.<String>field("code")))
                    .title("استعلام پروانه کسب").legalBasis("قانون نظام صنفی کشور، ماده ۱۲؛ ضوابط فنی، ماده ۳۳")
                    .request("code", ProvidedService.FieldType.STRING)
                    .answer("status", ProvidedService.FieldType.STRING).answer("title", ProvidedService.FieldType.STRING)
                    .answer("issuedAt", ProvidedService.FieldType.DATETIME).answer("trackingId", ProvidedService.FieldType.TRACKING_ID)
                    .answer("holderName", ProvidedService.FieldType.STRING).answer("address", ProvidedService.FieldType.STRING)
                    .consumer("2020", Set.of("20201000001"), Set.of("status", "title"))
                    .consumer("9999", Set.of("99990000001"), Set.of("status", "title", "issuedAt", "trackingId", "holderName", "address"))
                    .ratePerMinute(ratePerMinute())
                    .build();
            provider = ExchangeProvider.builder(platform.client(), ReplayCache.jdbc(store.dataSource()), audit)
                    .endpoint(java.net.URI.create(platform.base() + "/exchange/")).service(permits).build();
        }
        return provider;
    }

    /**
     * Each consumer's calls a minute, {@code gateway.exchange.provider-rate-per-minute} (600 by default, the figure
     * agreed with the consumers; a load run raises it to measure the work rather than the refusals).
     */
    private static int ratePerMinute() {
        return GatewaySettings.current().providerRatePerMinute();
    }

    /** @return the traffic log */
    ProviderAudit audit() {
        provider();
        return audit;
    }

    private Optional<Map<String, Object>> answer(String typed) {
        VerificationCode code;
        try {
            code = VerificationCode.parse(typed);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        Optional<DocumentRegistry.Entry> entry = documents.registry().find(code);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        DocumentRegistry.Entry e = entry.get();
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("status", e.status() == DocumentRegistry.Status.VALID ? "valid" : "revoked");
        a.put("title", e.title());
        a.put("issuedAt", e.issuedAt().toString());
        a.put("trackingId", e.trackingId().value());
        requests.find(e.trackingId()).ifPresent(r -> {
            a.put("holderName", r.applicantName());
            a.put("address", r.address());
        });
        return Optional.of(a);
    }

    /** The demo violation {@code provider-no-auth}: the record answered to anyone who asks, no token, no table. */
    jakarta.ws.rs.core.Response answerWithoutChecks(byte[] body) {
        String code;
        try {
            code = new com.fasterxml.jackson.databind.ObjectMapper().readTree(body).path("code").asText("");
        } catch (java.io.IOException e) {
            code = "";
        }
        Optional<Map<String, Object>> a = answer(code);
        return a.isEmpty() ? jakarta.ws.rs.core.Response.status(404).build()
                : jakarta.ws.rs.core.Response.ok(a.get(), "application/json").build();
    }

    @PreDestroy
    synchronized void close() {
        if (provider != null) {
            provider.close();
        }
    }
}
