package org.panjereh.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/modules.md's "Add Panjereh to a Spring Boot app" (linked from the README) shows this portal's filter chain: they must not drift apart. */
class ReadmeSnippetTest {

    private static final Pattern CHAIN = Pattern.compile("SecurityFilterChain portal\\(.*?\\n\\s*}\\n", Pattern.DOTALL);

    @Test
    void theReadmesFilterChainIsThePortals() throws Exception {
        String readme = Files.readString(Path.of("../../docs/modules.md"));
        String code = Files.readString(Path.of("src/main/java/org/panjereh/examples/spring/PortalSecurity.java"));
        assertEquals(normalized(code), normalized(readme));
    }

    private static String normalized(String text) {
        Matcher m = CHAIN.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no filter chain in the text");
        }
        return m.group().replaceAll("\\s+", " ").strip();
    }
}
