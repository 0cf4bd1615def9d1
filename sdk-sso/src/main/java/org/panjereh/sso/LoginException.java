package org.panjereh.sso;

import org.panjereh.core.PanjerehException;

/**
 * A login did not complete. Nothing of it may become a session. {@link #persianMessage()} is fit for
 * the error page; {@link #getMessage()} is for the log and never holds a token or personal data.
 */
public class LoginException extends PanjerehException {

    /** Why the login failed. */
    public enum Reason {
        /** The callback's state is missing, unknown or already used. */
        STATE_MISMATCH("درخواست ورود نامعتبر یا تکراری است. لطفاً دوباره وارد شوید."),
        /** The authorization response named another issuer (RFC 9207). */
        ISSUER_MISMATCH("پاسخ ورود از مرجع دیگری آمده است."),
        /** The platform answered with an error (the citizen cancelled, or the request was refused). */
        AUTHORIZATION_ERROR("ورود انجام نشد یا لغو شد."),
        /** The callback is malformed. */
        MALFORMED_CALLBACK("پاسخ ورود نادرست است."),
        /** The code could not be exchanged for tokens. */
        TOKEN_REQUEST_FAILED("ورود در پنجره ملی تأیید نشد. لطفاً دوباره تلاش کنید."),
        /** The ID token failed validation (signature, issuer, audience, times, nonce, hashes). */
        INVALID_ID_TOKEN("اعتبار ورود تأیید نشد."),
        /** The level of assurance is lower than the service needs. */
        ACR_TOO_LOW("این خدمت به سطح اطمینان بالاتری نیاز دارد."),
        /** A platform access token failed verification (signature, issuer, type, expiry). */
        INVALID_ACCESS_TOKEN("توکن دسترسی پذیرفته نشد؛ دوباره وارد شوید."),
        /**
         * A DPoP proof (RFC 9449) failed: missing, malformed, replayed, made for another method or URL, made with
         * another key than the token is bound to, or too old.
         */
        INVALID_DPOP_PROOF("اثبات مالکیت توکن پذیرفته نشد؛ دوباره تلاش کنید."),
        /** The proof lacks the server's current nonce: send it again with the nonce given (RFC 9449 §8-9). */
        USE_DPOP_NONCE("درخواست را دوباره بفرستید."),
        /** The platform is unreachable. */
        PLATFORM_UNAVAILABLE("پنجره ملی در دسترس نیست. لطفاً دقایقی بعد دوباره تلاش کنید.");

        private final String persian;

        Reason(String persian) {
            this.persian = persian;
        }
    }

    private final Reason reason;

    /**
     * @param reason  why
     * @param message developer-facing detail, without tokens or personal data
     * @param cause   underlying failure, or {@code null}
     */
    public LoginException(Reason reason, String message, Throwable cause) {
        super("Login failed (" + reason + "): " + message, cause, reason == Reason.PLATFORM_UNAVAILABLE);
        this.reason = reason;
    }

    /** Why the login failed. */
    public Reason reason() {
        return reason;
    }

    @Override
    public String persianMessage() {
        return reason.persian;
    }
}
