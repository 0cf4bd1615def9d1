package org.panjereh.gateway;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.panjereh.core.InvalidIdentifierException;
import org.panjereh.core.PersianText;
import org.panjereh.core.TrackingId;
import org.panjereh.events.MessageNotice;
import org.panjereh.sso.Citizen;

/**
 * The desk of questions, criticism, suggestions and complaints «پرسش، انتقاد، پیشنهاد و شکایت» (ضوابط فنی، پیوست ج،
 * ردیف ۴۰): a logged-in person files one, optionally about one of their own requests, and gets a reference and a due
 * date (ten days); staff see them in their console, late ones first, and answer each once; the person sees the
 * answer in {@code /my/complaints} and, when it is about a request, in their message box.
 */
@Path("/")
@Produces("text/html; charset=utf-8")
public class Complaints {

    static final Map<String, String> KINDS = Map.of("question", "پرسش", "criticism", "انتقاد", "suggestion", "پیشنهاد",
            "complaint", "شکایت");
    static final Duration DUE = Duration.ofDays(10);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Store store;
    @Inject
    Requests requests;
    @Inject
    Agency agency;

    /** One filed item. */
    /**
     * Ten random digits that are never a valid national code, so that a reference in a URL or a log line is never
     * taken for a person's code (nine in ten random numbers fail the check digit; the others are drawn again).
     */
    static String reference() {
        while (true) {
            String r = String.format("%010d", Math.floorMod(RANDOM.nextLong(), 10_000_000_000L));
            if (!org.panjereh.core.NationalCode.isValid(r)) {
                return r;
            }
        }
    }

    record Item(String reference, String subject, String kind, String trackingId, String text, Instant createdAt, Instant dueAt,
                String answer, Instant answeredAt) {
        boolean late(Instant now) {
            return answeredAt == null ? now.isAfter(dueAt) : answeredAt.isAfter(dueAt);
        }
    }

    /**
     * @param ctx the request
     * @return the form and the person's own items with their answers
     */
    @GET
    @Path("my/complaints")
    public String mine(@Context ContainerRequestContext ctx) {
        return page(ctx, null, null);
    }

    private String page(ContainerRequestContext ctx, String error, String text) {
        Citizen c = Visitor.required(ctx);
        StringBuilder b = new StringBuilder("<h1>پرسش، انتقاد، پیشنهاد و شکایت</h1>");
        if (error != null) {
            b.append(Html.alert(error));
        }
        b.append("<form method=\"post\" action=\"/my/complaints\">").append(Html.csrfField(Visitor.csrf(ctx)))
                .append("<label for=\"kind\">نوع</label><select id=\"kind\" name=\"kind\">");
        for (String k : List.of("question", "criticism", "suggestion", "complaint")) {
            b.append("<option value=\"").append(k).append("\">").append(KINDS.get(k)).append("</option>");
        }
        b.append("</select><label for=\"trackingId\">شناسه پیگیری درخواست (اگر دربارهٔ یکی از درخواست‌های شماست)</label>")
                .append("<input type=\"text\" id=\"trackingId\" name=\"trackingId\" inputmode=\"numeric\" maxlength=\"30\">")
                .append("<label for=\"text\">متن (تا ۲۰۰۰ نویسه)</label><textarea id=\"text\" name=\"text\" maxlength=\"2000\" required>")
                .append(Html.esc(text == null ? "" : text)).append("</textarea><button type=\"submit\">ثبت</button></form>");
        List<Item> items = select("WHERE subject = ? ORDER BY created_at DESC", c.subject());
        if (!items.isEmpty()) {
            b.append("<h2>موارد ثبت‌شدهٔ شما</h2>");
            for (Item i : items) {
                b.append(item(i, false));
            }
        }
        return Html.page("پرسش و شکایت", true, b.toString());
    }

    static String item(Item i, boolean staff) {
        StringBuilder b = new StringBuilder("<section class=\"request\"><h3>").append(KINDS.get(i.kind())).append(" — شماره <span class=\"tracking\">")
                .append(PersianText.toPersianDigits(i.reference())).append("</span></h3><p>ثبت: ").append(Html.when(i.createdAt()))
                .append("؛ مهلت پاسخ: ").append(Html.when(i.dueAt()));
        if (i.trackingId() != null) {
            b.append("؛ درخواست ").append(Html.esc(TrackingId.of(i.trackingId()).toPersianDisplay()));
        }
        b.append("</p><blockquote>").append(Html.esc(i.text())).append("</blockquote>");
        if (i.answer() != null) {
            b.append("<p>پاسخ دستگاه (").append(Html.when(i.answeredAt())).append("): ").append(Html.esc(i.answer())).append("</p>");
        } else if (!staff) {
            b.append("<p>در انتظار پاسخ.</p>");
        }
        return b.append("</section>").toString();
    }

