package org.panjereh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The citizen journey a newcomer walks, in headless Chromium (Debian chromium + chromium-driver): log in at
 * the national SSO as a sandbox test citizen, apply, watch staff deliver, answer the survey, see the
 * timeline. Screenshots go to target/screenshots.
 */
@QuarkusTest
class BrowserJourneyTest {

    @Inject
    Platform platform;

    private final List<WebDriver> browsers = new java.util.ArrayList<>();

    private WebDriver browser() throws Exception {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(org.panjereh.testing.RequiredTools.chromium());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1000,1400", "--lang=fa", "--user-data-dir=" + Files.createTempDirectory("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(org.panjereh.testing.RequiredTools.chromedriver()).usingAnyFreePort().build();
        WebDriver b = new ChromeDriver(service, o);
        b.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        browsers.add(b);
        return b;
    }

    @AfterEach
    void close() {
        browsers.forEach(WebDriver::quit);
    }

    private static void screenshot(WebDriver b, String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        Files.write(out.resolve(name + ".png"), ((TakesScreenshot) b).getScreenshotAs(OutputType.BYTES));
    }

    /** At the sandbox's login page: pick a test citizen and a level, and log in. */
    private static void loginAtTheNationalWindow(WebDriver b, String citizen, String loa) {
        new WebDriverWait(b, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(By.name("citizen")));
        b.findElement(By.cssSelector("input[name=citizen][value=" + citizen + "]")).click();
        b.findElement(By.cssSelector("input[name=loa][value='" + loa + "']")).click();
        b.findElement(By.cssSelector("button[name=action][value=login]")).click();
    }

    private static org.openqa.selenium.WebElement await(WebDriver b, By what) {
        return new WebDriverWait(b, Duration.ofSeconds(10)).until(ExpectedConditions.presenceOfElementLocated(what));
    }

    @Test
    void theWholeCitizenJourneyInABrowser() throws Exception {
        WebDriver maryam = browser();
        maryam.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        maryam.get(GatewayTest.BASE + "/");
        assertEquals("rtl", maryam.findElement(By.tagName("html")).getAttribute("dir"));
        screenshot(maryam, "gateway-1-catalogue");
        maryam.get(GatewayTest.BASE + "/services/10101234567");
        assertEquals(List.of(), axeViolations(maryam), "a public service card");
        maryam.get(GatewayTest.BASE + "/");
        maryam.findElement(By.cssSelector("a[href='/apply/10101234568']")).click();
        assertTrue(maryam.getCurrentUrl().startsWith(platform.embeddedSandbox().orElseThrow().toString()), maryam.getCurrentUrl());
        loginAtTheNationalWindow(maryam, "citizen-maryam", "urn:ir:gov:loa:2");

        await(maryam, By.id("postalCode")).sendKeys("۱۹۹۱۹۴۳۷۱۱");
        screenshot(maryam, "gateway-2-apply");
        maryam.findElement(By.cssSelector("main form button[type=submit]")).click();
        String tracking = await(maryam, By.cssSelector("main .tracking")).getText();
        assertTrue(maryam.getPageSource().contains("خیابان ولیعصر"), "the address came from the post through the exchange");
        screenshot(maryam, "gateway-3-tracking-id");

        WebDriver staff = browser();
        staff.get(GatewayTest.BASE + "/staff");
        loginAtTheNationalWindow(staff, "citizen-ali", "urn:ir:gov:loa:2");
        String requestPath = maryam.getCurrentUrl().replaceAll("^.*/my/requests/", "");
        for (String action : List.of("advance", "advance", "deliver")) {
            org.openqa.selenium.WebElement button = await(staff, By.cssSelector("form[action='/staff/requests/" + requestPath
                    + "/" + action + "'] button"));
            button.click();
            // The page is replaced after the POST: the old button is gone (Chromium reports it stale, or as a node
            // that "does not belong to the document" while the new page loads).
            new WebDriverWait(staff, Duration.ofSeconds(10)).until(d -> {
                try {
                    button.isEnabled();
                    return false;
                } catch (org.openqa.selenium.WebDriverException gone) {
                    return true;
                }
            });
            await(staff, By.tagName("h1"));
            if (action.equals("advance")) {
                screenshot(staff, "gateway-4-staff-console");
            }
        }

        maryam.navigate().refresh();
        assertTrue(maryam.getPageSource().contains("تحویل شده"), maryam.getPageSource());
        screenshot(maryam, "gateway-5-delivered");
        String requestPage = maryam.getCurrentUrl();
        maryam.findElement(By.partialLinkText("صفحه تصدیق سند")).click();
        await(maryam, By.cssSelector("dl"));
        assertTrue(maryam.getPageSource().contains("معتبر"), maryam.getPageSource());
        assertEquals(List.of(), axeViolations(maryam), "the document's verification page");
        screenshot(maryam, "gateway-5b-verify-document");
        maryam.get(requestPage);
        maryam.findElement(By.partialLinkText("نظرسنجی")).click();
        await(maryam, By.id("q-satisfaction-5")).click();
        maryam.findElement(By.id("q-ease-4")).click();
        maryam.findElement(By.cssSelector("panjereh-survey button[type=submit]")).click();
        new WebDriverWait(maryam, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("body"), "سپاس از نظر شما"));
        screenshot(maryam, "gateway-6-survey-thanks");

