package org.panjereh.survey;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.panjereh.core.AgencyCredentials;
import org.panjereh.core.Channel;
import org.panjereh.core.PlatformClient;
import org.panjereh.core.PlatformDiscovery;
import org.panjereh.core.ServiceId;
import org.panjereh.core.SigningKey;
import org.panjereh.core.TrackingId;
import org.panjereh.core.TrackingIds;
import org.panjereh.events.DeadLetterStore;
import org.panjereh.events.Outbox;
import org.panjereh.events.ServiceEvent;
import org.panjereh.events.ServiceEventPublisher;
import org.panjereh.sandbox.AgencyRegistration;
import org.panjereh.sandbox.NationalSandbox;
import org.panjereh.sandbox.SandboxConfig;

/**
 * The survey widget in headless Chromium (Debian chromium + chromium-driver): RTL, completed with the
 * keyboard alone, Persian errors, one response for a double click, a screenshot under target/.
 */
class SurveyBrowserTest {

    static NationalSandbox sandbox;
    static PlatformClient platform;
    static SigningKey key;
    static final ServiceId LICENCE = ServiceId.of("10101234567");

    @TempDir
    static Path dir;

    static Outbox outbox;
    static ServiceEventPublisher events;
    static SurveyTickets tickets;
    static Server portal;
    static String base;
    WebDriver browser;

    @BeforeAll
    static void start() throws Exception {
        key = SigningKey.of(new ECKeyGenerator(Curve.P_256).generate());
        sandbox = NationalSandbox.start(SandboxConfig.builder().port(0)
                .agency(AgencyRegistration.machine("1010", "agency-1010", new JWKSet(key.publicJwk()))).build());
        platform = PlatformClient.builder(PlatformDiscovery.builder(sandbox.issuer()).build(),
                AgencyCredentials.builder().agencyId("1010").clientId("agency-1010").signingKey(key).build())
                .build();
        outbox = Outbox.fileJournal(dir.resolve("outbox"));
        events = ServiceEventPublisher.builder(platform, outbox).courier(new SurveyResponseCourier())
                .deadLetters(DeadLetterStore.jsonLines(dir.resolve("dl.jsonl"))).idleWait(Duration.ofMillis(20)).build();
        tickets = SurveyTickets.builder(key).lifetime(Duration.ofDays(7)).build();
        SurveyService survey = SurveyService.builder(platform, events, tickets).build();
        portal = new Server();
        ServerConnector c = new ServerConnector(portal);
        c.setHost("127.0.0.1");
        portal.addConnector(c);
        ServletContextHandler ctx = new ServletContextHandler();
        ctx.addServlet(new ServletHolder(SurveyServlet.builder(survey, tickets).formId("csat-v1").build()), "/survey/*");
        portal.setHandler(ctx);
        portal.start();
        base = "http://127.0.0.1:" + c.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        portal.stop();
        events.close();
        outbox.close();
        sandbox.close();
    }

    @BeforeEach
    void openBrowser() throws Exception {
        ChromeOptions o = new ChromeOptions();
        o.setBinary(org.panjereh.testing.RequiredTools.chromium());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1000,1600", "--user-data-dir=" + Files.createTempDirectory("chromium"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(org.panjereh.testing.RequiredTools.chromedriver()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, o);
    }

    @AfterEach
    void closeBrowser() {
        browser.quit();
    }

    /** A delivered request and a ticket for it. */
    static String deliveredTicket(Channel channel) throws Exception {
        TrackingId t = TrackingIds.builder(platform).build().issue(LICENCE, channel, "sub").trackingId();
        events.publish(ServiceEvent.started(t, LICENCE, channel, "U1"));
        events.publish(ServiceEvent.delivered(t, LICENCE, channel, "U1"));
        return tickets.mint(t, LICENCE, channel, "sub");
    }

