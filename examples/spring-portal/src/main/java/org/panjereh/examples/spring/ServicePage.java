package org.panjereh.examples.spring;

import java.util.ArrayList;
import java.util.List;
import org.panjereh.core.PersianText;
import org.panjereh.core.Rial;
import org.panjereh.core.ServiceCard;
import org.panjereh.core.ServiceId;
import org.panjereh.core.ServiceRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The service's card published to anyone, without login (ضوابط فنی، ماده ۹ تبصره ۱; contract section 3): every item a
 * citizen needs, read from the starter's {@link ServiceRegistry} bean, so the page always shows the approved card.
 */
@Controller
public class ServicePage {

    private final ServiceRegistry registry;
    private final LicenceSettings settings;

    /**
     * @param registry the starter's registry
     * @param settings the portal's service
     */
    public ServicePage(ServiceRegistry registry, LicenceSettings settings) {
        this.registry = registry;
        this.settings = settings;
    }

    @GetMapping("/services/{serviceId}")
    String card(@PathVariable String serviceId, Model model) {
        String id = PersianText.toAsciiDigits(serviceId);
        if (!id.equals(settings.serviceId().value())) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        ServiceCard c = registry.card(ServiceId.of(id));
        List<String[]> fees = new ArrayList<>();
        for (ServiceCard.Fee f : c.fees()) {
            fees.add(new String[] {f.title(), Rial.of(f.amountRial()).toPersianString(), f.legalBasis()});
        }
        model.addAttribute("card", c);
        model.addAttribute("title", c.title());
        model.addAttribute("who", c.eligibleInPersian());
        model.addAttribute("days", PersianText.toPersianDigits(Integer.toString(c.expectedDurationDays())));
        model.addAttribute("fees", fees);
        model.addAttribute("channels", c.channels().stream().map(ch -> switch (ch) {
            case WEB -> "درگاه اینترنتی";
            case MOBILE -> "تلفن همراه";
            case COUNTER -> "باجهٔ حضوری";
            case CALL_CENTER -> "مرکز تماس";
        }).toList());
        return "service";
    }
}
