package io.roomcast.bootstrap.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.roomcast.adapters.jwt.JwtUserTokens;
import io.roomcast.application.port.out.Clock;
import io.roomcast.domain.message.UserId;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The viewer page and the operations page in a real headless Chromium (Debian's {@code chromium}
 * and {@code chromium-driver}, driven by Selenium through {@code /usr/bin/chromedriver}: nothing is
 * downloaded), against the built jar. Screenshots of both pages go to {@code target/screenshots/}.
 */
class BrowserIT {
    private static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path work;

    private RoomcastNode node;
    private ChromeDriver browser;

    @BeforeEach
    void openBrowser() {
        assertThat(CHROMEDRIVER).as("chromium-driver is installed (scripts/test.sh installs it)").exists();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,860",
                        "--disable-gpu", "--no-first-run");
        // The driver's path is given, so Selenium Manager never runs (it would download a driver).
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void close() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (node != null) {
            node.close();
        }
    }

    private WebDriverWait waiting() {
        WebDriverWait wait = new WebDriverWait(browser, PATIENCE, Duration.ofMillis(50));
        // On a timeout, say what the page showed.
        wait.withMessage(this::pageState);
        return wait;
    }

    private String pageState() {
        try {
            return "the page showed: connection '" + text("connection") + "', delivered " + text("delivered")
                    + ", chat " + browser.findElements(By.cssSelector("#chat li .text")).stream().map(WebElement::getText).toList()
                    + ", skipped budget " + text("skipped-budget") + ", cursor " + text("cursor")
                    + ", events " + browser.executeScript("return (window.roomcastEvents || []).join('\\n')");
        } catch (RuntimeException notTheViewer) {
            return "the page showed: " + browser.findElement(By.tagName("body")).getText();
        }
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
        Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    private List<String> attributes(String css, String attribute) {
        List<String> values = new ArrayList<>();
        for (WebElement e : browser.findElements(By.cssSelector(css))) {
            values.add(e.getAttribute(attribute));
        }
        return values;
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    @Test
    void givenTheViewerPage_publishedGiftsChatAndPkState_renderInPriorityOrder() throws Exception {
        node = new RoomcastNode(work, "memory");
        browser.get(node.url("/demo/room.html?room=show"));
        waiting().until(b -> List.of("open", "polling").contains(text("connection").split(" ")[0]));

        node.publish("[" + gift("show", 5, "rose") + "," + gift("show", 5000, "rocket") + "," + gift("show", 50, "heart")
                + ",{\"scope\":\"room\",\"roomId\":\"show\",\"category\":\"CHAT\",\"senderId\":\"ann\",\"payload\":{\"text\":\"what a show\"}}"
                + ",{\"scope\":\"room\",\"roomId\":\"show\",\"category\":\"PK\",\"stateKey\":\"pk.score\",\"version\":3,\"payload\":{\"red\":70,\"blue\":30}}"
                + ",{\"scope\":\"room\",\"roomId\":\"show\",\"category\":\"NOTIFY\",\"senderId\":\"system\",\"payload\":{\"text\":\"bob joined\"}}]");

        waiting().until(b -> b.findElements(By.cssSelector("#toasts .toast")).size() == 3);
        assertThat(attributes("#toasts .toast", "data-priority")).as("HIGH, NORMAL, LOW").containsExactly("4", "3", "2");
        assertThat(browser.findElements(By.cssSelector("#toasts .toast")).get(0).getText()).contains("rocket");
        waiting().until(b -> text("chat").contains("what a show") && text("chat").contains("bob joined"));
        waiting().until(b -> text("pk-red").equals("70"));
        assertThat(text("pk-blue")).isEqualTo("30");
        assertThat(browser.findElement(By.id("pk-red-bar")).getAttribute("style")).contains("70%");
        assertThat(text("delivered")).isEqualTo("6");
        screenshot("viewer.png");
    }

    @Test
    void givenMoreThanAPollTakes_theViewerPage_showsTheSkippedCounts() throws Exception {
        node = new RoomcastNode(work, "memory");
        StringBuilder many = new StringBuilder("[");
        for (int i = 0; i < 40; i++) {
            many.append(i == 0 ? "" : ",").append("{\"scope\":\"room\",\"roomId\":\"busy\",\"category\":\"CHAT\",\"senderId\":\"s\",\"payload\":{\"text\":\"line ")
                    .append(i).append("\"}}");
        }
        node.publish(many.append(']').toString());
        browser.get(node.url("/demo/room.html?room=busy&transport=polling&cursor=0"));
        waiting().until(b -> !text("skipped-priority").equals("0"));
        assertThat(Integer.parseInt(text("delivered")) + Integer.parseInt(text("skipped-priority"))).isEqualTo(40);
    }

    /** A guest page polling the room (issue 15): it follows the room's slices through the client and shows every line once. */
    @Test
    void givenAGuestPollingPage_itFollowsTheRoomsSlices_andShowsEveryLineOnceInOrder() throws Exception {
        node = new RoomcastNode(work, "memory");
        browser.get(node.url("/demo/room.html?room=sliced&transport=polling"));
        waiting().until(b -> text("cursor").startsWith("slice "));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add("line " + i);
            node.publish(chat("sliced", "line " + i));
        }
        waiting().until(b -> b.findElements(By.cssSelector("#chat li")).size() >= lines.size());
        List<String> shown = new ArrayList<>();
        for (WebElement line : browser.findElements(By.cssSelector("#chat li .text"))) {
            shown.add(line.getText());
        }
        assertThat(shown).as("every line once, in order").containsExactlyElementsOf(lines);
        assertThat(text("cursor")).as("still on slices").startsWith("slice ");
    }

    /** The node dies (kill -9) and comes back on the same port with its Chronicle data: the polling page resumes by cursor. */
    @Test
    void givenTheNodeIsKilledAndRestarted_thePollingViewerPage_resumesWithNoDuplicateAndNoGap() throws Exception {
        node = new RoomcastNode(work, "chronicle");
        killRestartAndCheckResume("polling");
    }

    /**
     * The same over the WebSocket: the node dies with the page's socket open, the page notices (the
     * socket closes), reconnects with backoff to the node restarted on the same port and resumes by
     * cursor. Regression: the session's end threw "Illegal invocation" in the browser (timers cleared
     * with {@code clearInterval} called as a method of another object; Node does not mind), so the
     * page stayed "open" on a closed socket forever.
     */
    @Test
    void givenTheNodeIsKilledAndRestarted_theWebSocketViewerPage_resumesWithNoDuplicateAndNoGap() throws Exception {
        node = new RoomcastNode(work, "chronicle");
        assumeTrue(webSocketAvailable(), "the node has no WebSocket endpoint (/api/v1/ws) yet");
        killRestartAndCheckResume("websocket");
    }

    private void killRestartAndCheckResume(String transport) throws Exception {
        String token = new JwtUserTokens(RoomcastNode.SECRET, Clock.system())
                .issue(UserId.of("viewer"), Duration.ofHours(1), System.currentTimeMillis());
        browser.get(node.url("/demo/room.html?room=resume&transport=" + transport + "&token=" + token));
        waiting().until(b -> text("connection").startsWith(transport.equals("polling") ? "polling" : "open"));
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            lines.add("before " + i);
            node.publish(chat("resume", "before " + i));
        }
        waiting().until(b -> b.findElements(By.cssSelector("#chat li")).size() == 5);

        node.restart();
        for (int i = 0; i < 5; i++) {
            lines.add("after " + i);
            node.publish(chat("resume", "after " + i));
        }
        waiting().until(b -> b.findElements(By.cssSelector("#chat li")).size() >= 10
                && text("connection").startsWith(transport.equals("polling") ? "polling" : "open"));
        List<String> shown = new ArrayList<>();
        for (WebElement line : browser.findElements(By.cssSelector("#chat li .text"))) {
            shown.add(line.getText());
        }
        assertThat(shown).as("every line once, in order").containsExactlyElementsOf(lines);
    }

    @Test
    void givenTheOpsPageWithTheApiKey_publishing_movesItsNumbersAndListsTheRoom() throws Exception {
        node = new RoomcastNode(work, "memory");
        // A guest page on slices: the slice and head requests the node answers count as polls.
        browser.get(node.url("/demo/room.html?room=ops-room&transport=polling"));
        waiting().until(b -> text("connection").startsWith("polling"));
        browser.switchTo().newWindow(org.openqa.selenium.WindowType.TAB);
        browser.get(node.url("/ops#key=" + RoomcastNode.KEY));
        waiting().until(b -> "true".equals(b.findElement(By.id("state")).getAttribute("data-live")));
        assertThat(browser.getCurrentUrl()).as("the key leaves the address bar").doesNotContain(RoomcastNode.KEY);
        waiting().until(b -> text("published-total").equals("0"));

        for (int round = 0; round < 4; round++) {
            StringBuilder batch = new StringBuilder("[");
            for (int i = 0; i < 5; i++) {
                batch.append(i == 0 ? "" : ",").append(chat("ops-room", "r" + round + " m" + i));
            }
            node.publish(batch.append(']').toString());
        }
        waiting().until(b -> text("published-total").equals("20"));
        waiting().until(b -> text("rooms").contains("ops-room"));
        waiting().until(b -> !text("polls-rate").equals("-") && Double.parseDouble(text("polls-rate")) > 0);
        assertThat(text("cpu")).endsWith("%");
        assertThat(text("heap")).contains("MiB");
        assertThat(browser.findElements(By.cssSelector("#charts canvas"))).hasSize(3);
        screenshot("ops.png");
    }

    @Test
    void givenNoApiKey_theOpsData_isRefused_andThePageAsksForTheKey() throws Exception {
        node = new RoomcastNode(work, "memory");
        assertThat(node.get("/api/v1/ops", null).statusCode()).isEqualTo(401);
        assertThat(node.get("/api/v1/ops", "wrong-key-0123456789").statusCode()).isEqualTo(401);
        assertThat(node.get("/api/v1/ops", RoomcastNode.KEY).body()).contains("\"rooms\":[");
        browser.get(node.url("/ops"));
        waiting().until(b -> b.findElement(By.id("key-form")).isDisplayed());
    }

    private boolean webSocketAvailable() {
        try {
            WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(node.url("/api/v1/ws").replace("http:", "ws:")), new WebSocket.Listener() {
                    }).get(10, TimeUnit.SECONDS);
            socket.abort();
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String gift(String room, int value, String name) {
        return "{\"scope\":\"room\",\"roomId\":\"" + room + "\",\"category\":\"GIFT\",\"giftValue\":" + value
                + ",\"senderId\":\"fan\",\"payload\":{\"gift\":\"" + name + "\"}}";
    }

    private static String chat(String room, String text) {
        return "{\"scope\":\"room\",\"roomId\":\"" + room + "\",\"category\":\"CHAT\",\"senderId\":\"s\",\"payload\":{\"text\":\""
                + text + "\"}}";
    }
}