    static long responsesFor(String ticket) throws Exception {
        assertTrue(events.awaitDelivered(Duration.ofSeconds(20)));
        String tid = tickets.peekIgnoringUse(ticket);
        try (Response r = new OkHttpClient().newCall(new Request.Builder()
                .url(sandbox.issuer() + "/admin/record/survey-response").build()).execute()) {
            long n = 0;
            for (JsonNode x : new ObjectMapper().readTree(r.body().string()).get("items")) {
                if (x.get("trackingId").asText().equals(tid)) {
                    n++;
                }
            }
            return n;
        }
    }

    void screenshot(String name) throws Exception {
        Path out = Path.of("target", "screenshots");
        Files.createDirectories(out);
        Files.write(out.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    WebElement focused() {
        return browser.switchTo().activeElement();
    }

    @Test
    void completedWithTheKeyboardAloneInRtl() throws Exception {
        String ticket = deliveredTicket(Channel.COUNTER);
        browser.get(base + "/survey?ticket=" + ticket);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
        WebElement widget = wait.until(ExpectedConditions.presenceOfElementLocated(By.tagName("panjereh-survey")));
        assertEquals("rtl", browser.findElement(By.tagName("html")).getAttribute("dir"));
        assertEquals("rtl", widget.getAttribute("dir"));
        assertEquals("rtl", widget.getCssValue("direction"));
        assertTrue(widget.getText().contains("۵ — کاملاً موافقم"), "Persian digits and labels");
        assertTrue(widget.getText().contains("کارکنان"), "the employee question is asked at the counter");
        screenshot("survey-form");

        // Submitting with nothing answered: a Persian message, and the page stays.
        WebElement submit = browser.findElement(By.cssSelector("button[type=submit]"));
        submit.sendKeys(Keys.ENTER);
        WebElement status = browser.findElement(By.cssSelector("[data-role=status]"));
        wait.until(ExpectedConditions.textToBePresentInElement(status, "لطفاً به پرسش‌های ستاره‌دار پاسخ دهید."));
        assertEquals("q.satisfaction", focused().getAttribute("name"), "focus moves to the first unanswered question");

        // Keyboard only: space checks the focused radio, arrows move within the group.
        focused().sendKeys(Keys.SPACE);
        focused().sendKeys(Keys.ARROW_DOWN);
        focused().sendKeys(Keys.ARROW_DOWN);
        focused().sendKeys(Keys.ARROW_DOWN);
        assertEquals("4", browser.findElement(By.cssSelector("input[name='q.satisfaction']:checked")).getAttribute("value"));
        for (int i = 0; i < 30 && !"comment".equals(focused().getAttribute("name")); i++) {
            focused().sendKeys(Keys.TAB);
        }
        assertEquals("comment", focused().getAttribute("name"), "the comment box is reachable with Tab");
        focused().sendKeys("<script>alert(1)</script> عالی");
        assertTrue(browser.findElement(By.cssSelector("[data-role=count]")).getText().startsWith("۳۰ از ۱٬۰۰۰")
                || browser.findElement(By.cssSelector("[data-role=count]")).getText().startsWith("۳۰ از ۱۰۰۰"),
                browser.findElement(By.cssSelector("[data-role=count]")).getText());
        focused().sendKeys(Keys.TAB);
        assertEquals("button", focused().getTagName());
        focused().sendKeys(Keys.ENTER);
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h2"), "سپاس از نظر شما"));
        assertTrue(browser.findElement(By.tagName("blockquote")).getText().contains("<script>alert(1)</script>"),
                "the comment is shown as text, escaped, not run");
        screenshot("survey-thanks");
        assertEquals(1, responsesFor(ticket));
    }

    @Test
    void aDoubleClickMakesOneResponse() throws Exception {
        String ticket = deliveredTicket(Channel.WEB);
        browser.get(base + "/survey?ticket=" + ticket);
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("q-satisfaction-5"))).click();
        new Actions(browser).doubleClick(browser.findElement(By.cssSelector("button[type=submit]"))).perform();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("h2"), "سپاس از نظر شما"));
        assertEquals(1, responsesFor(ticket));
        browser.get(base + "/survey?ticket=" + ticket);
        assertTrue(browser.findElement(By.tagName("h2")).getText().contains("سپاس"), "a used ticket shows the thanks");
    }
}
