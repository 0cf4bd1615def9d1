package org.panjereh.examples.spring;

import java.util.List;
import org.panjereh.core.Refusals;
import org.panjereh.core.ServiceCard;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The staff desk: each open application with the button for its next examination, or for delivery. */
@Controller
public class StaffPages {

    /**
     * One row of the desk.
     *
     * @param a      the application
     * @param next   the next step's title, or {@code null} when only delivery is left
     * @param action {@code advance} or {@code deliver}
     */
    public record Row(LicenceApplication a, String next, String action) {
    }

    private final LicenceDesk desk;
    private final Applications applications;

    /**
     * @param desk         the journey
     * @param applications the records
     */
    public StaffPages(LicenceDesk desk, Applications applications) {
        this.desk = desk;
        this.applications = applications;
    }

    @GetMapping("/staff")
    String desk(Model model) {
        ServiceCard card = desk.card();
        List<Row> rows = applications.open().stream().map(a -> LicenceDesk.nextStep(card, a)
                .map(next -> new Row(a, next.title(), "advance")).orElseGet(() -> new Row(a, null, "deliver"))).toList();
        model.addAttribute("rows", rows);
        model.addAttribute("title", card.title());
        return "staff";
    }

    @PostMapping("/staff/requests/{trackingId}/{action:advance|deliver}")
    String move(@PathVariable String trackingId, @PathVariable String action, @RequestParam int version,
                RedirectAttributes redirect) {
        try {
            if (action.equals("advance")) {
                desk.advance(trackingId, version);
            } else {
                desk.deliver(trackingId, version);
            }
        } catch (LicenceDesk.Refused e) {
            redirect.addFlashAttribute("error", e.getMessage() + " شناسه خطا برای پشتیبانی: "
                    + Refusals.log(409, "portal.staff_refused", "POST", "/staff/requests/{trackingId}/" + action, e));
        }
        return "redirect:/staff";
    }
}
