package org.panjereh.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The programs some tests need beside the JVM (Chromium and its driver, Node.js, poppler): a missing one fails the
 * test with the Debian package to install (which {@code .ci/run} installs), never with a confusing error further on.
 */
public final class RequiredTools {

    private RequiredTools() {
    }

    /**
     * @param binary        where the program must be
     * @param debianPackage the package that installs it there
     * @return the program
     * @throws AssertionError naming the package, when it is not there
     */
    public static File file(String binary, String debianPackage) {
        File f = new File(binary);
        if (!f.canExecute()) {
            throw new AssertionError(binary + " is missing: install the Debian package " + debianPackage
                    + " (.ci/run installs what a fresh machine lacks)");
        }
        return f;
    }

    /**
     * @param command       a program looked up on the {@code PATH}
     * @param debianPackage the package that installs it
     * @return the command, for a {@link ProcessBuilder}
     * @throws AssertionError naming the package, when no directory of the {@code PATH} has it
     */
    public static String command(String command, String debianPackage) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return command;
            }
        }
        throw new AssertionError(command + " is not on the PATH: install the Debian package " + debianPackage
                + " (.ci/run installs what a fresh machine lacks)");
    }

    /** @return Chromium, from the Debian package {@code chromium} */
    public static String chromium() {
        return file("/usr/bin/chromium", "chromium").getPath();
    }

    /** @return ChromeDriver, from the Debian package {@code chromium-driver} */
    public static File chromedriver() {
        return file("/usr/bin/chromedriver", "chromium-driver");
    }
}
