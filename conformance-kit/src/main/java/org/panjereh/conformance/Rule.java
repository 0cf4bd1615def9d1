package org.panjereh.conformance;

/**
 * The national window's rules the kit checks, each with its Persian and English title and the regulation
 * (and contract section) it comes from. Every rule is required: a portal conforms only when all pass.
 */
public enum Rule {

    /** Login only through the national SSO, with PKCE (S256), state and nonce, and PAR when the platform offers it. */
    SSO_NATIONAL_ONLY("sso.national-only",
            "ورود فقط از راه ورود یکپارچه پنجره ملی، با PKCE و state و nonce (و PAR در صورت ارائه)",
            "Login only through the national SSO, with PKCE, state and nonce (and PAR when offered)",
            "آیین‌نامه اجرایی بند ج ماده ۱۰۷ قانون برنامه هفتم، ماده ۵؛ مصوبه ۲ جلسه ۲۶ شورای اجرایی فناوری اطلاعات؛ قرارداد §۲.۱"),
    /** No local registration form. */
    SSO_NO_LOCAL_SIGNUP("sso.no-local-signup", "نبود فرم ثبت‌نام محلی در درگاه",
            "No local registration form on the portal",
            "مصوبه ۲ جلسه ۲۶ شورای اجرایی فناوری اطلاعات، تبصره ۱؛ قرارداد §۲.۱"),
    /** The profile links to the platform's account page with «انتقال به پنجره ملی». */
    SSO_NATIONAL_WINDOW_LINK("sso.national-window-link", "پیوند «انتقال به پنجره ملی» در نمایه کاربر",
            "The profile carries the «انتقال به پنجره ملی» link to the platform's account page",
            "مصوبه ۲ جلسه ۲۶ شورای اجرایی فناوری اطلاعات، تبصره ۱؛ قرارداد §۲.۱ (account_url)"),
    /** An ID token signed by a key the platform does not publish is refused. */
    SSO_FORGED_ID_TOKEN("sso.forged-id-token", "رد توکن شناسایی جعلی (امضاشده با کلید ناشناخته)",
            "An ID token signed by a key the platform does not publish is refused",
            "قرارداد §۲.۱ (ES256/PS256 only, verified against the issuer's keys); OpenID Connect Core 1.0 §3.1.3.7"),
    /** Every request gets a tracking id issued by the platform, with valid check digits. */
    TRACKING_PLATFORM_ISSUED("tracking.platform-issued", "شناسه پیگیری یکتا از صادرکننده مرکزی با رقم کنترلی درست",
            "Every request gets a platform-issued tracking id with valid check digits",
            "ضوابط فنی اجرایی توسعه دولت الکترونیک، ماده ۱۳؛ مصوبه ۲ جلسه ۲۶؛ قرارداد §۴"),
    /** Inquiries go through the national exchange, with the service as purpose. */
    EXCHANGE_ONLY("exchange.only", "استعلام فقط از راه مرکز ملی تبادل اطلاعات، با هدف (شناسه خدمت)",
            "Inquiries go through the national exchange, with the service as purpose",
            "مصوبه ۲ جلسه ۲۶، ماده ۵؛ ضوابط فنی اجرایی، مواد ۳۰ تا ۳۴؛ قرارداد §۷"),
    /** Events arrive started → steps → terminal, in order, with no extra data members. */
    EVENTS_LIFECYCLE("events.lifecycle", "ثبت وقایع خدمت به ترتیب آغاز، مراحل، پایان، بی محتوا و بی داده شخصی",
            "Service events arrive started → steps → terminal, in order, with no extra data members",
            "آیین‌نامه اجرایی بند ج ماده ۱۰۷، ماده ۸ و تبصره ۱؛ قرارداد §۵"),
    /** Delivered documents reach the citizen's message box. */
    MESSAGE_BOX_DELIVERY("messagebox.delivered-document", "ارسال سند تحویلی به کارپوشه شهروند",
            "Delivered documents reach the citizen's message box",
            "مصوبه ۲ جلسه ۲۶، تبصره ۳؛ قرارداد §۸"),
    /** A survey is offered right after delivery and its response carries service id and tracking id, once. */
    SURVEY_AFTER_DELIVERY("survey.after-delivery", "نظرسنجی بی‌درنگ پس از تحویل، یک بار، با شناسه خدمت و شناسه پیگیری",
            "A survey is offered right after delivery; its response carries service id and tracking id, once",
            "آیین‌نامه اجرایی بند ج ماده ۱۰۷، ماده ۸؛ مصوبه ۱ جلسه ۲۶؛ قرارداد §۶"),
    /** The platform's back-channel logout ends the portal's session. */
    SSO_BACKCHANNEL_LOGOUT("sso.backchannel-logout", "پایان نشست درگاه با خروج از پنجره ملی (Back-Channel Logout)",
            "The platform's back-channel logout ends the portal's session",
            "قرارداد §۲.۱؛ OpenID Connect Back-Channel Logout 1.0 §2.7"),
    /**
     * A cancelled payment, or a forged or repeated return, never makes a request paid or delivered; a paid request is
     * verified with the platform (even when the citizen's browser never came back) and then delivered.
     */
    PAYMENT_VERIFIED_BEFORE_DELIVERY("payment.verified-before-delivery",
            "تحویل تنها پس از تأیید پرداخت نزد درگاه ملی پرداخت؛ بازگشت جعلی، تکراری یا لغوشده پرداخت به شمار نمی‌آید",
            "Delivery only after the payment is verified with the platform; a forged, repeated or cancelled return is no payment",
            "ضوابط فنی اجرایی توسعه دولت الکترونیک، ماده ۱۳، تبصره؛ قرارداد §۱۰ (verify, verify_window)"),
    /** A paid request that is rejected is refunded, once, before the rejection is reported. */
    PAYMENT_REFUND_ON_REJECT("payment.refund-on-reject", "بازپرداخت هزینه درخواستِ پرداخت‌شده‌ای که رد می‌شود، یک بار",
            "A paid request that is rejected is refunded, once",
            "ضوابط فنی اجرایی توسعه دولت الکترونیک، ماده ۱۳، تبصره؛ قرارداد §۱۰ (refunds)"),
    /** A receipt paid elsewhere is confirmed with the platform and pays one request only. */
    PAYMENT_RECEIPT_ONCE("payment.receipt-once", "تأیید پرداخت در درگاه دیگر از راه پنجره ملی؛ هر رسید تنها برای یک درخواست",
            "A payment made elsewhere is confirmed with the platform, and a receipt pays one request only",
            "ضوابط فنی اجرایی توسعه دولت الکترونیک، ماده ۱۳، تبصره (تأیید پرداخت در درگاه دیگر)؛ قرارداد §۱۰ (confirmations)"),
    /** The delivered document is a signed PDF that verifies to the platform's chain, and its code resolves at the portal. */
    DOCUMENTS_SIGNED_AND_VERIFIABLE("documents.signed-and-verifiable",
            "سند تحویلی PDF امضاشده‌ای است که امضای آن تا ریشه مورد اعتماد تأیید می‌شود و کد تصدیق آن در درگاه پاسخ می‌دهد",
            "The delivered document is a signed PDF that verifies to the trusted root, and its code resolves at the portal",
            "ضوابط فنی اجرایی توسعه دولت الکترونیک، ماده ۱۳ و تبصره (امضای الکترونیکی مجوزها)؛ قرارداد §۱۱"),
    /** A citizen's survey comment answered by staff reaches the platform as a reply to that response. */
    SURVEY_FEEDBACK_ANSWERED("survey.feedback-answered", "پاسخ دستگاه به نظر شهروند از راه پنجره ملی به او می‌رسد",
            "A survey comment answered by staff reaches the platform as a reply to that response",
            "مصوبه ۱ جلسه ۲۶، ماده ۲؛ قرارداد §۶ (replies)"),
    /** The portal's provided services refuse any call the exchange did not sign for that body, once. */
    EXCHANGE_PROVIDER_AUTHENTICATES("exchange.provider-authenticates",
            "پاسخ‌ندادن به استعلامی که از مرکز ملی تبادل نیامده باشد (بی‌توکن، توکن منقضی، تکراری یا برای بدنهٔ دیگر)",
            "A provided service refuses calls without the exchange's token, with an expired or replayed one, or with another body",
            "ضوابط فنی اجرایی، مواد ۳۳ و ۳۵؛ مصوبه ۲ جلسه ۲۶، ماده ۵؛ قرارداد §۱۲"),
    /** The portal enforces its own table of consumers and purposes and gives each consumer only its fields. */
    EXCHANGE_PROVIDER_AUTHORISES("exchange.provider-authorises",
            "پاسخ فقط به دستگاه و هدف مجاز و فقط با فیلدهای مجاز آن دستگاه",
            "A provided service answers only listed consumers and purposes, and only with the fields each may receive",
            "ضوابط فنی اجرایی، ماده ۳۴؛ قرارداد §۱۲ (consumers, fields)"),
    /** The answer carries the agency's detached signature over the exact body. */
    EXCHANGE_PROVIDER_SIGNS("exchange.provider-signs", "امضای پاسخ استعلام با کلید ثبت‌شدهٔ دستگاه",
            "The answer carries X-Provider-Signature by the agency's registered key over the exact body",
            "قرارداد §۱۲ (X-Provider-Signature, RFC 7515 appendix F)"),
    /** Every call is in the portal's traffic audit. */
    EXCHANGE_PROVIDER_AUDITS("exchange.provider-audits", "ثبت ترافیک هر استعلام در گزارش دستگاه، بی محتوا",
            "Every call served is in the provider's traffic audit, without content",
            "ضوابط فنی اجرایی، ماده ۳۱؛ قرارداد §۱۲ (audit)"),
    /**
     * Every service the portal offers has an approved, complete card that is not overdue for review, and the portal
     * publishes it on a public page with every item a citizen needs.
     */
    CARD_PUBLIC_AND_COMPLETE("card.public-and-complete",
            "شناسنامهٔ تأییدشده، کامل و به‌روز برای هر خدمت، منتشرشده در صفحه‌ای عمومی در درگاه دستگاه",
            "Every offered service has an approved, complete, current card, published on a public page of the portal",
            "ضوابط فنی اجرایی، ماده ۹ و تبصره‌های ۱ و ۲ و پیوست ب؛ مصوبه جلسه ۲۲، ماده ۱؛ آیین‌نامه ۱۴۰۳، ماده ۳؛ قرارداد §۳"),
    /** The portal reports the month to the platform, with counts that match what reached the platform. */
    REPORT_MONTHLY("report.monthly", "گزارش ماهانهٔ عملکرد به پنجره ملی، با شمارش‌هایی برابر آنچه به پنجره ملی رسیده است",
            "The portal reports the month to the national window, with counts matching what reached the platform",
            "آیین‌نامه ۱۴۰۳، ماده ۹ و تبصره ۱؛ ضوابط فنی، ماده ۳۶؛ قرارداد §۱۳"),
    /** A foreign national with a FIDA code is served where the card admits foreign nationals, and refused politely where not. */
    IDENTITY_FOREIGN_NATIONALS("identity.foreign-nationals",
            "ارائهٔ خدمت به اتباع خارجی با کد فراگیر، هر جا شناسنامهٔ خدمت آنان را می‌پذیرد، و رد مؤدبانه در غیر آن",
            "A FIDA holder is served where the card admits foreign nationals, with a platform tracking id and events, and "
                    + "refused with a Persian message where it does not",
            "آیین‌نامه ۱۴۰۳، ماده ۱ بند ۱۰؛ قرارداد §۲.۱ (person_type, fida_code) و §۳ (eligible)"),
    /** A company applies through a representative the company registry confirms for that service, today. */
    IDENTITY_LEGAL_REPRESENTATION("identity.legal-representation",
            "درخواست شخص حقوقی از راه نماینده‌ای که سازمان ثبت، برای همان خدمت و در همین تاریخ، تأیید کند",
            "A company applies through a representative the registry confirms; unconfirmed, ended or out-of-scope powers are "
                    + "refused; the notice goes to the company's message box",
            "آیین‌نامه ۱۴۰۳، ماده ۱ بند ۱۰؛ مصوبه ۱ جلسه ۲۶، ماده ۶؛ قرارداد §۲.۱ (legal_entity_id)، §۷ و §۸ (recipient)");

    private final String id;
    private final String titleFa;
    private final String titleEn;
    private final String source;

    Rule(String id, String titleFa, String titleEn, String source) {
        this.id = id;
        this.titleFa = titleFa;
        this.titleEn = titleEn;
        this.source = source;
    }

    /** @return the stable id, such as {@code sso.national-only} */
    public String id() {
        return id;
    }

    /** @return the Persian title */
    public String titleFa() {
        return titleFa;
    }

    /** @return the English title */
    public String titleEn() {
        return titleEn;
    }

    /** @return the regulation article (and contract section) the rule comes from */
    public String source() {
        return source;
    }
}
