package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import java.net.URI;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.ServiceCard;
import org.panjereh.sso.Citizen;
import org.panjereh.sso.NationalLoginRequestFilter;

/** The agency's single window pages: server-rendered, Persian, right to left. */
@Path("/")
@Produces("text/html; charset=utf-8")
public class Pages {

    @Inject
    Platform platform;

    /** @return the service catalogue, from the agency's service cards */
    @GET
    public String catalogue() {
        StringBuilder b = new StringBuilder("<h1>پنجره واحد دستگاه</h1><p>خدمات این دستگاه:</p><ul>");
        try {
            for (ServiceCard c : platform.registry().cards(platform.agencyId())) {
                b.append("<li>").append(esc(c.title())).append(" <small>(").append(esc(c.serviceId().value()))
                        .append(")</small></li>");
            }
        } catch (PanjerehException e) {
            b.append("<li role=\"alert\">").append(esc(e.persianMessage())).append("</li>");
        }
        b.append("</ul><p><a href=\"/my\">ورود با پنجره ملی و پیشخوان من</a></p>");
        return page("پنجره واحد دستگاه", b.toString());
    }

    /**
     * @param ctx the request, carrying the citizen the login guard found
     * @return the citizen's own page
     */
    @GET
    @Path("my")
    public String my(@Context ContainerRequestContext ctx) {
        Citizen c = (Citizen) ctx.getProperty(NationalLoginRequestFilter.CITIZEN);
        String account = platform.login().accountUrl().map(URI::toString).orElse("#");
        return page("پیشخوان من", "<h1>پیشخوان من</h1><p>" + (c == null ? "" : esc(c.displayName())) + "</p><p><a href=\""
                + esc(account) + "\">انتقال به پنجره ملی</a> · <a href=\"/logout\">خروج</a></p>");
    }

    static String page(String title, String body) {
        return "<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\"><title>" + esc(title) + "</title></head><body>" + body
                + "</body></html>";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }
}
