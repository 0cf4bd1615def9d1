/**
 * Shared by Panjereh's own modules, and not API: JSON, digits, telemetry, the HTTP and signature pieces that the
 * SSO, events, exchange, payment, documents and survey modules and the sandbox all use. It may change in any
 * release; an application uses the public packages ({@code org.panjereh.core} and the modules' own). Each module's
 * {@code internal} package is its own alone; {@code ModuleBoundariesTest} fails the build otherwise.
 */
package org.panjereh.core.shared;
