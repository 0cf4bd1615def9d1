package org.panjereh.conformance.internal;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The login once more in headless Chromium, when asked: a browser enforces what plain HTTP does not see
 * (a Content-Security-Policy {@code form-action} that stops the redirect after the login form, a script
 * error, a cookie the browser refuses). Uses Debian's {@code chromium} and {@code chromium-driver} unless
 * {@code panjereh.chromium.binary} and {@code panjereh.chromedriver} name others.
 */
final class ChromiumLogin {

    private ChromiumLogin() {
    }

    /**
     * @param portal        the portal
     * @param protectedPath where the login starts and must end
     * @param authorize     the platform's authorization endpoint
     * @param citizen       the sandbox test citizen
     * @return {@code null} when the login came back to the portal, otherwise what Chromium showed
     */
    static String check(URI portal, String protectedPath, String authorize, String citizen) {
        String chromium = System.getProperty("panjereh.chromium.binary", "/usr/bin/chromium");
        String driver = System.getProperty("panjereh.chromedriver", "/usr/bin/chromedriver");
        for (String[] tool : new String[][] {{chromium, "chromium"}, {driver, "chromium-driver"}}) {
            if (!new File(tool[0]).canExecute()) {
                return tool[0] + " is missing: install the Debian package " + tool[1] + " (or name it with -D"
                        + (tool[1].equals("chromium") ? "panjereh.chromium.binary" : "panjereh.chromedriver") + ")";
            }
        }
        ChromeOptions o = new ChromeOptions();
        o.setBinary(chromium);
        WebDriver b = null;
        try {
            o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + Files.createTempDirectory("panjereh-kit-chromium"));
            b = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(
                    new File(driver)).usingAnyFreePort().build(), o);
            WebDriverWait wait = new WebDriverWait(b, Duration.ofSeconds(15));
            b.get(portal.resolve(protectedPath).toString());
            wait.until(ExpectedConditions.urlContains(authorize));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("citizen")));
            b.findElement(By.cssSelector("input[name=citizen][value='" + citizen + "']")).click();
            b.findElement(By.cssSelector("button[name=action][value=login]")).click();
            WebDriver browser = b;
            String target = portal.resolve(protectedPath).toString();
            String[] last = {null};
            try {
                // Back at the page, or settled elsewhere on the portal: a page fully loaded at the same address on two
                // polls half a second apart is where the browser stays, and the login did not come back.
                wait.until(d -> {
                    String url = d.getCurrentUrl();
                    if (url.startsWith(target)) {
                        return true;
                    }
                    boolean settled = url.startsWith(portal.toString()) && url.equals(last[0])
                            && "complete".equals(((org.openqa.selenium.JavascriptExecutor) d).executeScript("return document.readyState"));
                    last[0] = url;
                    return settled;
                });
            } catch (TimeoutException e) {
                // stayed away from the portal
            }
            if (!browser.getCurrentUrl().startsWith(target)) {
                return "In Chromium the login did not come back to " + protectedPath + ": the browser stayed at "
                        + browser.getCurrentUrl() + " (a Content-Security-Policy form-action or a script may stop it)";
            }
            return null;
        } catch (IOException | WebDriverException e) {
            return "Chromium could not be driven: " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage());
        } finally {
            if (b != null) {
                b.quit();
            }
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
