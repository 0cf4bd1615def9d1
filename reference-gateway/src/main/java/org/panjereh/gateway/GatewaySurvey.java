package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Path;
import org.panjereh.survey.SurveyResource;

/**
 * sdk-survey's endpoint at {@code /survey}: the satisfaction survey right after delivery. Its form needs no
 * session CSRF token: the signed, single-use ticket bound to the request and the applicant is the form's
 * token (docs/contract-notes.md).
 */
@Singleton
@Path("/survey")
public class GatewaySurvey extends SurveyResource {

    /** @param agency the survey service and tickets */
    @Inject
    public GatewaySurvey(Agency agency) {
        super(agency.survey(), agency.tickets(), "csat-v1");
    }
}
