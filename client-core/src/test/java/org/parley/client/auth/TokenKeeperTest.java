package org.parley.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.parley.client.exceptions.SessionExpiredException;

class TokenKeeperTest {
    private static final Instant NOW = Instant.parse("2025-05-01T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private HttpServer server;
    private final AtomicInteger refreshes = new AtomicInteger();
    private volatile int status = 200;
    private AuthApiClient api;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/api/v1/token/refresh",
                ex -> {
                    int n = refreshes.incrementAndGet();
                    String body =
                            status == 200
                                    ? "{\"token\":\"fresh-"
                                            + n
                                            + "\",\"expiresAt\":"
                                            + NOW.plusSeconds(900).toEpochMilli()
                                            + "}"
                                    : "{\"error\":\""
                                            + (status == 401 ? "invalid_token" : "unavailable")
                                            + "\",\"message\":\"no\"}";
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(status, bytes.length);
                    try (OutputStream out = ex.getResponseBody()) {
                        out.write(bytes);
                    }
                });
        server.start();
        api =
                new AuthApiClient(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                        HttpClient.newHttpClient(),
                        Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void tokenWithTimeLeftIsUsedAsIs() {
        TokenKeeper keeper =
                new TokenKeeper(
                        "alice", api, CLOCK, "current", NOW.plusSeconds(600).toEpochMilli());
        assertThat(keeper.token(false)).isEqualTo("current");
        assertThat(refreshes).hasValue(0);
    }

    @Test
    void tokenAboutToExpireIsRenewedBeforeUse() {
        TokenKeeper keeper =
                new TokenKeeper("alice", api, CLOCK, "old", NOW.plusSeconds(10).toEpochMilli());
        assertThat(keeper.token(false)).isEqualTo("fresh-1");
        assertThat(keeper.expiresAt()).isEqualTo(NOW.plusSeconds(900).toEpochMilli());
    }

    @Test
    void renewalFailureKeepsTheOldTokenUnlessItIsRefused() {
        status = 503;
        TokenKeeper keeper =
                new TokenKeeper("alice", api, CLOCK, "old", NOW.plusSeconds(10).toEpochMilli());
        assertThat(keeper.token(false)).isEqualTo("old");
        status = 401;
        assertThatThrownBy(() -> keeper.token(false)).isInstanceOf(SessionExpiredException.class);
        assertThatThrownBy(() -> keeper.token(true)).isInstanceOf(SessionExpiredException.class);
    }
}
