package org.parley.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.activemq.artemis.api.core.ActiveMQSecurityException;
import org.apache.activemq.artemis.api.core.QueueConfiguration;
import org.apache.activemq.artemis.api.core.RoutingType;
import org.apache.activemq.artemis.api.core.SimpleString;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientConsumer;
import org.apache.activemq.artemis.api.core.client.ClientMessage;
import org.apache.activemq.artemis.api.core.client.ClientProducer;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.parley.auth.ApiClient;
import org.parley.auth.TestDevice;
import org.parley.auth.stack.ParleyStack;
import org.parley.auth.stack.StackConfig;
import org.parley.broker.console.BrokerConsole;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.testing.Wait;

/**
 * Both operator consoles in a real headless Chromium against a real two-node stack: an operator
 * signs in to {@code /admin}, finds a user and disables them, and that user's open broker
 * connection closes and nothing of theirs works any more; the Artemis console (hawtio) shows an
 * offline user's waiting messages, read through its Jolokia endpoint with operator credentials.
 * Neither console opens without an operator, and a chat token opens neither.
 *
 * <p>Screenshots land in {@code target/screenshots/} (the README's come from there).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminConsoleIT {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String OPERATOR = "ops-alice";
    private static final String OPERATOR_PASSWORD = "a long operator password";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WAITING_MESSAGES = 3;
    private static final String GROUP_ID = "0123456789abcdef0123456789abcdef";
    private static final Pattern BROKER_HEADING =
            Pattern.compile("Broker \\(\\s*broker-(\\d)\\s*\\)");

    @TempDir static Path dir;

    private ParleyStack stack;
    private ApiClient api;
    private BrokerConsole console;
    private WebDriver browser;
    private final HttpClient http =
            HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private final Path screenshots =
            Path.of(System.getProperty("parley.screenshots.dir", "target/screenshots"));

    private final byte[] bobKey = TestDevice.random(32);
    private LoginResponse bob;
    private LoginResponse carol;

    /** The node holding bob's waiting messages: the one the console shows. */
    private String backlogNode;

    @BeforeAll
    void start() throws Exception {
        // CI installs Debian's chromium and chromium-driver (.ci/run); missing ones are a failure,
        // not a skip.
        assertThat(Files.isExecutable(CHROMIUM))
                .as("%s missing: apt-get install -y chromium chromium-driver", CHROMIUM)
                .isTrue();
        assertThat(Files.isExecutable(CHROMEDRIVER))
                .as("%s missing: apt-get install -y chromium chromium-driver", CHROMEDRIVER)
                .isTrue();

        stack =
                ParleyStack.start(
                        StackConfig.ephemeral(dir.resolve("stack"), 2).withConsolePort(0),
                        Clock.systemUTC());
        api = new ApiClient(stack.authUri());
        console = stack.console().orElseThrow();
        Wait.until(
                WAIT,
                "the cluster to form",
                () -> stack.broker(0).isClusterFormed(2) && stack.broker(1).isClusterFormed(2));
        stack.authServer().operators().create(OPERATOR, OPERATOR_PASSWORD, "test");

        TestDevice.cheapSignup(api, "bob", bobKey);
        byte[] carolKey = TestDevice.random(32);
        TestDevice.cheapSignup(api, "carol", carolKey);
        bob = TestDevice.loginWithKey(api, "bob", bobKey);
        carol = TestDevice.loginWithKey(api, "carol", carolKey);
        Files.createDirectories(screenshots);
        browser = startChromium(dir.resolve("chromium-profile"));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void nothingOpensWithoutAnOperator() throws Exception {
        // The admin page itself is static; without a session it shows the sign-in form and no data.
        browser.get(stack.adminUri().toString());
        new WebDriverWait(browser, WAIT)
                .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertThat(browser.findElement(By.id("console")).isDisplayed()).isFalse();
        assertThat(browser.getPageSource()).doesNotContain("bob").doesNotContain("carol");

        for (String path :
                List.of(
                        "/admin/api/overview",
                        "/admin/api/users",
                        "/admin/api/users/search/bob",
                        "/admin/api/audit",
                        "/admin/api/groups",
                        "/admin/api/session")) {
            HttpResponse<String> anonymous = get(stack.authUri().resolve(path), null, null);
            assertThat(anonymous.statusCode()).as(path).isEqualTo(401);
            assertThat(anonymous.body())
                    .as(path)
                    .contains("\"error\":\"not_signed_in\"")
                    .doesNotContain("bob");
            HttpResponse<String> chatToken =
                    get(stack.authUri().resolve(path), "Bearer " + bob.token(), null);
            assertThat(chatToken.statusCode()).as("a chat token on %s", path).isEqualTo(401);
        }
        HttpResponse<String> disable =
                post(stack.authUri().resolve("/admin/api/users/bob/disable"), "{}", null, null);
        assertThat(disable.statusCode()).isEqualTo(401);
        // Chat credentials are no operator credentials, on either console.
        assertThat(
                        post(
                                        stack.authUri().resolve("/admin/api/login"),
                                        "{\"username\":\"bob\",\"password\":\""
                                                + Base64.getEncoder().encodeToString(bobKey)
                                                + "\"}",
                                        null,
                                        null)
                                .statusCode())
                .isEqualTo(401);

        String read = jolokiaRead("Version");
        assertThat(jolokia(read, null).statusCode()).isEqualTo(401);
        assertThat(jolokia(read, basic("bob", bob.token())).statusCode()).isIn(401, 403);
        assertThat(jolokia(read, basic(OPERATOR, "not the password")).statusCode()).isIn(401, 403);
        HttpResponse<String> consolePage = get(console.uri(), null, null);
        assertThat(consolePage.body()).doesNotContain("parley.inbox");
    }

    @Test
    @Order(2)
    void theArtemisConsoleShowsAnOfflineUsersWaitingMessages() throws Exception {
        browser.get(console.uri().toString());
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        WebElement user =
                wait.until(
                        ExpectedConditions.visibilityOfElementLocated(
                                By.cssSelector(
                                        "input[name='username'], input#pf-login-username-id, input[type='text']")));
        user.sendKeys(OPERATOR);
        browser.findElement(By.cssSelector("input[type='password']")).sendKeys(OPERATOR_PASSWORD);
        browser.findElement(By.cssSelector("button[type='submit']")).click();
        // The stack's nodes share one JVM and so one MBean server; the console shows one of them.
        wait.until(ExpectedConditions.textMatches(By.tagName("body"), BROKER_HEADING));
        Matcher shown = BROKER_HEADING.matcher(browser.findElement(By.tagName("body")).getText());
        assertThat(shown.find()).isTrue();
        backlogNode = stack.brokerUrls().get(Integer.parseInt(shown.group(1)) - 1);

        // carol writes to bob, who is offline: the messages wait in his inbox on that node.
        sendToBob(backlogNode, WAITING_MESSAGES);
        Wait.until(
                WAIT,
                "bob's backlog in the console's Jolokia",
                () -> inboxDepthViaJolokia("bob") == WAITING_MESSAGES);

        browser.findElement(By.cssSelector("button[role='tab'][aria-label='queues']")).click();
        // Wide enough for the Message Count column, and only the inboxes listed.
        browser.manage().window().setSize(new Dimension(2300, 800));
        try {
            wait.until(
                            ExpectedConditions.visibilityOfElementLocated(
                                    By.cssSelector("input[aria-label='search-text']")))
                    .sendKeys("parley.inbox");
            browser.findElement(By.xpath("//button[normalize-space()='Search']")).click();
            wait.until(d -> !d.findElement(By.tagName("tbody")).getText().contains("parley.dlq"));
            By bobRow = By.xpath("//tbody/tr[td[normalize-space()='parley.inbox.bob']]");
            WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(bobRow));
            // Name, address, ANYCAST, ..., consumer count 0 (bob is offline), message count 3.
            assertThat(row.getText())
                    .contains("ANYCAST")
                    .containsPattern("\\b0\\s+" + WAITING_MESSAGES + "\\b");
        } finally {
            Files.writeString(screenshots.resolve("artemis-console.html"), browser.getPageSource());
            screenshot("artemis-console-inbox-backlog.png");
        }
    }

    @Test
    @Order(3)
    void disablingAUserInTheAdminPageEndsTheirSessionEverywhere() throws Exception {
        // bob comes online: an open broker connection with a consumer on his inbox.
        String node = backlogNode;
        ServerLocator locator =
                ActiveMQClient.createServerLocator(
                        node + "?reconnectAttempts=0&initialConnectAttempts=1");
        ClientSessionFactory factory = locator.createSessionFactory();
        ClientSession session =
                factory.createSession("bob", bob.token(), false, true, true, false, 0);
        CountDownLatch closed = new CountDownLatch(1);
        factory.getConnection().addCloseListener(closed::countDown);
        session.addFailureListener(
                new org.apache.activemq.artemis.api.core.client.SessionFailureListener() {
                    @Override
                    public void beforeReconnect(
                            org.apache.activemq.artemis.api.core.ActiveMQException exception) {}

                    @Override
                    public void connectionFailed(
                            org.apache.activemq.artemis.api.core.ActiveMQException exception,
                            boolean failedOver) {
                        closed.countDown();
                    }

                    @Override
                    public void connectionFailed(
                            org.apache.activemq.artemis.api.core.ActiveMQException exception,
                            boolean failedOver,
                            String scaleDownTargetNodeID) {
                        closed.countDown();
                    }
                });
        ClientConsumer consumer = session.createConsumer("parley.inbox.bob");
        session.start();
        ClientMessage first = consumer.receive(WAIT.toMillis());
        assertThat(first).as("bob can consume before").isNotNull();

        try (java.sql.Connection c = stack.database().dataSource().getConnection();
                java.sql.Statement st = c.createStatement()) {
            st.executeUpdate(
                    "INSERT INTO groups (id, name, admin, epoch, head) VALUES ('"
                            + GROUP_ID
                            + "', 'book club', 'bob', 1, '"
                            + "ab".repeat(32)
                            + "')");
            st.executeUpdate(
                    "INSERT INTO group_members (group_id, username) VALUES ('"
                            + GROUP_ID
                            + "', 'bob'), ('"
                            + GROUP_ID
                            + "', 'carol')");
        }
        browser.manage().window().setSize(new Dimension(1300, 1250));
        browser.get(stack.adminUri().toString());
        WebDriverWait wait = new WebDriverWait(browser, WAIT);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("username")))
                .sendKeys(OPERATOR);
        browser.findElement(By.id("password")).sendKeys(OPERATOR_PASSWORD);
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.textToBe(By.id("operator-name"), OPERATOR));
        wait.until(d -> d.findElements(By.cssSelector("#nodes tbody tr")).size() == 2);

        // Groups: the server's index of membership, name and size (a row as GroupService keeps it).
        By groupRow = By.cssSelector("#group-table tr[data-group='" + GROUP_ID + "']");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(groupRow, "book club"));
        assertThat(browser.findElement(groupRow).findElement(By.cssSelector(".size")).getText())
                .isEqualTo("2");
        assertThat(browser.findElement(groupRow).findElement(By.cssSelector(".members")).getText())
                .isEqualTo("bob, carol");
        assertThat(browser.findElement(By.id("groups-note")).getText()).isEqualTo("1 group.");

        browser.findElement(By.id("user-search")).sendKeys("bo");
        browser.findElement(By.id("search-button")).click();
        By bobRow = By.cssSelector("#user-table tr[data-user='bob']");
        wait.until(
                ExpectedConditions.numberOfElementsToBe(
                        By.cssSelector("#user-table tr[data-user='carol']"), 0));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(bobRow, "online"));
        screenshot("admin-users-before-disable.png");

        browser.findElement(bobRow).findElement(By.cssSelector("button.disable")).click();
        wait.until(ExpectedConditions.alertIsPresent()).accept();
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(
                        By.cssSelector("#user-table tr[data-user='bob'] .state"), "disabled"));
        wait.until(
                ExpectedConditions.textToBePresentInElementLocated(
                        By.id("audit-table"), "account.disable"));
        screenshot("admin-page.png");

        // The open connection is closed by the broker, and nothing of bob's works any more.
        assertThat(closed.await(WAIT.toSeconds(), TimeUnit.SECONDS))
                .as("bob's broker connection is closed")
                .isTrue();
        assertThat(api.post("/api/v1/login", new LoginRequest("bob", bobKey)).status())
                .isEqualTo(401);
        assertThat(api.post("/api/v1/token/refresh", "{}", bob.token()).status()).isEqualTo(401);
        for (String url : stack.brokerUrls()) {
            assertThatThrownBy(() -> connectAndConsume(url, "bob", bob.token()))
                    .as("bob's old token on %s", url)
                    .isInstanceOf(ActiveMQSecurityException.class);
        }
        locator.close();
        // Carol is untouched.
        connectAndConsume(stack.brokerUrls().get(1), "carol", carol.token());
    }

    // ---- helpers --------------------------------------------------------------------------------

    private void sendToBob(String node, int count) throws Exception {
        try (ServerLocator locator = ActiveMQClient.createServerLocator(node);
                ClientSessionFactory factory = locator.createSessionFactory();
                ClientSession session =
                        factory.createSession("carol", carol.token(), false, true, true, false, 0);
                ClientProducer producer = session.createProducer("parley.inbox.bob")) {
            // What the JMS client does on a first send: make sure the durable inbox queue exists.
            if (!session.queueQuery(SimpleString.of("parley.inbox.bob")).isExists()) {
                session.createQueue(
                        QueueConfiguration.of("parley.inbox.bob")
                                .setRoutingType(RoutingType.ANYCAST)
                                .setDurable(true));
            }
            for (int i = 0; i < count; i++) {
                ClientMessage message = session.createMessage(true);
                // Opaque bytes as far as any server is concerned (real clients send sealed
                // envelopes).
                message.getBodyBuffer().writeBytes(TestDevice.random(64));
                producer.send(message);
            }
        }
    }

    private static void connectAndConsume(String url, String user, String token) throws Exception {
        try (ServerLocator locator =
                        ActiveMQClient.createServerLocator(
                                url + "?reconnectAttempts=0&initialConnectAttempts=1");
                ClientSessionFactory factory = locator.createSessionFactory();
                ClientSession session =
                        factory.createSession(user, token, false, true, true, false, 0)) {
            SimpleString inbox = SimpleString.of("parley.inbox." + user);
            if (!session.queueQuery(inbox).isExists()) {
                session.createQueue(
                        QueueConfiguration.of(inbox)
                                .setRoutingType(RoutingType.ANYCAST)
                                .setDurable(true));
            }
            session.createConsumer(inbox).close();
        }
    }

    /**
     * Messages waiting in {@code user}'s inbox over every node, as the console's Jolokia reports
     * them.
     */
    private long inboxDepthViaJolokia(String user) {
        String mbean =
                "org.apache.activemq.artemis:broker=*,component=addresses,address=\\\"parley.inbox."
                        + user
                        + "\\\",subcomponent=queues,routing-type=\\\"anycast\\\",queue=\\\"parley.inbox."
                        + user
                        + "\\\"";
        String request =
                "{\"type\":\"read\",\"mbean\":\"" + mbean + "\",\"attribute\":\"MessageCount\"}";
        try {
            HttpResponse<String> response = jolokia(request, basic(OPERATOR, OPERATOR_PASSWORD));
            assertThat(response.statusCode()).isEqualTo(200);
            JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
            if (json.get("status").getAsInt() != 200) {
                return -1;
            }
            long total = 0;
            for (var node : json.getAsJsonObject("value").entrySet()) {
                total += node.getValue().getAsJsonObject().get("MessageCount").getAsLong();
            }
            return total;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String jolokiaRead(String attribute) {
        return "{\"type\":\"read\",\"mbean\":\"org.apache.activemq.artemis:broker=*\",\"attribute\":\""
                + attribute
                + "\"}";
    }

    private HttpResponse<String> jolokia(String json, String authorization)
            throws IOException, InterruptedException {
        return post(console.jolokiaUri(), json, authorization, null);
    }

    private HttpResponse<String> get(URI uri, String authorization, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(URI uri, String json, String authorization, String cookie)
            throws IOException, InterruptedException {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private void screenshot(String name) throws IOException {
        Path png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(png, screenshots.resolve(name), StandardCopyOption.REPLACE_EXISTING);
    }

    static WebDriver startChromium(Path profile) throws IOException {
        Files.createDirectories(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profile,
                "--window-size=1400,1000");
        ChromeDriverService service =
                new ChromeDriverService.Builder()
                        .usingDriverExecutable(CHROMEDRIVER.toFile())
                        .usingAnyFreePort()
                        .build();
        return new ChromeDriver(service, options);
    }
}