        maryam.get(GatewayTest.BASE + "/track");
        maryam.findElement(By.id("id")).sendKeys(tracking);
        maryam.findElement(By.cssSelector("main form button")).click();
        String timeline = await(maryam, By.cssSelector("ol.timeline")).getText();
        assertTrue(timeline.contains("ثبت درخواست") && timeline.contains("تطبیق نشانی") && timeline.contains("تحویل خدمت"), timeline);
        screenshot(maryam, "gateway-7-public-timeline");

        // The pages issues 28 and 29 added, in a real browser, with axe: the complaints desk, the staff's feedback,
        // complaints and monthly dashboard (its SVG charts beside their tables).
        maryam.get(GatewayTest.BASE + "/my/complaints");
        await(maryam, By.id("text")).sendKeys("پاسخ تلفنی داده نشد");
        maryam.findElement(By.cssSelector("main form button[type=submit]")).click();
        new WebDriverWait(maryam, Duration.ofSeconds(10)).until(ExpectedConditions.textToBePresentInElementLocated(
                By.tagName("body"), "در انتظار پاسخ"));
        assertEquals(List.of(), axeViolations(maryam), "the complaints desk");
        for (String page : List.of("/staff/feedback", "/staff/complaints", "/staff/reports")) {
            staff.get(GatewayTest.BASE + page);
            await(staff, By.tagName("h1"));
            assertEquals(List.of(), axeViolations(staff), page);
        }
        assertTrue(staff.getPageSource().contains("<svg"), "the dashboard draws its charts");
        screenshot(staff, "gateway-8-monthly-dashboard");
    }

    /**
     * Runs axe-core 4.14.1 (panjereh-test-support's {@code Axe}) on the page with the WCAG 2.0/2.1/2.2 A and AA
     * rules, and returns its violations, one line each.
     */
    @SuppressWarnings("unchecked")
    static List<String> axeViolations(WebDriver b) throws Exception {
        org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) b;
        js.executeScript(org.panjereh.testing.Axe.script());
        return (List<String>) js.executeAsyncScript(org.panjereh.testing.Axe.RUN_WCAG_AA);
    }

    @Test
    void thePaidJourneyInABrowserWithNoAccessibilityViolations() throws Exception {
        WebDriver maryam = browser();
        maryam.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        maryam.get(GatewayTest.BASE + "/apply/10101234567");
        loginAtTheNationalWindow(maryam, "citizen-maryam", "urn:ir:gov:loa:2");
        await(maryam, By.id("postalCode")).sendKeys("1991943711");
        maryam.findElement(By.cssSelector("main form button[type=submit]")).click();
        await(maryam, By.cssSelector("main .tracking"));
        String request = maryam.getCurrentUrl();
        assertTrue(maryam.getPageSource().contains("۵۰۰٬۰۰۰ ریال (۵۰٬۰۰۰ تومان)"), maryam.getPageSource());
        assertEquals(List.of(), axeViolations(maryam), "the request page with its fee");
        screenshot(maryam, "gateway-8-fee");

        maryam.findElement(By.cssSelector("form[action$='/pay'] button")).click();
        await(maryam, By.cssSelector("input[name=card]"));
        assertTrue(maryam.getCurrentUrl().startsWith(platform.embeddedSandbox().orElseThrow() + "/pay/"),
                "the pay form's redirect to the national payment page is allowed by the page's form-action: " + maryam.getCurrentUrl());
        assertEquals(List.of(), axeViolations(maryam), "the sandbox's payment page");
        screenshot(maryam, "gateway-9-payment-page");
        maryam.findElement(By.cssSelector("button[name=action][value=pay]")).click();
        new WebDriverWait(maryam, Duration.ofSeconds(10)).until(ExpectedConditions.urlToBe(request));
        assertTrue(maryam.getPageSource().contains("پرداخت و تأیید شده"), maryam.getPageSource());
        assertEquals(List.of(), axeViolations(maryam), "the request page once paid");
        screenshot(maryam, "gateway-10-paid");

        maryam.get(GatewayTest.BASE + "/payments/return?paymentId=7d1f3c1e-0000-4000-8000-000000000000");
        assertTrue(maryam.getPageSource().contains("شناسه خطا"), maryam.getPageSource());
        assertEquals(List.of(), axeViolations(maryam), "the refusal page");
    }

    /**
     * Issue 27 in a real browser, with axe: a foreign national (FIDA code, login level 1) registers a residence and sees
     * the code masked; he is refused company registration in Persian, without being sent to a login he cannot complete;
     * a company's director applies for the company, and the request is the company's.
     */
    @Test
    void aForeignNationalAndACompanysDirectorInABrowserWithNoAccessibilityViolations() throws Exception {
        WebDriver ahmad = browser();
        ahmad.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        ahmad.get(GatewayTest.BASE + "/apply/10101234568");
        loginAtTheNationalWindow(ahmad, "citizen-ahmad", "urn:ir:gov:loa:1");
        await(ahmad, By.id("postalCode")).sendKeys("۱۹۹۱۹۴۳۷۱۱");
        assertTrue(ahmad.findElements(By.id("birthDate")).isEmpty(), "no birth date is asked of a FIDA holder");
        assertEquals(List.of(), axeViolations(ahmad), "the foreign national's form");
        ahmad.findElement(By.cssSelector("main form button[type=submit]")).click();
        await(ahmad, By.cssSelector("main .tracking"));
        assertEquals(List.of(), axeViolations(ahmad), "the foreign national's request");
        ahmad.get(GatewayTest.BASE + "/my");
        await(ahmad, By.tagName("h1"));
        assertTrue(!ahmad.getPageSource().contains("123456789012") && !ahmad.getPageSource().contains("۱۲۳۴۵۶۷۸۹۰۱۲")
                && ahmad.findElement(By.tagName("main")).getText().contains("کد فراگیر اتباع **********۱۲"), "the FIDA code is shown masked only");
        screenshot(ahmad, "gateway-11-foreign-national");

        ahmad.get(GatewayTest.BASE + "/apply/10101234569");
        await(ahmad, By.id("postalCode")).sendKeys("1991943711");
        ahmad.findElement(By.cssSelector("main form button[type=submit]")).click();
        String refusal = await(ahmad, By.cssSelector("main [role=alert]")).getText();
        assertTrue(refusal.contains("اشخاص حقوقی") && refusal.contains("نمی‌توانند"), refusal);
        assertEquals(List.of(), axeViolations(ahmad), "the refusal of a service the card does not open to him");

        WebDriver sara = browser();
        sara.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        sara.get(GatewayTest.BASE + "/apply/10101234569");
        loginAtTheNationalWindow(sara, "citizen-sara", "urn:ir:gov:loa:2");
        await(sara, By.id("postalCode")).sendKeys("1991943711");
        assertEquals(List.of(), axeViolations(sara), "the company's form");
        sara.findElement(By.cssSelector("main form button[type=submit]")).click();
        await(sara, By.cssSelector("main .tracking"));
        assertTrue(sara.getPageSource().contains("شرکت نمونه پارس"), "the request is the company's");
        assertEquals(List.of(), axeViolations(sara), "the company's request");
        screenshot(sara, "gateway-12-company");
    }
}
