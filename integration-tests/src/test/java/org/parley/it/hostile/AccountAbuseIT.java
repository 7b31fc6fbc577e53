package org.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import jakarta.jms.JMSSecurityException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.Session;
import org.parley.client.SessionListener;
import org.parley.client.exceptions.ThrottledException;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.client.store.ClientProperties;
import org.parley.client.store.DeviceCookieFile;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.KeyWrapper;
import org.parley.crypto.SignupProof;
import org.parley.model.Json;
import org.parley.model.KdfParams;
import org.parley.model.LoginRequest;
import org.parley.model.SignupChallengeResponse;
import org.parley.model.SignupRequest;
import org.parley.testing.MutableClock;
import org.parley.testing.Wait;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.ConnectionsOnEveryNode;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.TestAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hostile accounts against the auth server and the brokers of a real stack (issue 22): attack 5
 * (anyone could lock an owner out with wrong guesses), signup with another account's public keys,
 * and a token that stayed valid after logout. Raw HTTP over real sockets for the auth attacks, a
 * raw JMS (core protocol) client holding the logged-out token for the brokers. The stack runs on a
 * clock the test can move, so waiting out a delay takes no real time.
 *
 * <p>"Another source" is another loopback address (127.0.0.2): the auth server trusts no forwarding
 * header, so that is what a client elsewhere looks like to it.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class AccountAbuseIT {
    private static final Logger log = LoggerFactory.getLogger(AccountAbuseIT.class);

    /** The stated longest wait for an owner on a new device (throttle.max-user-delay's default). */
    private static final Duration MAX_ACCOUNT_DELAY = Duration.ofMinutes(2);

    @TempDir static Path tmp;

    static final MutableClock CLOCK = MutableClock.ticking();
    @RegisterExtension static final LocalStack stack = LocalStack.perClass(CLOCK);
    static URI auth;
    @Account static TestAccount carol;
    @Account static TestAccount dave;
    @Account static TestAccount mallory;

    @BeforeAll
    static void readAuthUri() {
        auth = stack.authUri();
    }

    // ---- attack 5: lockout --------------------------------------------------------------------

    @Test
    void wrongGuessesFromAnotherSourceNeverLockTheOwnerOutOfHerKnownDevice() throws Exception {
        Path laptop = tmp.resolve("carol-laptop");
        login(laptop, carol)
                .close(); // her device's first login: the server hands it a device cookie

        HttpProbe elsewhere = new HttpProbe(auth, 15_000, InetAddress.getByName("127.0.0.2"));

        // mallory guesses carol's password from another address until she is told to wait.
        for (int i = 0; i < 5; i++) {
            assertThat(elsewhere.send(loginRequest("carol", random(32), null)).status())
                    .as("guess %d", i + 1)
                    .isEqualTo(401);
        }
        HttpProbe.Reply slowed = elsewhere.send(loginRequest("carol", random(32), null));
        assertThat(slowed.status()).isEqualTo(429);
        assertThat(json(slowed).get("error").getAsString()).isEqualTo("throttled");

        // carol's correct login from her known device goes through at once (the issue: 429 for 855
        // s).
        assertThat(loginFailure(laptop, carol)).as("carol's login from her known device").isNull();

        // mallory keeps guessing, each time waiting out the delay she is told: 12 wrong guesses in
        // all.
        List<Long> waits = new ArrayList<>(List.of(Long.parseLong(slowed.header("Retry-After"))));
        CLOCK.advance(Duration.ofSeconds(waits.get(0)));
        int wrong = 5;
        long t0 = System.nanoTime();
        for (int attempt = 0; attempt < 60 && wrong < 12; attempt++) {
            HttpProbe.Reply r = elsewhere.send(loginRequest("carol", random(32), null));
            if (r.status() == 401) {
                wrong++;
            } else {
                assertThat(r.status()).as("guess %d: %s", attempt, r.bodyText()).isEqualTo(429);
                long wait = Long.parseLong(r.header("Retry-After"));
                waits.add(wait);
                CLOCK.advance(Duration.ofSeconds(wait));
            }
        }
        log.info(
                "mallory: {} wrong guesses for carol, told to wait {} s in turn ({} ms)",
                wrong,
                waits,
                (System.nanoTime() - t0) / 1_000_000);
        assertThat(wrong).isEqualTo(12);
        assertThat(waits).as("a delay after the 5th guess and after each one since").hasSize(7);
        assertThat(waits)
                .isSorted()
                .allSatisfy(w -> assertThat(w).isBetween(1L, MAX_ACCOUNT_DELAY.toSeconds()));
        assertThat(waits.get(waits.size() - 1))
                .as("mallory ends at the longest delay")
                .isEqualTo(MAX_ACCOUNT_DELAY.toSeconds());

        // mallory stays slowed, also when she presents a valid device cookie of her own account.
        String mallorysOwnCookie = login(mallory, elsewhere).get("deviceCookie").getAsString();
        HttpProbe.Reply again = elsewhere.send(loginRequest("carol", random(32), null));
        assertThat(again.status()).isEqualTo(429);
        assertThat(Long.parseLong(again.header("Retry-After")))
                .isGreaterThan(MAX_ACCOUNT_DELAY.toSeconds() / 2);
        assertThat(elsewhere.send(loginRequest("carol", random(32), mallorysOwnCookie)).status())
                .isEqualTo(429);

        // Still at once from her known device, with the whole delay ahead of everyone else.
        long t1 = System.nanoTime();
        try (Session s = login(laptop, carol)) {
            assertThat(s.connectedBroker()).isPresent();
        }
        log.info(
                "carol's login from her known device took {} ms while mallory is delayed",
                (System.nanoTime() - t1) / 1_000_000);
        assertThat(
                        new DeviceCookieFile(
                                        ClientProperties.profileDirectory(laptop, auth, "carol"))
                                .read())
                .isPresent();

        // On a new device she is slowed, never for longer than the stated delay, then gets in.
        Throwable newDevice = loginFailure(tmp.resolve("carol-new-phone"), carol);
        assertThat(newDevice).isInstanceOf(ThrottledException.class);
        Duration wait = ((ThrottledException) newDevice).retryAfter();
        assertThat(wait).isPositive().isLessThanOrEqualTo(MAX_ACCOUNT_DELAY);
        CLOCK.advance(wait.plusSeconds(1));
        login(tmp.resolve("carol-new-phone"), carol).close();
    }

    // ---- signup without proof of possession --------------------------------------------------

    @Test
    void aSignupWithAnotherAccountsPublicKeysIsRefusedAndCreatesNothing() throws Exception {
        HttpProbe probe = new HttpProbe(auth, 15_000);
        IdentityKeyPair own = IdentityKeyPair.generate(TestAccount.RANDOM);
        byte[] salt = random(16);
        SignupRequest withCarolsKeys =
                new SignupRequest(
                        "impostor",
                        salt,
                        KdfParams.DEFAULT,
                        random(32),
                        carol.publicKeys(),
                        KeyWrapper.wrap(own, random(32), "impostor", salt, KdfParams.DEFAULT));

        // Proofs made with the impostor's own private keys over a real challenge: refused.
        SignupChallengeResponse challenge = TestAccount.api(auth).signupChallenge("impostor");
        SignupProof.Proofs proofs =
                SignupProof.prove(
                        own, "impostor", challenge.challenge(), challenge.serverAgreementKey());
        assertRefused(
                probe,
                withCarolsKeys.withProof(
                        challenge.challenge(), proofs.signature(), proofs.agreementProof()),
                "invalid_signup_proof");
        // Her own identity key with carol's agreement key: the agreement proof fails.
        SignupRequest mixed =
                new SignupRequest(
                        "impostor",
                        salt,
                        KdfParams.DEFAULT,
                        random(32),
                        new org.parley.model.PublicKeys(
                                own.signingPublic(), carol.publicKeys().agreement()),
                        withCarolsKeys.wrappedKeys());
        assertRefused(
                probe,
                mixed.withProof(challenge.challenge(), proofs.signature(), proofs.agreementProof()),
                "invalid_signup_proof");
        // No proofs at all, a challenge for another name, garbage: refused too.
        assertRefused(probe, withCarolsKeys, "invalid_request");
        SignupChallengeResponse forDave = TestAccount.api(auth).signupChallenge("impostor2");
        assertRefused(
                probe,
                withCarolsKeys.withProof(
                        forDave.challenge(), proofs.signature(), proofs.agreementProof()),
                "invalid_signup_proof");
        assertRefused(
                probe,
                withCarolsKeys.withProof(random(56), random(64), random(32)),
                "invalid_signup_proof");
        for (String body :
                List.of(
                        "{}",
                        "{\"username\":7}",
                        "{\"username\":\"admin\"}",
                        "{\"username\":\"a b\"}",
                        "[")) {
            HttpProbe.Reply r = probe.send(post("/api/v1/signup/challenge", body, null));
            assertThat(r.status()).as(body).isBetween(400, 499);
            assertThat(json(r).has("error")).isTrue();
        }

        // Nothing was created: the name is free, carol's keys are carol's alone.
        assertThat(keysOf("impostor").status()).isEqualTo(404);
        assertThat(json(keysOf("carol")).getAsJsonObject("publicKeys").get("signing").getAsString())
                .isEqualTo(Base64.getEncoder().encodeToString(carol.publicKeys().signing()));
        // The same signup with real proofs of its own keys works (so the refusals above were about
        // the proofs).
        SignupRequest honest =
                new SignupRequest(
                        "impostor",
                        salt,
                        KdfParams.DEFAULT,
                        random(32),
                        own.publicKeys(),
                        withCarolsKeys.wrappedKeys());
        HttpProbe.Reply created =
                probe.send(
                        post(
                                "/api/v1/signup",
                                Json.write(TestAccount.proven(auth, honest, own)),
                                null));
        assertThat(created.status()).as(created.bodyText()).isEqualTo(201);
    }

    private static void assertRefused(HttpProbe probe, SignupRequest request, String error)
            throws Exception {
        HttpProbe.Reply r = probe.send(post("/api/v1/signup", Json.write(request), null));
        assertThat(r.status()).as(r.bodyText()).isEqualTo(400);
        assertThat(json(r).get("error").getAsString()).isEqualTo(error);
    }

    // ---- logout --------------------------------------------------------------------------------

    @Test
    void logoutRevokesTheSessionsTokensAtTheAuthServerAndEveryBrokerButNotOtherSessions()
            throws Exception {
        HttpProbe probe = new HttpProbe(auth, 15_000);
        String first = dave.token(auth);
        // The session refreshes its token before it logs out: both tokens belong to the one
        // session.
        HttpProbe.Reply refreshed = probe.send(post("/api/v1/token/refresh", "{}", first));
        assertThat(refreshed.status()).isEqualTo(200);
        String current = json(refreshed).get("token").getAsString();
        String otherProfile = dave.token(auth); // dave logged in elsewhere too

        try (ConnectionsOnEveryNode held = ConnectionsOnEveryNode.open(stack, "dave", current);
                RawJms other = RawJms.connect(stack.url(1), "dave", otherProfile)) {
            assertThat(held.consumeInbox()).isNotNull();

            // Bad logouts change nothing.
            for (String bad :
                    new String[] {
                        null,
                        "",
                        "not-a-token",
                        otherProfile.substring(0, otherProfile.length() - 4) + "AAAA"
                    }) {
                HttpProbe.Reply r = probe.send(post("/api/v1/logout", "{}", bad));
                assertThat(r.status()).as("logout with %s", bad).isEqualTo(401);
                assertThat(json(r).get("error").getAsString()).isEqualTo("invalid_token");
            }
            assertThat(held.cutOff).isEmpty();

            long t0 = System.nanoTime();
            HttpProbe.Reply out = probe.send(post("/api/v1/logout", "{}", current));
            assertThat(out.status()).as(out.bodyText()).isEqualTo(200);
            assertThat(json(out).get("brokersApplied").getAsInt()).isEqualTo(LocalStack.NODES);
            Wait.until("both nodes to close the logged-out connections", held::allCutOff);
            log.info(
                    "logout answered and both nodes closed the session's connections in {} ms",
                    (System.nanoTime() - t0) / 1_000_000);

            for (String token : List.of(first, current)) {
                HttpProbe.Reply refresh = probe.send(post("/api/v1/token/refresh", "{}", token));
                assertThat(refresh.status()).isEqualTo(401);
                assertThat(json(refresh).get("error").getAsString()).isEqualTo("invalid_token");
                assertThat(ConnectionsOnEveryNode.refusals(stack, "dave", token))
                        .as("new connections with a logged-out token, by node")
                        .hasSize(LocalStack.NODES)
                        .hasOnlyElementsOfType(JMSSecurityException.class);
            }
            HttpProbe.Reply twice = probe.send(post("/api/v1/logout", "{}", current));
            assertThat(twice.status()).isEqualTo(401);

            // dave's other session is untouched: its connection works and its token refreshes.
            other.send("parley.inbox.carol", "still here".getBytes(StandardCharsets.UTF_8), null);
            assertThat(probe.send(post("/api/v1/token/refresh", "{}", otherProfile)).status())
                    .isEqualTo(200);
            RawJms.connect(stack.url(0), "dave", otherProfile).close();
        }
        Wait.until(
                "the test message to be in carol's inbox",
                () -> stack.inboxCount(0, "carol") + stack.inboxCount(1, "carol") >= 1);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static Session login(Path profiles, TestAccount account) throws Exception {
        ParleyClient client = new ParleyClient(ClientConfig.builder(profiles).build());
        return client.login(
                        auth,
                        account.username(),
                        account.password(),
                        null,
                        new SessionListener() {})
                .get(Wait.LONG.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable loginFailure(Path profiles, TestAccount account) throws Exception {
        try {
            login(profiles, account).close();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** A raw login with the account's auth key from {@code probe}'s address; the JSON answer. */
    private static JsonObject login(TestAccount account, HttpProbe probe) throws Exception {
        HttpProbe.Reply r = probe.send(loginRequest(account.username(), account.authKey(), null));
        assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
        return json(r);
    }

    private static byte[] loginRequest(String username, byte[] authKey, String deviceCookie) {
        return post(
                "/api/v1/login",
                Json.write(new LoginRequest(username, authKey, deviceCookie)),
                null);
    }

    private static byte[] post(String path, String json, String bearer) {
        Map<String, String> headers =
                bearer == null
                        ? Map.of("Content-Type", "application/json")
                        : Map.of(
                                "Content-Type",
                                "application/json",
                                "Authorization",
                                "Bearer " + bearer);
        return AuthApiFuzzIT.plain(
                "POST",
                path,
                auth.getHost() + ":" + auth.getPort(),
                headers,
                json.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpProbe.Reply keysOf(String user) throws Exception {
        return new HttpProbe(auth, 15_000)
                .send(
                        AuthApiFuzzIT.plain(
                                "GET",
                                "/api/v1/users/" + user + "/keys",
                                auth.getHost() + ":" + auth.getPort(),
                                Map.of("Authorization", "Bearer " + mallory.token(auth)),
                                new byte[0]));
    }

    private static JsonObject json(HttpProbe.Reply r) {
        return JsonParser.parseString(r.bodyText()).getAsJsonObject();
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        TestAccount.RANDOM.nextBytes(b);
        return b;
    }
}
