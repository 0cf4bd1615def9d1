package org.panjereh.inquiry;

import java.util.Objects;
import org.panjereh.core.PersianText;
import org.panjereh.core.PostalCode;

/**
 * The post company's address for a postal code (contract section 7). Text is Persian-normalised.
 *
 * @param postalCode the code
 * @param province   استان
 * @param city       شهر
 * @param street     street and alley
 * @param plaque     پلاک
 * @param floor      طبقه, or {@code null}
 * @param unit       واحد, or {@code null}
 * @param lat        latitude
 * @param lon        longitude
 */
public record PostalAddress(PostalCode postalCode, String province, String city, String street, String plaque,
                            String floor, String unit, double lat, double lon) {

    /** Requires the main parts and normalises the text. */
    public PostalAddress {
        Objects.requireNonNull(postalCode, "postalCode");
        province = PersianText.normalize(Objects.requireNonNull(province, "province"));
        city = PersianText.normalize(Objects.requireNonNull(city, "city"));
        street = PersianText.normalize(Objects.requireNonNull(street, "street"));
        plaque = PersianText.normalize(Objects.requireNonNull(plaque, "plaque"));
        floor = PersianText.normalize(floor);
        unit = PersianText.normalize(unit);
        if (lat < -90 || lat > 90 || lon < -180 || lon > 180) {
            throw new IllegalArgumentException("coordinates out of range");
        }
    }

    /** Masks the location. */
    @Override
    public String toString() {
        return "PostalAddress[" + postalCode + ", " + city + "]";
    }
}
