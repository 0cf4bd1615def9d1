package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.UUID;
import java.util.logging.Logger;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.panjereh.core.PersianText;
import org.panjereh.documents.DocumentRegistry;
import org.panjereh.documents.DocumentVerification;
import org.panjereh.documents.VerificationCode;
import org.panjereh.sso.Citizen;

/**
 * Issued documents (contract section 11): the citizen downloads their signed permit; anyone checks one by its code
 * or by uploading the file at {@code /verify}; staff revoke one with a reason. The verification pages say what the
 * document says — service, tracking id, title, date, status — and nothing more about whom it is for.
 */
@Path("/")
@Produces("text/html; charset=utf-8")
public class DocumentPages {

    private static final Logger LOG = Logger.getLogger(DocumentPages.class.getName());

    @Inject
    Documents documents;
    @Inject
    Requests requests;
    @Inject
    Desk desk;
    @Inject
    Violations violations;

    /**
     * @param ctx the request
     * @param id  a delivered request of the citizen
     * @return its signed permit
     */
    @GET
    @Path("my/requests/{id}/document")
    @Produces("application/pdf")
    public Response download(@Context ContainerRequestContext ctx, @PathParam("id") String id) {
        Citizen c = Visitor.required(ctx);
        CitizenRequest r = desk.visibleTo(c, id);
        DocumentRegistry.Entry e = documents.registry().latestFor(r.trackingId()).orElseThrow(() -> new GatewayProblem(404,
                "gateway.no_document", "برای این درخواست سندی صادر نشده است."));
        byte[] pdf = documents.pdf(e.code()).orElseThrow(() -> new GatewayProblem(404, "gateway.no_document",
                "پرونده این سند در دسترس نیست."));
        if (violations.has("altered-documents")) {
            pdf = pdf.clone();
            pdf[pdf.length / 3] ^= 0x01;
        }
        return Response.ok(pdf, "application/pdf")
                .header("Content-Disposition", "attachment; filename=\"permit-" + r.trackingId().value() + ".pdf\"").build();
    }

    /**
     * @param code a code typed in the form, optional
     * @return the verification page (a form), or a redirect to the code's page
     */
    @GET
    @Path("verify")
    public Response form(@QueryParam("code") String code) {
        if (code != null && !code.isBlank()) {
            VerificationCode c = parse(Forms.checkLength(code));
            return Response.seeOther(URI.create("/verify/" + c.value())).build();
        }
        return Response.ok(Html.page("تصدیق سند", false, "<h1>تصدیق سند الکترونیکی</h1>" + forms())).build();
    }

    /**
     * @param code the code from the paper or the QR code
     * @return what the document says and whether it stands
     */
    @GET
    @Path("verify/{code}")
    public String byCode(@PathParam("code") String code) {
        VerificationCode c = parse(Forms.checkLength(code));
        DocumentRegistry.Entry e = documents.registry().find(c).orElseThrow(() -> refused(404, "gateway.unknown_document",
                "سندی با این کد تصدیق از سوی این دستگاه صادر نشده است.", "no document " + c.value()));
        return Html.page("تصدیق سند", false, "<h1>تصدیق سند الکترونیکی</h1>" + describe(e) + forms());
    }

    /**
     * @param file the PDF someone holds
     * @return whether its signature is intact, covers the whole file, chains to the agency's root and stands in the registry
     */
    @POST
    @Path("verify")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response upload(@RestForm("file") FileUpload file) {
        if (file == null || file.uploadedFile() == null) {
            throw new GatewayProblem(400, "gateway.no_file", "پرونده PDF سند را انتخاب کنید.");
        }
        byte[] pdf;
        try {
            pdf = Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new GatewayProblem(400, "gateway.no_file", "پرونده فرستاده‌شده خوانده نشد.");
        }
        DocumentVerification v = documents.verify(pdf);
        StringBuilder b = new StringBuilder("<h1>تصدیق سند الکترونیکی</h1>");
        if (v.valid()) {
            b.append("<p class=\"ok\">امضای این سند معتبر است، همه پرونده را در بر می‌گیرد و دستگاه آن را صادر کرده است.</p>");
            v.code().flatMap(documents.registry()::find).ifPresent(e -> b.append(describe(e)));
            return Response.ok(Html.page("تصدیق سند", false, b.append(forms()).toString())).build();
        }
        String errorId = UUID.randomUUID().toString();
        LOG.warning("Document refused [" + errorId + "] " + v.reason() + ": " + v.detail());
        b.append(Html.alert(v.reason().persian() + " شناسه خطا: " + errorId));
        if (v.reason() == DocumentVerification.Reason.REVOKED) {
            v.code().flatMap(documents.registry()::find).ifPresent(e -> b.append(describe(e)));
        }
        return Response.status(422).entity(Html.page("تصدیق سند", false, b.append(forms()).toString())).build();
    }

    static String describe(DocumentRegistry.Entry e) {
        StringBuilder b = new StringBuilder("<dl>")
                .append("<dt>وضعیت</dt><dd>").append(e.status() == DocumentRegistry.Status.VALID ? "<strong class=\"ok\">معتبر</strong>"
                        : "<strong>باطل‌شده</strong> در " + Html.when(e.revokedAt()) + " — دلیل: " + Html.esc(e.revocationReason()))
                .append("</dd><dt>عنوان</dt><dd>").append(Html.esc(e.title()))
                .append("</dd><dt>شناسه خدمت</dt><dd>").append(Html.esc(PersianText.toPersianDigits(e.serviceId().value())))
                .append("</dd><dt>شناسه پیگیری</dt><dd><span class=\"tracking\">").append(e.trackingId().toPersianDisplay())
                .append("</span></dd><dt>تاریخ صدور</dt><dd>").append(Html.when(e.issuedAt()))
                .append("</dd><dt>کد تصدیق</dt><dd><code>").append(Html.esc(e.code().display()))
                .append("</code></dd><dt>چکیده SHA-256 پرونده</dt><dd><code class=\"digest\">").append(Html.esc(e.sha256()))
                .append("</code></dd></dl>");
        return b.toString();
    }

    private static String forms() {
        return "<h2>تصدیق با کد</h2><form method=\"get\" action=\"/verify\"><label for=\"code\">کد تصدیق ۱۶ نویسه‌ای</label>"
                + "<input type=\"text\" id=\"code\" name=\"code\" maxlength=\"24\" required autocomplete=\"off\" dir=\"ltr\">"
                + "<button type=\"submit\">تصدیق</button></form>"
                + "<h2>تصدیق با پرونده</h2><form method=\"post\" action=\"/verify\" enctype=\"multipart/form-data\">"
                + "<label for=\"file\">پرونده PDF سند</label><input type=\"file\" id=\"file\" name=\"file\" accept=\"application/pdf\" required>"
                + "<button type=\"submit\">بررسی امضا</button></form>";
    }

    static VerificationCode parse(String code) {
        try {
            return VerificationCode.parse(code);
        } catch (IllegalArgumentException e) {
            throw new GatewayProblem(400, "gateway.bad_document_code", "کد تصدیق ۱۶ نویسه است؛ آن را دوباره بررسی کنید.");
        }
    }

    /** A refusal a person sees: its error id stands in exactly one log line with the reason. */
    static GatewayProblem refused(int status, String code, String persian, String reason) {
        String errorId = UUID.randomUUID().toString();
        LOG.warning("Document request refused [" + errorId + "] " + code + ": " + reason);
        return new GatewayProblem(status, code, persian, errorId);
    }
}
