package org.parley.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.client.exceptions.InvalidCredentialsException;
import org.parley.client.exceptions.ProtocolException;
import org.parley.client.exceptions.ServerErrorException;
import org.parley.client.exceptions.ServerUnavailableException;
import org.parley.client.exceptions.SessionExpiredException;
import org.parley.client.exceptions.ThrottledException;
import org.parley.client.exceptions.UnknownUserException;
import org.parley.client.exceptions.UsernameTakenException;
import org.parley.crypto.DeviceChain;
import org.parley.crypto.IdentityKeyPair;
import org.parley.model.DeviceChangeRequest;
import org.parley.model.DeviceEntry;
import org.parley.model.DeviceLogHead;
import org.parley.model.DeviceLogResponse;
import org.parley.model.Json;
import org.parley.model.KdfParams;
import org.parley.model.LoginRequest;
import org.parley.model.PreloginResponse;

/** Error mapping of the auth API client against a tiny in-process HTTP server. */
class AuthApiClientTest {
    private record Canned(int status, String body, Map<String, String> headers) {}

    private HttpServer server;
    private final Map<String, Canned> answers = new ConcurrentHashMap<>();
    private final AtomicReference<String> lastAuthorization = new AtomicReference<>();
    private final AtomicReference<String> lastBody = new AtomicReference<>();
    private AuthApiClient api;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        // Generous: these tests are about answers, not timing, and CI machines can be very busy.
        api =
                new AuthApiClient(
                        uri,
                        HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build(),
                        Duration.ofSeconds(30));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        lastAuthorization.set(ex.getRequestHeaders().getFirst("Authorization"));
        lastBody.set(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Canned c = answers.get(ex.getRequestURI().getPath());
        if (c == null) {
            c =
                    new Canned(
                            404,
                            "{\"error\":\"not_found\",\"message\":\"No such endpoint.\"}",
                            Map.of());
        }
        if (c.status() == -1) {
            try {
                Thread.sleep(1_500); // outlive the client's request timeout
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = c.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        c.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(c.status() == -1 ? 200 : c.status(), body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private void answer(String path, int status, String body) {
        answers.put("/api/v1" + path, new Canned(status, body, Map.of()));
    }

    @Test
    void preloginParsesSaltAndKdf() {
        answer(
                "/prelogin",
                200,
                "{\"salt\":\"AAECAwQFBgcICQoLDA0ODw==\",\"kdf\":{\"m\":65536,\"t\":3,\"p\":1}}");
        PreloginResponse r = api.prelogin("alice");
        assertThat(r.salt()).hasSize(16);
        assertThat(r.kdf()).isEqualTo(KdfParams.DEFAULT);
        assertThat(lastBody.get()).isEqualTo("{\"username\":\"alice\"}");
    }

    @Test
    void invalidCredentialsAreMappedToAReadableMessage() {
        answer(
                "/login",
                401,
                "{\"error\":\"invalid_credentials\",\"message\":\"Wrong username or password.\"}");
        assertThatThrownBy(() -> api.login(new LoginRequest("alice", new byte[32])))
                .isInstanceOf(InvalidCredentialsException.class)
                .hasMessage("Wrong username or password.");
    }

    @Test
    void throttlingCarriesRetryAfter() {
        answers.put(
                "/api/v1/login",
                new Canned(
                        429,
                        "{\"error\":\"throttled\",\"message\":\"Too many attempts.\"}",
                        Map.of("Retry-After", "90")));
        assertThatThrownBy(() -> api.login(new LoginRequest("alice", new byte[32])))
                .isInstanceOfSatisfying(
                        ThrottledException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(90)))
                .hasMessageContaining("90 seconds");
    }

    @Test
    void takenUsernameIsMapped() {
        answer(
                "/signup",
                409,
                "{\"error\":\"username_taken\",\"message\":\"That username is taken.\"}");
        assertThatThrownBy(
                        () ->
                                api.signup(
                                        new org.parley.model.SignupRequest(
                                                "alice",
                                                new byte[16],
                                                KdfParams.DEFAULT,
                                                new byte[32],
                                                null,
                                                new byte[1])))
                .isInstanceOfSatisfying(
                        UsernameTakenException.class,
                        e -> assertThat(e.username()).isEqualTo("alice"));
    }

    @Test
    void unknownUserIsMappedAndTokenIsSent() {
        answer(
                "/users/nobody/keys",
                404,
                "{\"error\":\"unknown_user\",\"message\":\"No such user.\"}");
        assertThatThrownBy(() -> api.userKeys("tok.en", "nobody"))
                .isInstanceOf(UnknownUserException.class)
                .hasMessageContaining("nobody");
        assertThat(lastAuthorization.get()).isEqualTo("Bearer tok.en");
    }

    @Test
    void rejectedTokenMeansSessionExpired() {
        answer("/token/refresh", 401, "{\"error\":\"invalid_token\",\"message\":\"Expired.\"}");
        assertThatThrownBy(() -> api.refreshToken("old"))
                .isInstanceOf(SessionExpiredException.class);
    }

    @Test
    void unavailableServerIsMapped() {
        answer("/prelogin", 503, "{\"error\":\"unavailable\",\"message\":\"Database down.\"}");
        assertThatThrownBy(() -> api.prelogin("alice"))
                .isInstanceOf(ServerUnavailableException.class)
                .hasMessage(
                        "The Parley server at 127.0.0.1:"
                                + server.getAddress().getPort()
                                + " is unavailable right now. Try again in a moment.");
    }

    @Test
    void refusedConnectionIsServerUnavailable() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        AuthApiClient dead =
                new AuthApiClient(
                        URI.create("http://127.0.0.1:" + port),
                        HttpClient.newHttpClient(),
                        Duration.ofSeconds(2));
        assertThatThrownBy(() -> dead.prelogin("alice"))
                .isInstanceOf(ServerUnavailableException.class)
                .hasMessage("The Parley server at 127.0.0.1:" + port + " is not reachable.");
        assertThat(dead.healthy()).isFalse();
    }

    @Test
    void slowServerTimesOutAsUnavailable() {
        answers.put("/api/v1/prelogin", new Canned(-1, "{}", Map.of()));
        AuthApiClient impatient =
                new AuthApiClient(api.server(), HttpClient.newHttpClient(), Duration.ofMillis(300));
        assertThatThrownBy(() -> impatient.prelogin("alice"))
                .isInstanceOf(ServerUnavailableException.class);
    }

    @Test
    void otherErrorsKeepServerCodeAndSentence() {
        answer(
                "/signup",
                400,
                "{\"error\":\"invalid_request\",\"message\":\"The field salt is missing.\"}");
        assertServerError(
                () ->
                        api.signup(
                                new org.parley.model.SignupRequest(
                                        "alice",
                                        null,
                                        KdfParams.DEFAULT,
                                        new byte[32],
                                        null,
                                        new byte[1])),
                400,
                "invalid_request",
                "The field salt is missing.");
    }

    /** The call fails with the server's status, code and sentence, as a user would read it. */
    private static void assertServerError(
            ThrowingCallable call, int status, String code, String message) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(
                        ServerErrorException.class,
                        e -> {
                            assertThat(e.status()).isEqualTo(status);
                            assertThat(e.code()).isEqualTo(code);
                        })
                .hasMessage(message);
    }

    @Test
    void nonJsonErrorAndGarbageSuccessAreHandled() {
        answer("/prelogin", 500, "<html>oops</html>");
        assertThatThrownBy(() -> api.prelogin("alice"))
                .isInstanceOf(ServerErrorException.class)
                .hasMessageContaining("HTTP 500");
        answer("/prelogin", 200, "<html>not json</html>");
        assertThatThrownBy(() -> api.prelogin("alice")).isInstanceOf(ProtocolException.class);
        answer("/prelogin", 200, "{}");
        assertThatThrownBy(() -> api.prelogin("alice")).isInstanceOf(ProtocolException.class);
    }

    @Test
    void healthReflectsStatus() {
        answers.put("/api/v1/health", new Canned(200, "{\"status\":\"ok\"}", Map.of()));
        assertThat(api.healthy()).isTrue();
        answers.put("/api/v1/health", new Canned(503, "{\"error\":\"unavailable\"}", Map.of()));
        assertThat(api.healthy()).isFalse();
    }

    private static DeviceEntry firstDeviceEntry(String user) throws Exception {
        SecureRandom random = new SecureRandom();
        return DeviceChain.first(
                IdentityKeyPair.generate(random),
                user,
                "Desktop",
                IdentityKeyPair.generate(random).publicKeys(),
                10);
    }

    @Test
    void deviceLogIsReadWithTheTokenAndAnUnknownUserIsMapped() throws Exception {
        DeviceEntry entry = firstDeviceEntry("alice");
        answer(
                "/users/alice/devices",
                200,
                Json.write(new DeviceLogResponse("alice", List.of(entry))));
        assertThat(api.deviceLog("tok.en", "alice").log())
                .extracting(DeviceEntry::hash)
                .containsExactly(entry.hash());
        assertThat(lastAuthorization.get()).isEqualTo("Bearer tok.en");

        answer(
                "/users/nobody/devices",
                404,
                "{\"error\":\"unknown_user\",\"message\":\"No such user.\"}");
        assertThatThrownBy(() -> api.deviceLog("tok.en", "nobody"))
                .isInstanceOf(UnknownUserException.class)
                .hasMessageContaining("nobody");
    }

    @Test
    void aDeviceLogForAnotherUserIsAProtocolError() {
        answer("/users/alice/devices", 200, "{\"username\":\"mallory\",\"log\":[]}");
        assertThatThrownBy(() -> api.deviceLog("tok.en", "alice"))
                .isInstanceOf(ProtocolException.class);
    }

    @Test
    void appendDeviceSendsTheEntryAndKeepsTheServersReasonForARefusal() throws Exception {
        DeviceEntry entry = firstDeviceEntry("alice");
        answer("/devices", 201, Json.write(new DeviceLogHead("alice", 0, entry.hash())));
        assertThat(api.appendDevice("tok.en", entry).head()).isEqualTo(entry.hash());
        assertThat(Json.parse(lastBody.get(), DeviceChangeRequest.class).entry().hash())
                .isEqualTo(entry.hash());
        assertThat(lastAuthorization.get()).isEqualTo("Bearer tok.en");

        answer(
                "/devices",
                409,
                "{\"error\":\"stale_log\",\"message\":\"Your device list changed meanwhile.\"}");
        assertServerError(
                () -> api.appendDevice("tok.en", entry),
                409,
                "stale_log",
                "Your device list changed meanwhile.");
    }
}