    /**
     * @param ctx        the request
     * @param csrf       the session's CSRF token
     * @param kind       question, criticism, suggestion or complaint
     * @param trackingId one of the person's requests, or empty
     * @param text       the text
     * @return back to the list, or the form with a Persian message
     */
    @POST
    @Path("my/complaints")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response file(@Context ContainerRequestContext ctx, @FormParam("csrf") String csrf, @FormParam("kind") String kind,
                         @FormParam("trackingId") String trackingId, @FormParam("text") String text) {
        Citizen c = Visitor.required(ctx);
        Visitor.checkCsrf(ctx, csrf);
        String body = text == null ? "" : text.strip();
        String refused = null;
        String code = null;
        TrackingId about = null;
        if (kind == null || !KINDS.containsKey(kind)) {
            refused = "نوع را از فهرست برگزینید.";
            code = "gateway.complaint_kind";
        } else if (body.isEmpty()) {
            refused = "متن را بنویسید.";
            code = "gateway.complaint_empty";
        } else if (body.length() > 2000) {
            refused = "متن بیش از ۲۰۰۰ نویسه است.";
            code = "gateway.complaint_too_long";
        } else if (trackingId != null && !trackingId.isBlank()) {
            try {
                about = TrackingId.of(trackingId.length() > 40 ? "x" : trackingId);
                Optional<CitizenRequest> r = requests.find(about);
                if (r.isEmpty() || !r.get().subject().equals(c.subject())) {
                    refused = "این شناسه پیگیری از درخواست‌های شما نیست.";
                    code = "gateway.complaint_not_your_request";
                }
            } catch (InvalidIdentifierException e) {
                refused = "شناسه پیگیری نادرست است: " + e.persianMessage();
                code = "gateway.complaint_tracking_invalid";
            }
        }
        if (refused != null) {
            int status = code.equals("gateway.complaint_not_your_request") ? 403 : 422;
            String shown = ErrorPages.shownWithId(status, code, "/my/complaints", refused, null);
            return Response.status(status).entity(page(ctx, shown, body.length() > 2000 ? body.substring(0, 2000) : body)).build();
        }
        Instant now = Instant.now();
        String reference = reference();
        TrackingId t = about;
        run("INSERT INTO gateway_complaint (reference, subject, kind, tracking_id, body, created_at, due_at) VALUES (?,?,?,?,?,?,?)", p -> {
            p.setString(1, reference);
            p.setString(2, c.subject());
            p.setString(3, kind);
            p.setString(4, t == null ? null : t.value());
            p.setString(5, body);
            p.setTimestamp(6, Timestamp.from(now));
            p.setTimestamp(7, Timestamp.from(now.plus(DUE)));
        });
        return Response.seeOther(URI.create("/my/complaints")).build();
    }

    /**
     * Counts for a period.
     *
     * @param received filed in it
     * @param answered of them, answered
     * @param late     of them, answered after the due date or still open past it
     */
    record Counts(long received, long answered, long late) {
    }

    Counts counts(Instant from, Instant to) {
        Instant now = Instant.now();
        long received = 0;
        long answered = 0;
        long late = 0;
        for (Item i : select("WHERE created_at >= ? AND created_at < ?", null, from, to)) {
            received++;
            answered += i.answer() != null ? 1 : 0;
            late += i.late(now) ? 1 : 0;
        }
        return new Counts(received, answered, late);
    }

    interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    void run(String sql, Binder b) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            b.bind(p);
            if (!sql.startsWith("UPDATE")) {
                p.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Complaints store failed (SQL state " + e.getSQLState() + ")", e);
        }
    }

    List<Item> select(String where, String arg, Instant... range) {
        try (Connection c = store.dataSource().getConnection(); PreparedStatement p = c.prepareStatement("SELECT reference, "
                + "subject, kind, tracking_id, body, created_at, due_at, answer, answered_at FROM gateway_complaint " + where)) {
            int n = 1;
            if (arg != null) {
                p.setString(n++, arg);
            }
            for (Instant t : range) {
                p.setTimestamp(n++, Timestamp.from(t));
            }
            p.setMaxRows(500);
            List<Item> out = new ArrayList<>();
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Timestamp answered = rs.getTimestamp(9);
                    out.add(new Item(rs.getString(1).strip(), rs.getString(2), rs.getString(3), rs.getString(4) == null ? null
                            : rs.getString(4).strip(), rs.getString(5), rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant(),
                            rs.getString(8), answered == null ? null : answered.toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("Complaints store failed (SQL state " + e.getSQLState() + ")", e);
        }
    }
}
