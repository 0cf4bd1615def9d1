package org.panjereh.examples.spring;

import java.time.Instant;
import java.util.UUID;
import org.panjereh.core.JalaliDate;
import org.panjereh.core.PanjerehException;
import org.panjereh.core.Refusals;
import org.panjereh.core.TrackingId;
import org.panjereh.sso.Citizen;
import org.panjereh.sso.NationalLogin;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** The citizen's pages: the home page, «پنجرهٔ من» with the applications, one application, and the form. */
@Controller
public class PortalPages {

    private final LicenceDesk desk;
    private final Applications applications;
    private final NationalLogin login;

    /**
     * @param desk         the journey
     * @param applications the records
     * @param login        the starter's relying party (for the account link)
     */
    public PortalPages(LicenceDesk desk, Applications applications, NationalLogin login) {
        this.desk = desk;
        this.applications = applications;
        this.login = login;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("title", desk.card().title());
        model.addAttribute("serviceId", desk.card().serviceId().value());
        return "index";
    }

    @GetMapping("/my")
    String my(@AuthenticationPrincipal Citizen citizen, Model model) {
        model.addAttribute("citizen", citizen);
        model.addAttribute("account", login.accountUrl().map(Object::toString).orElse(login.issuer().toString()));
        model.addAttribute("applications", applications.of(citizen.subject()));
        model.addAttribute("title", desk.card().title());
        return "my";
    }

    @GetMapping("/my/requests/{trackingId}")
    String request(@AuthenticationPrincipal Citizen citizen, @PathVariable String trackingId, Model model) {
        LicenceApplication a = (TrackingId.isValid(trackingId) ? applications.find(trackingId) : java.util.Optional.<LicenceApplication>empty())
                .filter(x -> x.subject().equals(citizen.subject()))
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        model.addAttribute("a", a);
        model.addAttribute("tracking", TrackingId.of(a.trackingId()).toPersianDisplay());
        model.addAttribute("created", jalali(a.createdAt()));
        model.addAttribute("title", desk.card().title());
        model.addAttribute("stepTitle", a.step() == null ? null
                : desk.card().step(a.step()).map(s -> s.title()).orElse(a.step()));
        return "request";
    }

    @GetMapping("/apply")
    String form(@AuthenticationPrincipal Citizen citizen, Model model) {
        model.addAttribute("title", desk.card().title());
        model.addAttribute("submission", UUID.randomUUID());
        model.addAttribute("askBirthDate", citizen.birthDate() == null);
        return "apply";
    }

    @PostMapping("/apply")
    String apply(@AuthenticationPrincipal Citizen citizen, @RequestParam(required = false) String birthDate,
                 @RequestParam UUID submission, Model model) {
        try {
            LicenceApplication a = desk.apply(citizen, birthDate, submission);
            return "redirect:/my/requests/" + a.trackingId();
        } catch (LicenceDesk.Refused e) {
            return again(citizen, model, submission, Refusals.log(422, "portal.refused", "POST", "/apply", e), e.getMessage());
        } catch (PanjerehException e) {
            if (e.isRetryable()) {
                throw e;
            }
            return again(citizen, model, submission, Refusals.log(422, "portal.not_found_at_provider", "POST", "/apply", e),
                    e.persianMessage());
        }
    }

    private String again(Citizen citizen, Model model, UUID submission, String errorId, String persian) {
        model.addAttribute("title", desk.card().title());
        model.addAttribute("submission", submission);
        model.addAttribute("askBirthDate", citizen.birthDate() == null);
        model.addAttribute("error", persian + " شناسه خطا برای پشتیبانی: " + errorId);
        return "apply";
    }

    static String jalali(Instant at) {
        return JalaliDate.of(at).toPersianString();
    }
}
