package org.panjereh.core;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks that a service card is complete and consistent before it is submitted (contract section 3; ضوابط فنی
 * ماده ۹ تبصره ۲ و پیوست ب), returning every problem at once, each with the member it is about and a Persian
 * detail for the staff who keep the card. The registry checks again with its own rules; this check lets a CI
 * pipeline fail before anything is sent.
 *
 * <pre>{@code
 * List<ServiceCardValidator.Problem> problems = ServiceCardValidator.validate(card);
 * problems.forEach(p -> System.out.println(p.member() + ": " + p.detail()));
 * }</pre>
 */
public final class ServiceCardValidator {

    private static final Pattern CODE = Pattern.compile("[a-z][a-zA-Z0-9_-]{0,63}");
    private static final Pattern INQUIRY = Pattern.compile("[a-z][a-z0-9-]{0,63}/[a-z][a-z0-9-]{0,63}");

    /**
     * One problem.
     *
     * @param member the card member, e.g. {@code fees[0].legalBasis}
     * @param detail what is wrong: in Persian from this validator, as the registry wrote it in a refusal
     */
    public record Problem(String member, String detail) {
    }

    private final List<Problem> problems = new ArrayList<>();

    private ServiceCardValidator() {
    }

    /**
     * @param card a card
     * @return every problem, empty when the card may be submitted
     */
    public static List<Problem> validate(ServiceCard card) {
        ServiceCardValidator v = new ServiceCardValidator();
        v.check(card);
        return List.copyOf(v.problems);
    }

    private void check(ServiceCard c) {
        text("title", c.title(), 200);
        text("legalBasis", c.legalBasis(), 1000);
        text("description", c.description(), 2000);
        present("nature", c.nature());
        present("deliveryMethod", c.deliveryMethod());
        present("deliveryLevel", c.deliveryLevel());
        nonEmpty("recipients", c.recipients());
        nonEmpty("audience", c.audience());
        nonEmpty("channels", c.channels());
        nonEmpty("eligible", c.eligible());
        nonEmpty("units", c.units());
        nonEmpty("steps", c.steps());
        if (!new HashSet<>(c.recipients()).equals(new HashSet<>(c.audience()))) {
            add("audience", "مخاطبان خدمت (audience) باید همان گیرندگان (recipients) باشند.");
        }
        if (c.eligible().contains(ServiceCard.Eligibility.LEGAL) && !c.audience().contains("G2B")) {
            add("eligible", "اشخاص حقوقی فقط در خدمتی که مخاطب آن G2B است می‌توانند درخواست دهند.");
        }
        if ((c.eligible().contains(ServiceCard.Eligibility.NATURAL) || c.eligible().contains(ServiceCard.Eligibility.FOREIGN))
                && !c.audience().contains("G2C")) {
            add("eligible", "اشخاص حقیقی و اتباع خارجی فقط در خدمتی که مخاطب آن G2C است می‌توانند درخواست دهند.");
        }
        if (c.expectedDurationDays() < 1) {
            add("expectedDurationDays", "مدت زمان انجام خدمت باید دست‌کم یک روز باشد.");
        }
        if (c.evaluation() == null || c.evaluation().formId() == null) {
            add("evaluation", "فرم سنجش رضایت خدمت مشخص نشده است.");
        }
        codes("steps", c.steps().stream().map(ServiceCard.Step::code).toList());
        fees(c);
        requiredData(c);
        if (c.maturity() == null || c.maturity() < 1 || c.maturity() > 5) {
            add("maturity", "سطح بلوغ خدمت باید عددی از ۱ تا ۵ باشد.");
        } else if (c.maturity() == 5 && (c.smartCriteria() == null || c.smartCriteria().isBlank())) {
            add("smartCriteria", "خدمت هوشمند (سطح ۵) باید بگوید در چه شرایطی بدون دخالت انسان ارائه می‌شود.");
        }
        if (c.yearlyVolume().isEmpty()) {
            add("yearlyVolume", "تعداد درخواست‌های سال گذشته به تفکیک مجرا ثبت نشده است.");
        }
        c.yearlyVolume().keySet().stream().filter(ch -> !c.channels().contains(ch))
                .forEach(ch -> add("yearlyVolume." + ch.wireValue(), "این مجرا در مجراهای خدمت نیست."));
        nonNegative("directCostRial", c.directCostRial());
        nonNegative("costPriceRial", c.costPriceRial());
        if (c.channels().contains(Channel.COUNTER) && c.offices().getOrDefault(Channel.COUNTER, 0L) < 1) {
            add("offices", "خدمتی که باجه دارد باید تعداد دفاتر ارائهٔ آن را بگوید.");
        }
        if (c.reviewedAt() == null) {
            add("reviewedAt", "تاریخ آخرین بازبینی شناسنامه ثبت نشده است.");
        }
        if (c.validUntil() == null) {
            add("validUntil", "تاریخ بازبینی بعدی شناسنامه ثبت نشده است.");
        }
        if (c.reviewedAt() != null && c.validUntil() != null) {
            if (!c.validUntil().isAfter(c.reviewedAt())) {
                add("validUntil", "تاریخ بازبینی بعدی باید پس از آخرین بازبینی باشد.");
            } else if (c.validUntil().isAfter(c.reviewedAt().atOffset(ZoneOffset.UTC).plusYears(1).toInstant())) {
                add("validUntil", "شناسنامه باید دست‌کم سالی یک بار بازبینی شود.");
            }
        }
    }

