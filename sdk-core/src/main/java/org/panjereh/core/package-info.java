/**
 * Panjereh's foundation: platform discovery ({@link org.panjereh.core.PlatformDiscovery}), agency
 * credentials ({@link org.panjereh.core.AgencyCredentials}), the authenticated platform client
 * ({@link org.panjereh.core.PlatformClient}), the error model rooted at
 * {@link org.panjereh.core.PanjerehException}, service cards, tracking ids, Iranian identifiers as
 * validated value types, Persian text normalisation and Jalali dates.
 *
 * <p>Types in {@code org.panjereh.core.internal} are not API and may change without notice.
 */
package org.panjereh.core;
