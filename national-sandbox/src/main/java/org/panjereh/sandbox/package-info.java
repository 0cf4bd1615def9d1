/**
 * A runnable simulator of the platform side of the national window contract:
 * {@link org.panjereh.sandbox.NationalSandbox#start(SandboxConfig)} in process, or
 * {@code java -jar national-sandbox.jar} on its own.
 *
 * <p>Types in {@code org.panjereh.sandbox.internal} are not API.
 */
package org.panjereh.sandbox;