    private void fees(ServiceCard c) {
        codes("fees", c.fees().stream().map(ServiceCard.Fee::code).toList());
        for (int i = 0; i < c.fees().size(); i++) {
            ServiceCard.Fee f = c.fees().get(i);
            if (f.legalBasis() == null || f.legalBasis().isBlank()) {
                add("fees[" + i + "].legalBasis", "مجوز قانونی دریافت این هزینه ذکر نشده است.");
            }
            if (f.sheba() == null) {
                add("fees[" + i + "].sheba", "شماره شبای حساب خزانه ذکر نشده است.");
            }
            text("fees[" + i + "].title", f.title(), 200);
        }
    }

    private void requiredData(ServiceCard c) {
        codes("requiredData", c.requiredData().stream().map(ServiceCard.DataField::code).toList());
        for (int i = 0; i < c.requiredData().size(); i++) {
            ServiceCard.DataField f = c.requiredData().get(i);
            String at = "requiredData[" + i + "]";
            text(at + ".title", f.title(), 200);
            present(at + ".type", f.type());
            if (f.inquiry().isPresent()) {
                String inquiry = f.inquiry().get();
                if (!INQUIRY.matcher(inquiry).matches()) {
                    add(at + ".source", "منبع استعلام باید به شکل inquiry:{provider}/{service} باشد.");
                } else if (!c.requiredInquiries().contains(inquiry)) {
                    add(at + ".source", "استعلام " + inquiry + " در requiredInquiries نیامده است.");
                }
            } else if (!f.fromApplicant()) {
                add(at + ".source", "منبع داده باید applicant یا inquiry:{provider}/{service} باشد.");
            }
            if (f.type() == ServiceCard.FieldType.FILE && (f.justification() == null || f.justification().isBlank())) {
                add(at + ".justification", "بارگذاری مدرک فقط با ذکر دلیل مجاز است؛ استعلام جای مدرک کاغذی را می‌گیرد.");
            }
        }
    }

    private void codes(String member, List<String> codes) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < codes.size(); i++) {
            String code = codes.get(i);
            if (code == null || !CODE.matcher(code).matches()) {
                add(member + "[" + i + "].code", "کد باید کوتاه و با حروف لاتین باشد.");
            } else if (!seen.add(code)) {
                add(member + "[" + i + "].code", "این کد تکراری است.");
            }
        }
    }

    private void text(String member, String value, int max) {
        if (value == null || value.isBlank()) {
            add(member, "این بخش شناسنامه خالی است.");
        } else if (value.length() > max) {
            add(member, "این بخش بیش از " + org.panjereh.core.shared.Digits.toPersian(Integer.toString(max)) + " نویسه است.");
        }
    }

    private void present(String member, Object value) {
        if (value == null) {
            add(member, "این بخش شناسنامه خالی است.");
        }
    }

    private void nonEmpty(String member, List<?> value) {
        if (value.isEmpty()) {
            add(member, "این بخش شناسنامه خالی است.");
        }
    }

    private void nonNegative(String member, Long value) {
        if (value == null || value < 0) {
            add(member, "این مبلغ باید به ریال و صفر یا بیشتر باشد.");
        }
    }

    private void add(String member, String persian) {
        problems.add(new Problem(member, persian));
    }
}
