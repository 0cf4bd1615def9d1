package org.panjereh.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A missing program fails with the package that installs it; a present one is handed back. */
class RequiredToolsTest {

    @Test
    void aMissingToolNamesItsPackage() {
        AssertionError file = assertThrows(AssertionError.class, () -> RequiredTools.file("/usr/bin/no-such-browser", "chromium"));
        assertTrue(file.getMessage().contains("install the Debian package chromium"), file.getMessage());
        AssertionError cmd = assertThrows(AssertionError.class, () -> RequiredTools.command("no-such-pdftotext", "poppler-utils"));
        assertTrue(cmd.getMessage().contains("install the Debian package poppler-utils"), cmd.getMessage());
        assertEquals("sh", RequiredTools.command("sh", "dash"));
        assertEquals("/bin/sh", RequiredTools.file("/bin/sh", "dash").getPath());
    }
}
