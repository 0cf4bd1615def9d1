package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.panjereh.core.shared.Json;

/** Service registry (contract section 3), with ETags and Cache-Control. */
final class Registry {

    private final Sandbox sandbox;

    Registry(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void routes(Router r) {
        r.add("GET", "/registry/services/{serviceId}", "registry.card", this::card);
        r.add("GET", "/registry/services", "registry.list", this::list);
    }

    private void card(Call call) {
        sandbox.auth.authenticate(call, "services");
        String id = call.pathVar("serviceId");
        if (!id.matches("[0-9]{11}")) {
            throw Problem.badRequest("registry.invalid_service_id", "A service id is 11 ASCII digits");
        }
        JsonNode card = sandbox.catalog.cards.get(id);
        if (card == null) {
            throw Problem.notFound("registry.service_unknown", "No service " + id + " in the registry");
        }
        cached(call, Json.write(card));
    }

    private void list(Call call) {
        sandbox.auth.authenticate(call, "services");
        String agencyId = call.query().get("agencyId");
        if (agencyId == null || !agencyId.matches("[0-9]{1,11}")) {
            throw Problem.badRequest("registry.agency_required", "Give agencyId (digits)");
        }
        cached(call, Json.write(sandbox.catalog.cardsOf(agencyId)));
    }

    private static void cached(Call call, byte[] body) {
        String etag = Catalog.etag(body);
        call.header("ETag", etag);
        call.header("Cache-Control", "max-age=300");
        String inm = call.header("If-None-Match");
        if (inm != null && (inm.equals(etag) || inm.equals("*"))) {
            call.send(304, "application/json", new byte[0]);
            return;
        }
        call.send(200, "application/json", body);
    }
}
