package org.parley.broker.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.broker.BrokerNode;
import org.parley.broker.BrokerNodeConfig;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.crypto.primitives.Ed25519;

/** The real hawtio console over a real node: operators only, Jolokia reads the broker's MBeans. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerConsoleTest {

    private static final String OPERATOR = "ops-alice";
    private static final String PASSWORD = "correct horse battery";

    private final Ed25519.KeyPair authKey = Ed25519.generate(new java.security.SecureRandom());
    private final HttpClient http = HttpClient.newHttpClient();
    private BrokerNode node;
    private BrokerConsole console;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        int port;
        try (var socket =
                new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        node =
                new BrokerNode(
                        BrokerNodeConfig.builder()
                                .nodeId("console-node")
                                .port(port)
                                .dataDir(dir.resolve("node"))
                                .tokenPublicKey(authKey.publicKey())
                                .clusterPassword("cluster-password-123456")
                                .servicePassword("service-password-123456")
                                .journalBufferTimeoutNanos(200_000)
                                .build(),
                        Clock.systemUTC());
        node.start();
        OperatorAuthenticator operators =
                (user, password) ->
                        OPERATOR.equals(user) && PASSWORD.equals(password)
                                ? Optional.of(user)
                                : Optional.empty();
        console =
                new BrokerConsole(
                                new ConsoleConfig("127.0.0.1", 0, dir.resolve("console")),
                                operators)
                        .start();
    }

    @AfterAll
    void stop() throws Exception {
        if (console != null) {
            console.close();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void jolokiaNeedsAnOperator() throws Exception {
        String read =
                "{\"type\":\"read\",\"mbean\":\"org.apache.activemq.artemis:broker=\\\"console-node\\\"\","
                        + "\"attribute\":\"Version\"}";
        assertThat(post(read, null).statusCode()).isEqualTo(401);
        assertThat(post(read, basic(OPERATOR, "wrong password!")).statusCode()).isIn(401, 403);
        String chatToken =
                SessionTokens.issue(
                        authKey.privateKey(),
                        SessionClaims.session(
                                "bob", Clock.systemUTC().instant(), Duration.ofMinutes(5)));
        assertThat(post(read, basic("bob", chatToken)).statusCode())
                .as("a chat token is no console credential")
                .isIn(401, 403);

        HttpResponse<String> ok = post(read, basic(OPERATOR, PASSWORD));
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"status\":200").contains("2.56.0");
    }

    @Test
    void thePageItselfIsHawtiosLoginNotData() throws Exception {
        HttpClient browserLike =
                HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();
        HttpResponse<String> page =
                browserLike.send(
                        HttpRequest.newBuilder(console.uri()).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).containsIgnoringCase("<html").doesNotContain("parley.inbox");
    }

    private HttpResponse<String> post(String json, String authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(console.jolokiaUri())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
