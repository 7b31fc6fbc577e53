package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.model.AccountDirectoryEntry;
import org.parley.model.Json;
import org.parley.testing.MutableClock;

/** {@link HttpAccountDirectory} against a real HTTP server standing in for the auth server. */
class HttpAccountDirectoryTest {
    private static final String PASSWORD = "service-password-123";

    private final Map<String, AccountDirectoryEntry> accounts = new ConcurrentHashMap<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger calls = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T12:00:00Z"));
    private HttpServer server;
    private HttpAccountDirectory directory;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                HttpAccountDirectory.PATH,
                exchange -> {
                    calls.incrementAndGet();
                    authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
                    String name =
                            exchange.getRequestURI()
                                    .getPath()
                                    .substring(HttpAccountDirectory.PATH.length());
                    AccountDirectoryEntry entry = accounts.get(name);
                    byte[] body =
                            (entry == null ? "{\"error\":\"unknown_user\"}" : Json.write(entry))
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(entry == null ? 404 : 200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        directory =
                new HttpAccountDirectory(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                        PASSWORD,
                        clock,
                        Duration.ofSeconds(30),
                        Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void asksAsTheServiceUserAndAnswersFromTheCacheWithinItsTime() {
        accounts.put("bob", new AccountDirectoryEntry("bob", false, List.of("alice")));
        assertThat(directory.isAccount("bob")).isTrue();
        assertThat(directory.mayFollowPresence("alice", "bob")).isTrue();
        assertThat(directory.mayFollowPresence("mallory", "bob")).isFalse();
        assertThat(directory.isAccount("ghost")).isFalse();
        assertThat(calls.get()).as("one call per name").isEqualTo(2);
        assertThat(authorizations)
                .allMatch(
                        a ->
                                a.equals(
                                        "Basic "
                                                + Base64.getEncoder()
                                                        .encodeToString(
                                                                ("parley-service:" + PASSWORD)
                                                                        .getBytes(
                                                                                StandardCharsets
                                                                                        .UTF_8))));
    }

    @Test
    void aKnownAccountKeepsWorkingWhileTheAuthServerIsDownButANewNameIsRefused() {
        accounts.put("bob", new AccountDirectoryEntry("bob", false, List.of("alice")));
        assertThat(directory.isAccount("bob")).isTrue();
        server.stop(0);
        clock.advance(Duration.ofMinutes(10));
        assertThat(directory.isAccount("bob")).as("bob, cached before the outage").isTrue();
        assertThat(directory.mayFollowPresence("alice", "bob")).isTrue();
        assertThat(directory.knownNotToPermit("alice", "bob")).isFalse();
        assertThat(directory.isAccount("carol")).as("a name never confirmed").isFalse();
        assertThat(directory.knownNotToPermit("alice", "carol"))
                .as("nothing is revoked on a guess")
                .isFalse();
    }

    @Test
    void noSuchAccountIsRememberedForFiveSecondsOnly() {
        assertThat(directory.isAccount("newbie")).isFalse();
        accounts.put("newbie", new AccountDirectoryEntry("newbie", false, List.of()));
        assertThat(directory.isAccount("newbie")).as("within the negative cache time").isFalse();
        clock.advance(Duration.ofSeconds(HttpAccountDirectory.NEGATIVE_TTL_SECONDS));
        assertThat(directory.isAccount("newbie")).as("after it: the new signup").isTrue();
    }

    @Test
    void aRevokedViewerIsKnownNotPermittedOnceTheCacheTimeHasPassed() {
        accounts.put("bob", new AccountDirectoryEntry("bob", false, List.of("alice")));
        assertThat(directory.knownNotToPermit("alice", "bob")).isFalse();
        accounts.put("bob", new AccountDirectoryEntry("bob", false, List.of()));
        assertThat(directory.knownNotToPermit("alice", "bob"))
                .as("within the cache time")
                .isFalse();
        clock.advance(Duration.ofSeconds(30));
        assertThat(directory.knownNotToPermit("alice", "bob")).isTrue();
        assertThat(directory.mayFollowPresence("alice", "bob")).isFalse();
    }

    @Test
    void aNewlyPermittedViewerIsLetInAfterFiveSecondsNotTheFullCacheTime() {
        accounts.put("bob", new AccountDirectoryEntry("bob", false, List.of()));
        assertThat(directory.mayFollowPresence("alice", "bob")).isFalse();
        accounts.put("bob", new AccountDirectoryEntry("bob", false, List.of("alice")));
        assertThat(directory.mayFollowPresence("alice", "bob"))
                .as("at once: the cached no")
                .isFalse();
        clock.advance(Duration.ofSeconds(HttpAccountDirectory.NEGATIVE_TTL_SECONDS));
        assertThat(directory.mayFollowPresence("alice", "bob")).isTrue();
    }

    @Test
    void nobodyFollowsADisabledAccountButItStillHasAnInbox() {
        accounts.put("bob", new AccountDirectoryEntry("bob", true, List.of("alice")));
        assertThat(directory.isAccount("bob")).isTrue();
        assertThat(directory.mayFollowPresence("alice", "bob")).isFalse();
    }

    @Test
    void invalidNamesAreNeverAskedFor() {
        assertThat(directory.isAccount("../admin")).isFalse();
        assertThat(directory.isAccount("a")).isFalse();
        assertThat(calls.get()).isZero();
    }
}
