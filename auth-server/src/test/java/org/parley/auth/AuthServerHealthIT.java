package org.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.db.Database;
import org.parley.model.PreloginRequest;
import org.parley.testing.Wait;

/**
 * Health and error behaviour while the database goes away and comes back under a running server.
 */
class AuthServerHealthIT {

    @RegisterExtension static final RunningAuthServer auth = RunningAuthServer.withDefaults();

    static Database database;
    static ApiClient api;

    @BeforeAll
    static void start() {
        database = auth.database();
        api = auth.api();
    }

    @Test
    void healthFollowsTheDatabaseDownAndUpWithoutRestartingTheServer() {
        assertThat(api.get("/api/v1/health", null).status()).isEqualTo(200);

        database.stopEmbeddedServer();
        ApiClient.Reply down = pollHealth(reply -> reply.status() == 503, Duration.ofSeconds(30));
        assertThat(down.error()).isEqualTo("unavailable");
        ApiClient.Reply prelogin = api.post("/api/v1/prelogin", new PreloginRequest("alice"));
        assertThat(prelogin.status()).isEqualTo(503);
        assertThat(prelogin.error()).isEqualTo("unavailable");

        database.startEmbeddedServer();
        ApiClient.Reply up = pollHealth(reply -> reply.status() == 200, Duration.ofSeconds(60));
        assertThat(up.json().get("status").getAsString()).isEqualTo("ok");
        assertThat(api.post("/api/v1/prelogin", new PreloginRequest("alice")).status())
                .isEqualTo(200);
    }

    private static ApiClient.Reply pollHealth(Predicate<ApiClient.Reply> until, Duration timeout) {
        return Wait.until(
                timeout,
                "the health answer to change",
                () -> api.get("/api/v1/health", null),
                until);
    }
}
