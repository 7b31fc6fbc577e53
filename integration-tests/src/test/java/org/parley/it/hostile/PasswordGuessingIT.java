package org.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.Session;
import org.parley.client.SessionListener;
import org.parley.client.exceptions.ThrottledException;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.testing.MutableClock;
import org.parley.testing.Wait;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.TestAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A password-guessing run against the real auth server of a real stack, with the default limits (5
 * failures per username, 20 per client address, in 15 minutes; past the username's limit a delay of
 * 15 s, doubling per failure, at most 2 minutes, decision 0014). The stack runs on a clock the test
 * can move forward, so waiting out a delay needs no real wait.
 *
 * <p>Asserted: guesses for carol end in 429 with a Retry-After; further guesses are refused before
 * any bcrypt work (cheap for the server); carol's own client-core login with the right password
 * from a device without a device cookie is refused with a {@code ThrottledException} carrying the
 * wait while the delay lasts, and succeeds (login, keys unwrapped, broker connected) once it has
 * passed; a guessing run spread over many usernames from one address is stopped by the address
 * limit. That the owner's known device is not delayed at all is {@code AccountAbuseIT}'s.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PasswordGuessingIT {
    private static final Logger log = LoggerFactory.getLogger(PasswordGuessingIT.class);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir static Path tmp;

    /**
     * The system clock plus an offset the test moves forward; read by every server of the stack.
     */
    static final MutableClock CLOCK = MutableClock.ticking();

    @RegisterExtension static final LocalStack stack = LocalStack.perClass(CLOCK);
    @Account static TestAccount carol;

    @Test
    void guessingIsThrottledAndTheRealPasswordWorksAgainAfterTheWindow() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(guess("carol").statusCode()).as("guess %d", i + 1).isEqualTo(401);
        }
        HttpResponse<String> throttled = guess("carol");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(
                        JsonParser.parseString(throttled.body())
                                .getAsJsonObject()
                                .get("error")
                                .getAsString())
                .isEqualTo("throttled");
        long retryAfter =
                Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, Duration.ofMinutes(2).toSeconds());

        long t0 = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            assertThat(guess("carol").statusCode()).isEqualTo(429);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        log.info(
                "50 throttled guesses answered in {} ms (no bcrypt); Retry-After {} s",
                millis,
                retryAfter);
        // One bcrypt at cost 12 takes a few hundred ms here: 50 of them could not fit in this.
        assertThat(millis).as("throttled guesses cost no bcrypt work").isLessThan(5_000);

        // The real carol, with the right password, on a device the server has not seen, is told to
        // wait.
        Throwable refused = login(tmp.resolve("carol-1"));
        assertThat(refused).isInstanceOf(ThrottledException.class);
        assertThat(((ThrottledException) refused).retryAfter())
                .isPositive()
                .isLessThanOrEqualTo(Duration.ofSeconds(retryAfter + 1));

        // After the delay the right password works again.
        CLOCK.advance(Duration.ofSeconds(retryAfter + 1));
        ParleyClient client =
                new ParleyClient(ClientConfig.builder(tmp.resolve("carol-2")).build());
        Session session =
                client.login(
                                stack.authUri(),
                                "carol",
                                carol.password(),
                                null,
                                new SessionListener() {})
                        .get(Wait.LONG.toSeconds(), TimeUnit.SECONDS);
        try {
            assertThat(session.connectedBroker()).isPresent();
        } finally {
            session.close();
        }

        // A run spread over many usernames from this address hits the address limit (20).
        int refusedAt = -1;
        for (int i = 0; i < 25 && refusedAt < 0; i++) {
            if (guess("victim-" + i).statusCode() == 429) {
                refusedAt = i;
            }
        }
        log.info("Guessing across usernames was refused at attempt {}", refusedAt + 1);
        assertThat(refusedAt).as("the address limit stops a run across usernames").isBetween(0, 20);
    }

    private static HttpResponse<String> guess(String username) throws Exception {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return HTTP.send(
                HttpRequest.newBuilder(stack.authUri().resolve("/api/v1/login"))
                        .header("Content-Type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"username\":\""
                                                + username
                                                + "\",\"authKey\":\""
                                                + Base64.getEncoder().encodeToString(key)
                                                + "\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * carol's client-core login with the right password; returns why it failed (null if it did
     * not).
     */
    private static Throwable login(Path profiles) throws Exception {
        ParleyClient client = new ParleyClient(ClientConfig.builder(profiles).build());
        try {
            client.login(stack.authUri(), "carol", carol.password(), null, new SessionListener() {})
                    .get(Wait.LONG.toSeconds(), TimeUnit.SECONDS)
                    .close();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }
}
