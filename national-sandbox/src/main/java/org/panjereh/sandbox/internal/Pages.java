package org.panjereh.sandbox.internal;

import com.fasterxml.jackson.databind.JsonNode;
import org.panjereh.core.shared.Digits;

/** The sandbox's HTML: an index page and the login page, RTL Persian with English beside it. */
final class Pages {

    private final Sandbox sandbox;

    Pages(Sandbox sandbox) {
        this.sandbox = sandbox;
    }

    void routes(Router r) {
        r.add("GET", "/", "pages.index", c -> c.html(200, index()));
        r.add("GET", "/openapi.json", "pages.openapi", c -> {
            c.header("Cache-Control", "max-age=3600");
            c.send(200, "application/json", openApi().toString()
                    .replace("http://127.0.0.1:8089", sandbox.issuer()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        });
    }

    /** The OpenAPI document of this profile: the live-like one has no discovery, no PAR and other paths. */
    private JsonNode openApi() {
        JsonNode doc = Catalog.load("openapi.json");
        if (!sandbox.liveLike()) {
            return doc;
        }
        com.fasterxml.jackson.databind.node.ObjectNode paths = (com.fasterxml.jackson.databind.node.ObjectNode) doc.get("paths");
        com.fasterxml.jackson.databind.node.ObjectNode renamed = paths.objectNode();
        paths.properties().forEach(e -> {
            String p = e.getKey();
            if (p.equals("/.well-known/openid-configuration") || p.equals("/par")) {
                return;
            }
            String name = p.substring(1);
            renamed.set(java.util.Set.of("jwks", "authorize", "token", "userinfo").contains(name) ? sandbox.oidcPath(name) : p,
                    e.getValue());
        });
        ((com.fasterxml.jackson.databind.node.ObjectNode) doc).set("paths", renamed);
        return doc;
    }

    static String esc(String s) {
        return org.panjereh.core.shared.Html.escape(s);
    }

    static String page(String title, String body) {
        return "<!doctype html><html lang=\"fa\" dir=\"rtl\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + esc(title) + " — شبیه‌ساز پنجره ملی</title><style>"
                + "body{font-family:Vazirmatn,Tahoma,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;"
                + "color:#1a1a1a;background:#fff;line-height:1.7}h1,h2{color:#0b3d66}table{border-collapse:collapse;width:100%}"
                + "td,th{border:1px solid #888;padding:.3rem .5rem;text-align:start}code{direction:ltr;unicode-bidi:embed}"
                + "button{font:inherit;padding:.4rem 1.2rem;margin-inline-end:.5rem;background:#0b3d66;color:#fff;border:0;"
                + "border-radius:4px}button.secondary{background:#555}:focus-visible{outline:3px solid #c2410c;outline-offset:2px}"
                + "fieldset{margin:1rem 0;border:1px solid #888}label{display:block;padding:.2rem 0}"
                + "[lang=en]{direction:ltr;text-align:left;color:#333}</style></head><body>"
                + "<header><strong>شبیه‌ساز پنجره ملی خدمات دولت هوشمند</strong> · <span lang=\"en\">National window sandbox"
                + "</span></header><main><h1>" + esc(title) + "</h1>" + body + "</main></body></html>";
    }

    static String loginPage(String txn, JsonNode citizens, String askedAcr, String clientId,
                            java.util.function.Function<JsonNode, String> powers) {
        StringBuilder b = new StringBuilder();
        b.append("<p>دستگاه <code>").append(esc(clientId)).append("</code> درخواست ورود کرده است. یک شهروند آزمایشی و سطح ")
                .append("اطمینان را انتخاب کنید.</p><p lang=\"en\">Client <code>").append(esc(clientId))
                .append("</code> asks you to log in. Pick a test citizen and a level of assurance.</p>")
                .append("<form method=\"post\" action=\"/authorize/login\"><input type=\"hidden\" name=\"txn\" value=\"")
                .append(esc(txn)).append("\"><fieldset><legend>شهروند آزمایشی · <span lang=\"en\">Test citizen</span></legend>");
        boolean first = true;
        for (JsonNode c : citizens) {
            String id = c.get("sub").asText();
            String code = c.hasNonNull("nationalCode") ? "کد ملی " + Digits.toPersian(c.get("nationalCode").asText())
                    : "کد فراگیر " + Digits.toPersian(c.get("fidaCode").asText());
            b.append("<label><input type=\"radio\" name=\"citizen\" value=\"").append(esc(id)).append("\"")
                    .append(first ? " checked" : "").append("> ").append(esc(c.get("givenName").asText())).append(' ')
                    .append(esc(c.get("familyName").asText())).append(" — ").append(esc(code)).append(" — ")
                    .append(esc(kind(c.get("personType").asText())))
                    .append(c.hasNonNull("legalEntityId") ? " برای شرکت با شناسه ملی " + Digits.toPersian(c.get("legalEntityId").asText())
                            + powers.apply(c) : "").append("</label>");
            first = false;
        }
        b.append("</fieldset><fieldset><legend>سطح اطمینان · <span lang=\"en\">Level of assurance</span></legend>");
        String[] names = {"سطح ۱: رمز یک‌بار مصرف پیامکی", "سطح ۲: تطبیق همراه و کد ملی (شاهکار)",
            "سطح ۳: کارت هوشمند ملی یا گواهی امضا"};
        for (int i = 0; i < Login.LOAS.size(); i++) {
            String loa = Login.LOAS.get(i);
            b.append("<label><input type=\"radio\" name=\"loa\" value=\"").append(loa).append("\"")
                    .append(loa.equals(askedAcr) ? " checked" : "").append("> ").append(names[i]).append("</label>");
        }
        b.append("</fieldset><button type=\"submit\" name=\"action\" value=\"login\">ورود</button>")
                .append("<button type=\"submit\" name=\"action\" value=\"cancel\" class=\"secondary\">انصراف</button></form>");
        return page("ورود یکپارچه", b.toString());
    }

    private static String kind(String personType) {
        return switch (personType) {
            case "foreign" -> "تبعهٔ خارجی";
            case "legal_representative" -> "نمایندهٔ شخص حقوقی";
            default -> "شخص حقیقی";
        };
    }

    /** What the company registry says of a representative: role, scope and dates (contract note 68). */
    String powers(JsonNode citizen) {
        for (JsonNode r : sandbox.catalog.testData.path("representatives")) {
            if (r.path("legalEntityId").asText().equals(citizen.path("legalEntityId").asText())
                    && r.path("nationalCode").asText().equals(citizen.path("nationalCode").asText())) {
                return "؛ " + esc(r.path("role").asText()) + "، " + (r.path("fullPowers").asBoolean() ? "همهٔ خدمات"
                        : "فقط " + esc(r.path("services").toString())) + "، " + esc(r.path("from").asText()) + " تا "
                        + esc(r.path("until").asText());
            }
        }
        return "؛ نمایندگی در سازمان ثبت ثبت نشده";
    }

    private String index() {
        String i = sandbox.issuer();
        StringBuilder b = new StringBuilder();
        b.append("<p>این برنامه سمت پنجره ملی را مطابق قرارداد <code>national-window-v1</code> شبیه‌سازی می‌کند تا دستگاه‌ها ")
                .append("پیش از اتصال واقعی، درگاه خود را بیازمایند.</p><p lang=\"en\">This program simulates the platform side ")
                .append("of the <code>national-window-v1</code> contract so that agencies can test their portals.</p>")
                .append("<h2>شهروندان آزمایشی · <span lang=\"en\">Test citizens</span></h2><table><thead><tr><th>نام</th>")
                .append("<th>نوع</th><th>شناسه</th><th>همراه</th><th>بیشترین سطح</th></tr></thead><tbody>");
        for (JsonNode c : sandbox.catalog.testData.get("citizens")) {
            String id = c.hasNonNull("nationalCode") ? c.get("nationalCode").asText() : c.get("fidaCode").asText();
            b.append("<tr><td>").append(esc(c.get("givenName").asText() + " " + c.get("familyName").asText()))
                    .append("</td><td>").append(esc(kind(c.get("personType").asText()))).append("</td><td><code>")
                    .append(esc(id)).append("</code>").append(c.hasNonNull("legalEntityId") ? " (شناسه ملی شرکت <code>"
                            + esc(c.get("legalEntityId").asText()) + "</code>" + powers(c) + ")" : "")
                    .append("</td><td><code>").append(esc(c.get("mobile").asText())).append("</code></td><td>")
                    .append(esc(c.get("maxLoa").asText())).append("</td></tr>");
        }
        b.append("</tbody></table><h2>نشانی‌ها · <span lang=\"en\">Endpoints</span></h2><table><tbody>");
        // The live-like profile has no discovery and no PAR; list only what this profile serves.
        java.util.List<String[]> oidc = new java.util.ArrayList<>();
        if (!sandbox.liveLike()) {
            oidc.add(new String[] {"Discovery", "/.well-known/openid-configuration"});
            oidc.add(new String[] {"PAR", "/par"});
        }
        for (String[] r : new String[][] {{"JWKS", "jwks"}, {"Authorization", "authorize"}, {"Token", "token"},
            {"Userinfo", "userinfo"}, {"Logout", "logout"}}) {
            oidc.add(new String[] {r[0], sandbox.oidcPath(r[1])});
        }
        b.append("<tr><td lang=\"en\">Profile</td><td><code>").append(sandbox.liveLike() ? "live-like" : "strict")
                .append("</code></td></tr>");
        for (String[] r : oidc) {
            b.append("<tr><td lang=\"en\">").append(r[0]).append("</td><td><code>").append(esc(i + r[1]))
                    .append("</code></td></tr>");
        }
        String[][] rows = {
            {"Service registry", "/registry/services/{serviceId}"}, {"Tracking ids", "/tracking/tracking-ids"},
            {"Service events", "/events/batch"}, {"Survey", "/survey/forms/csat-v1"},
            {"Exchange", "/exchange/{provider}/{service}"}, {"Message box", "/messages/messages"},
            {"Payments", "/payments/payments"}, {"Payment page", "/pay/{paymentId}"},
            {"Admin: payment faults", "/admin/payment-faults"},
            {"OpenAPI", "/openapi.json"}, {"Admin: record", "/admin/record/{kind}"},
            {"Admin: faults", "/admin/faults/{endpoint}"}, {"Admin: agencies", "/admin/agencies"},
            {"Admin: message boxes per recipient kind", "/admin/message-boxes"}};
        for (String[] r : rows) {
            b.append("<tr><td lang=\"en\">").append(r[0]).append("</td><td><code>").append(esc(i + r[1]))
                    .append("</code></td></tr>");
        }
        b.append("</tbody></table>");
        return page("شبیه‌ساز پنجره ملی", b.toString());
    }
}
