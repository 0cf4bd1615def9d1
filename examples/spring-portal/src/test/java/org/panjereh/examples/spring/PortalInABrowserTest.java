package org.panjereh.examples.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.panjereh.testing.Axe;

/**
 * The portal in headless Chromium (Debian chromium + chromium-driver), as a citizen and a staff member use it:
 * RTL Persian pages, a journey without JavaScript of the portal's own, and 0 axe-core WCAG 2.2 A/AA violations on
 * every page of it.
 */
class PortalInABrowserTest {

    @TempDir
    Path dir;

    RunningPortal portal;
    String base;
    final List<WebDriver> browsers = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        portal = new RunningPortal(dir).start();
        base = portal.base;
    }

    @AfterEach
    void stop() {
        browsers.forEach(WebDriver::quit);
        portal.close();
    }

    private WebDriver browser() throws Exception {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(org.panjereh.testing.RequiredTools.chromium());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1000,1400", "--lang=fa", "--user-data-dir=" + Files.createTempDirectory(dir, "chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(org.panjereh.testing.RequiredTools.chromedriver()).usingAnyFreePort().build();
        WebDriver b = new ChromeDriver(service, o);
        b.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20)).scriptTimeout(Duration.ofSeconds(30));
        browsers.add(b);
        return b;
    }

    private static void loginAtTheNationalWindow(WebDriver b, String citizen) {
        new WebDriverWait(b, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.name("citizen")));
        b.findElement(By.cssSelector("input[name=citizen][value=" + citizen + "]")).click();
        b.findElement(By.cssSelector("input[name=loa][value='urn:ir:gov:loa:2']")).click();
        b.findElement(By.cssSelector("button[name=action][value=login]")).click();
    }

    @SuppressWarnings("unchecked")
    private static void noViolations(WebDriver b, String page) {
        JavascriptExecutor js = (JavascriptExecutor) b;
        js.executeScript(Axe.script());
        assertEquals(List.of(), (List<String>) js.executeAsyncScript(Axe.RUN_WCAG_AA), page);
        assertEquals("rtl", b.findElement(By.tagName("html")).getDomAttribute("dir"), page);
        assertEquals("fa", b.findElement(By.tagName("html")).getDomAttribute("lang"), page);
    }

    @Test
    void aCitizenAppliesAndStaffDeliverWithNoAccessibilityViolations() throws Exception {
        WebDriver maryam = browser();
        maryam.get(base + "/");
        noViolations(maryam, "home");
        maryam.findElement(By.cssSelector("main a[href^='/services/']")).click();
        assertTrue(maryam.findElement(By.tagName("main")).getText().contains("قانون رسیدگی به تخلفات رانندگی"),
                "the public card shows its legal basis without login");
        noViolations(maryam, "service card");
        maryam.get(base + "/");
        maryam.findElement(By.cssSelector("main a[href='/apply']")).click();
        loginAtTheNationalWindow(maryam, "citizen-maryam");
        WebDriverWait wait = new WebDriverWait(maryam, Duration.ofSeconds(10));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main form")));
        noViolations(maryam, "application form");
        if (!maryam.findElements(By.id("birthDate")).isEmpty()) {
            maryam.findElement(By.id("birthDate")).sendKeys("۱۳۶۹/۰۲/۲۲");
        }
        maryam.findElement(By.cssSelector("main form button[type=submit]")).click();
        String tracking = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main .tracking"))).getText();
        assertTrue(tracking.matches("[۰-۹ ]+"), "the tracking id in Persian digits: " + tracking);
        noViolations(maryam, "request page");
        maryam.get(base + "/my");
        noViolations(maryam, "my window");

        WebDriver ali = browser();
        ali.get(base + "/staff");
        loginAtTheNationalWindow(ali, "citizen-ali");
        WebDriverWait staffWait = new WebDriverWait(ali, Duration.ofSeconds(10));
        staffWait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("main table")));
        noViolations(ali, "staff desk");
        for (int i = 0; i < 4; i++) {
            ali.findElement(By.cssSelector("main form button[type=submit]")).click();
            staffWait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("main")));
        }
        assertTrue(ali.findElement(By.tagName("main")).getText().contains("درخواست بازی نیست"), ali.getPageSource());

        maryam.get(base + "/my");
        maryam.findElement(By.cssSelector("main table a")).click();
        maryam.findElement(By.cssSelector("main a[href*='/survey']")).click();
        new WebDriverWait(maryam, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.tagName("form")));
        noViolations(maryam, "survey");
    }
}
