package org.parley.it.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.AuthServer;
import org.parley.auth.AuthServerConfig;
import org.parley.auth.accounts.ServerKeys;
import org.parley.broker.BrokerNode;
import org.parley.broker.BrokerNodeConfig;
import org.parley.client.ConnectionState;
import org.parley.client.auth.AuthApiClient;
import org.parley.client.exceptions.ServerUnavailableException;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.KeyWrapper;
import org.parley.db.Database;
import org.parley.db.DatabaseConfig;
import org.parley.model.Json;
import org.parley.model.KdfParams;
import org.parley.model.LoginRequest;
import org.parley.model.SignupRequest;
import org.parley.testing.Wait;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 10, "Database down": the embedded PostgreSQL under a running auth server is stopped and
 * started again on the same port and data directory, without restarting the auth server.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class DatabaseDownIT {
    private static final Logger log = LoggerFactory.getLogger(DatabaseDownIT.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir Path tmp;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A request and the status it must get once the database is back. */
    record Call(String name, HttpRequest request, int upStatus) {}

    /**
     * While the database is down every API endpoint that needs it (prelogin of a known and an
     * unknown user, signup, login, token refresh, key lookup, health) answers 503 with a JSON body
     * {@code {"error":"unavailable","message":...}} within a few seconds, client-core reports
     * ServerUnavailableException ("... is unavailable right now ..."), and logged-in users keep
     * chatting through the broker. Once it is back, the same requests succeed, with no restart.
     */
    @Test
    void authServerAnswers503WithJsonWhileTheDatabaseIsDownAndRecoversWithoutRestart()
            throws Exception {
        Path authDir = tmp.resolve("auth");
        ServerKeys keys = ServerKeys.loadOrCreate(authDir, RANDOM);
        BrokerNode broker =
                new BrokerNode(
                        BrokerNodeConfig.builder()
                                .nodeId("db-down-node")
                                .host("127.0.0.1")
                                .port(BrokerProcess.freePort())
                                .dataDir(tmp.resolve("broker"))
                                .tokenPublicKey(keys.signingPublicKey())
                                .clusterPassword("cluster-password-" + System.nanoTime())
                                .servicePassword("service-password-" + System.nanoTime())
                                .build(),
                        Clock.systemUTC());
        broker.start();
        List<Chatter> chatters = new ArrayList<>();
        try (Database database = Database.start(DatabaseConfig.embedded(tmp.resolve("db")))) {
            AuthServer auth =
                    new AuthServer(
                                    AuthServerConfig.fromSettings(
                                            Map.of(
                                                    AuthServerConfig.DATA_DIR, authDir.toString(),
                                                    AuthServerConfig.PORT, "0",
                                                    AuthServerConfig.BROKERS, broker.url())),
                                    database,
                                    Clock.systemUTC())
                            .start();
            URI server = auth.uri();
            try {
                Chatter alice = Chatter.signup(tmp, server, "alice");
                chatters.add(alice);
                Chatter bob = Chatter.signup(tmp, server, "bob");
                chatters.add(bob);
                Chatter.signup(tmp, server, "carol").close();
                byte[] doraKey = rawSignup(server, "dora");
                String token = api(server).login(new LoginRequest("dora", doraKey)).token();
                String jdbcUrl = database.jdbcUrl();
                // alice and bob know each other (keys pinned): chatting needs no key directory from
                // here on.
                Chatter.await(alice.session.sendText("bob", "before the database goes"));
                Wait.until("bob to get the first message", () -> bob.incoming.size() == 1);

                database.stopEmbeddedServer();
                long downAt = System.nanoTime();
                List<Call> calls = calls(server, doraKey, token, "erin");
                Map<String, HttpResponse<String>> down = sendAll(calls);
                for (Call call : calls) {
                    HttpResponse<String> r = down.get(call.name());
                    assertThat(r.statusCode()).as(call.name() + ": " + r.body()).isEqualTo(503);
                    assertThat(r.headers().firstValue("Content-Type"))
                            .as(call.name())
                            .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
                    JsonObject body = JsonParser.parseString(r.body()).getAsJsonObject();
                    assertThat(body.get("error").getAsString())
                            .as(call.name())
                            .isEqualTo("unavailable");
                    assertThat(body.get("message").getAsString()).as(call.name()).isNotBlank();
                }
                long answeredMillis = (System.nanoTime() - downAt) / 1_000_000;
                assertThat(answeredMillis).as("all 503s within").isLessThan(30_000);

                Throwable loginFailure = loginFailure(server, "carol");
                assertThat(loginFailure)
                        .isInstanceOf(ServerUnavailableException.class)
                        .hasMessage(
                                "The Parley server at "
                                        + server.getAuthority()
                                        + " is unavailable right now. Try again in a moment.");

                // Chat does not need the database: the broker checks tokens itself.
                for (int i = 0; i < 10; i++) {
                    Chatter.await(alice.session.sendText("bob", "while the database is down " + i));
                }
                Wait.until(
                        "bob to receive the messages sent while the database was down",
                        () -> bob.incoming.size() == 11);

                database.startEmbeddedServer();
                assertThat(database.jdbcUrl()).as("same port").isEqualTo(jdbcUrl);
                long upAt = System.nanoTime();
                Wait.until(
                        Duration.ofSeconds(60),
                        "health to be 200 again",
                        () -> send(calls.get(calls.size() - 1).request()).statusCode() == 200);
                long recoveredMillis = (System.nanoTime() - upAt) / 1_000_000;
                Map<String, HttpResponse<String>> up = sendAll(calls);
                for (Call call : calls) {
                    assertThat(up.get(call.name()).statusCode())
                            .as(call.name() + ": " + up.get(call.name()).body())
                            .isEqualTo(call.upStatus());
                }
                try (Chatter carol = Chatter.login(tmp, server, "carol")) {
                    assertThat(carol.session.connectionState())
                            .isEqualTo(ConnectionState.CONNECTED);
                }
                log.info(
                        "DB-DOWN FIGURES: {} endpoints answered 503 + JSON within {} ms of the stop; 10 messages sent "
                                + "and 10 delivered while down; health back {} ms after the restart; all endpoints OK again",
                        calls.size(),
                        answeredMillis,
                        recoveredMillis);
            } finally {
                chatters.forEach(Chatter::close);
                auth.close();
            }
        } finally {
            broker.stop();
        }
    }

    private List<Call> calls(URI server, byte[] authKey, String token, String newUser) {
        List<Call> calls = new ArrayList<>();
        calls.add(
                new Call(
                        "prelogin known",
                        post(server, "/api/v1/prelogin", "{\"username\":\"alice\"}", null),
                        200));
        calls.add(
                new Call(
                        "prelogin unknown",
                        post(server, "/api/v1/prelogin", "{\"username\":\"nobody\"}", null),
                        200));
        calls.add(
                new Call(
                        "signup",
                        post(
                                server,
                                "/api/v1/signup",
                                Json.write(signupRequest(server, newUser, new byte[32])),
                                null),
                        201));
        calls.add(
                new Call(
                        "login",
                        post(
                                server,
                                "/api/v1/login",
                                Json.write(new LoginRequest("dora", authKey)),
                                null),
                        200));
        calls.add(new Call("refresh", post(server, "/api/v1/token/refresh", "", token), 200));
        calls.add(
                new Call(
                        "keys",
                        HttpRequest.newBuilder(server.resolve("/api/v1/users/alice/keys"))
                                .header("Authorization", "Bearer " + token)
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        200));
        calls.add(
                new Call(
                        "health",
                        HttpRequest.newBuilder(server.resolve("/api/v1/health"))
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        200)); // last: polled for recovery
        return calls;
    }

    private static HttpRequest post(URI server, String path, String json, String token) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(server.resolve(path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.build();
    }

    /** All at once: each may wait for the pool's connection timeout. */
    private Map<String, HttpResponse<String>> sendAll(List<Call> calls) throws Exception {
        Map<String, CompletableFuture<HttpResponse<String>>> futures = new LinkedHashMap<>();
        for (Call call : calls) {
            futures.put(
                    call.name(),
                    http.sendAsync(call.request(), HttpResponse.BodyHandlers.ofString()));
        }
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        for (var e : futures.entrySet()) {
            answers.put(e.getKey(), e.getValue().get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static AuthApiClient api(URI server) {
        return new AuthApiClient(server, HttpClient.newHttpClient(), Duration.ofSeconds(30));
    }

    /**
     * An account made with the raw API (no Argon2: the server cannot tell), returning its auth key.
     */
    private static byte[] rawSignup(URI server, String username) {
        byte[] authKey = new byte[32];
        RANDOM.nextBytes(authKey);
        api(server).signup(signupRequest(server, username, authKey));
        return authKey;
    }

    /**
     * A signup with its proofs of possession; the challenge needs no database, so it works while it
     * is down.
     */
    private static SignupRequest signupRequest(URI server, String username, byte[] authKey) {
        if (authKey[0] == 0 && authKey[31] == 0) {
            RANDOM.nextBytes(authKey);
        }
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        byte[] wrapKey = new byte[32];
        RANDOM.nextBytes(wrapKey);
        IdentityKeyPair identity = IdentityKeyPair.generate(RANDOM);
        return org.parley.testing.TestAccount.proven(
                server,
                new SignupRequest(
                        username,
                        salt,
                        KdfParams.DEFAULT,
                        authKey,
                        identity.publicKeys(),
                        KeyWrapper.wrap(identity, wrapKey, username, salt, KdfParams.DEFAULT)),
                identity);
    }

    private Throwable loginFailure(URI server, String user) throws InterruptedException {
        try {
            Chatter.client(tmp.resolve(user + "-machine"))
                    .login(server, user, Chatter.passwordOf(user), null)
                    .get(60, TimeUnit.SECONDS)
                    .close();
            throw new AssertionError("login succeeded while the database was down");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("login neither failed nor succeeded within 60 s", e);
        }
    }
}
