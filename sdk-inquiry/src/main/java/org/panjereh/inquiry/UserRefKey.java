package org.panjereh.inquiry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.panjereh.core.NationalCode;
import org.panjereh.core.PartyIdentifier;
import org.panjereh.core.PanjerehConfigurationException;

/**
 * The agency's secret for {@code X-User-Ref}: HMAC-SHA256 of the national code of the person who
 * caused an inquiry. A plain hash of a 10-digit code can be reversed by trying all codes; the HMAC
 * can be tied to a person only by whoever holds this key. Load it from a file, never from source;
 * {@link #toString()} shows nothing of it.
 */
public final class UserRefKey {

    private final SecretKeySpec key;
    /** An initialised Mac per thread: looking the provider up and keying it costs more than the HMAC. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private UserRefKey(byte[] bytes) {
        if (bytes.length < 32) {
            throw new PanjerehConfigurationException("The user-ref key must be at least 32 bytes (256 bits)");
        }
        this.key = new SecretKeySpec(bytes.clone(), "HmacSHA256");
    }

    /**
     * Reads a key file: base64 text, or at least 32 raw bytes.
     *
     * @param file the file
     * @return the key
     */
    public static UserRefKey fromFile(Path file) {
        try {
            byte[] raw = Files.readAllBytes(file);
            String text = new String(raw, StandardCharsets.US_ASCII).strip();
            if (text.matches("[A-Za-z0-9+/=_-]{43,}")) {
                return new UserRefKey(Base64.getMimeDecoder().decode(text.replace('-', '+').replace('_', '/')));
            }
            return new UserRefKey(raw);
        } catch (IOException | IllegalArgumentException e) {
            throw new PanjerehConfigurationException("Cannot read the user-ref key file " + file.getFileName(), e);
        }
    }

    /**
     * A key from bytes (copied).
     *
     * @param bytes at least 32 bytes
     * @return the key
     */
    public static UserRefKey of(byte[] bytes) {
        return new UserRefKey(bytes);
    }

    /**
     * The reference for a person.
     *
     * @param person national code
     * @return 64 lower-case hex digits
     */
    public String ref(NationalCode person) {
        return ref((PartyIdentifier) person);
    }

    /**
     * The reference for a person or a company. A national code is hashed as its ten digits (so references made
     * before foreign nationals and companies were served stay the same); a FIDA code and a legal-entity id are
     * hashed with their kind in front ({@code fida:}, {@code legal:}), so two kinds of number never share a reference.
     *
     * @param party the identifier
     * @return 64 lower-case hex digits
     */
    public String ref(PartyIdentifier party) {
        String input = switch (party.kind()) {
            case NATIONAL_CODE -> party.value();
            case FIDA_CODE -> "fida:" + party.value();
            default -> "legal:" + party.value();
        };
        // doFinal resets the Mac to its key, ready for the next reference on this thread.
        return HexFormat.of().formatHex(macs.get().doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "UserRefKey[hidden]";
    }
}
