package org.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.parley.testing.SignupRequests.unproven;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mindrot.jbcrypt.BCrypt;
import org.parley.auth.accounts.ServerKeys;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.KeyWrapper;
import org.parley.crypto.PasswordKdf;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.Ed25519;
import org.parley.db.Database;
import org.parley.model.Ids;
import org.parley.model.Json;
import org.parley.model.KdfParams;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.model.PreloginRequest;
import org.parley.model.PreloginResponse;
import org.parley.model.PublicKeys;
import org.parley.model.SignupRequest;
import org.parley.model.TokenResponse;
import org.parley.model.UserKeysResponse;

/** The auth API over real HTTP against a real embedded PostgreSQL, one server for the class. */
class AuthServerIT {

    private static final List<String> BROKERS =
            List.of("tcp://127.0.0.1:61616", "tcp://127.0.0.1:61617");
    private static final String ALICE_PASSWORD = "correct horse battery staple";
    private static final String BOB_PASSWORD = "Tr0ub4dor&3, but longer";

    // Every test comes from 127.0.0.1; the address limit is unit-tested, the user limit here.
    @RegisterExtension
    static final RunningAuthServer auth =
            RunningAuthServer.withSettings(
                    Map.of(
                            "throttle.address-failures",
                            "1000",
                            "brokers",
                            String.join(",", BROKERS)));

    static Database database;
    static ApiClient api;
    static TestDevice.Signup alice;
    static TestDevice.Signup bob;

    @BeforeAll
    static void start() throws Exception {
        database = auth.database();
        api = auth.api();
        alice = TestDevice.signup(api, "alice", ALICE_PASSWORD);
        bob = TestDevice.signup(api, "bob", BOB_PASSWORD);
    }

    // --- accounts and keys -------------------------------------------------------------------

    @Test
    void aNewDeviceWithOnlyUsernameAndPasswordRecoversTheSameKeys() throws Exception {
        TestDevice.Login login = TestDevice.login(api, "alice", ALICE_PASSWORD);

        IdentityKeyPair recovered = login.identity();
        assertThat(recovered.signingPrivate()).isEqualTo(alice.identity().signingPrivate());
        assertThat(recovered.agreementPrivate()).isEqualTo(alice.identity().agreementPrivate());
        LoginResponse response = login.response();
        assertThat(response.username()).isEqualTo("alice");
        assertThat(response.publicKeys()).isEqualTo(alice.identity().publicKeys());
        assertThat(response.salt()).isEqualTo(alice.salt());
        assertThat(response.kdf()).isEqualTo(KdfParams.DEFAULT);
        assertThat(response.brokers()).isEqualTo(BROKERS);
        assertThat(Instant.ofEpochMilli(response.expiresAt()))
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(14)),
                        Instant.now().plus(Duration.ofMinutes(16)));
    }

    @Test
    void theLoginTokenVerifiesWithThePublishedKeyAndLoginIsRecorded() throws Exception {
        LoginResponse response = TestDevice.loginWithKey(api, "bob", bob.keys().authKey());

        byte[] published =
                ServerKeys.readPublicKey(auth.authDir().resolve(ServerKeys.SIGNING_PUBLIC_FILE));
        SessionClaims claims = SessionTokens.verify(published, response.token(), Clock.systemUTC());
        assertThat(claims.sub()).isEqualTo("bob");
        assertThat(claims.exp() - claims.iat()).isEqualTo(Duration.ofMinutes(15).toSeconds());
        assertThat(response.expiresAt()).isEqualTo(claims.exp() * 1000);
        assertThat(queryString("SELECT last_login_at FROM accounts WHERE username = 'bob'"))
                .isNotNull();
    }

    @Test
    void theStoredRowHoldsNoPasswordNoAuthKeyAndNoWrapKey() throws Exception {
        List<byte[]> secrets =
                List.of(
                        ALICE_PASSWORD.getBytes(StandardCharsets.UTF_8),
                        alice.keys().authKey(),
                        alice.keys().authKeyBase64().getBytes(StandardCharsets.US_ASCII),
                        alice.keys().wrapKey(),
                        Base64.getEncoder().encode(alice.keys().wrapKey()),
                        alice.identity().signingPrivate(),
                        alice.identity().agreementPrivate());

        List<byte[]> columns = new ArrayList<>();
        String authHash;
        try (Connection c = database.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet row =
                        st.executeQuery("SELECT * FROM accounts WHERE username = 'alice'")) {
            assertThat(row.next()).isTrue();
            ResultSetMetaData meta = row.getMetaData();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                Object value = row.getObject(i);
                columns.add(
                        value instanceof byte[] bytes
                                ? bytes
                                : String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            }
            authHash = row.getString("auth_hash");
        }

        for (byte[] column : columns) {
            for (byte[] secret : secrets) {
                assertThat(indexOf(column, secret))
                        .as("a secret appears in a stored column")
                        .isEqualTo(-1);
            }
        }
        assertThat(authHash).startsWith("$2a$12$");
        assertThat(BCrypt.checkpw(alice.keys().authKeyBase64(), authHash)).isTrue();
    }

    @Test
    void anotherUsersBlobOrATamperedBlobFailsToUnwrap() throws Exception {
        LoginResponse aliceLogin = TestDevice.loginWithKey(api, "alice", alice.keys().authKey());
        LoginResponse bobLogin = TestDevice.loginWithKey(api, "bob", bob.keys().authKey());

        byte[] tampered = aliceLogin.wrappedKeys().clone();
        tampered[40] ^= 1;
        assertUnwrapFails(tampered, "alice", alice.salt(), aliceLogin.publicKeys())
                .hasMessageContaining("damaged or was not made for this account");
        // A server handing alice bob's blob (with bob's salt, or alice's) cannot get it accepted.
        assertUnwrapFails(bobLogin.wrappedKeys(), "alice", bobLogin.salt(), aliceLogin.publicKeys())
                .hasMessageContaining("damaged or was not made for this account");
        assertUnwrapFails(bobLogin.wrappedKeys(), "alice", alice.salt(), aliceLogin.publicKeys());
        // Even with the right key, alice's blob under bob's name fails (the AAD binds the
        // username).
        assertUnwrapFails(aliceLogin.wrappedKeys(), "bob", alice.salt(), null);
        // And alice's own blob checks against published keys that are not hers.
        assertUnwrapFails(aliceLogin.wrappedKeys(), "alice", alice.salt(), bobLogin.publicKeys())
                .hasMessageContaining("do not match");
    }

    @Test
    void preloginForAnUnknownUserIsDeterministicAndShapedLikeARealOne() {
        ApiClient.Reply real = api.post("/api/v1/prelogin", new PreloginRequest("alice"));
        ApiClient.Reply fake = api.post("/api/v1/prelogin", new PreloginRequest("nobody-here"));
        ApiClient.Reply again = api.post("/api/v1/prelogin", new PreloginRequest("Nobody-Here"));
        ApiClient.Reply other = api.post("/api/v1/prelogin", new PreloginRequest("somebody-else"));

        assertThat(real.status()).isEqualTo(200);
        assertThat(real.as(PreloginResponse.class).salt()).isEqualTo(alice.salt());
        assertThat(fake.status()).isEqualTo(200);
        assertThat(fake.json().keySet()).isEqualTo(real.json().keySet());
        assertThat(fake.json().getAsJsonObject("kdf").keySet())
                .isEqualTo(real.json().getAsJsonObject("kdf").keySet());
        PreloginResponse fakeParams = fake.as(PreloginResponse.class);
        assertThat(fakeParams.salt()).hasSize(16);
        assertThat(fakeParams.kdf()).isEqualTo(KdfParams.DEFAULT);
        assertThat(again.body()).isEqualTo(fake.body());
        assertThat(other.as(PreloginResponse.class).salt()).isNotEqualTo(fakeParams.salt());
    }

    @Test
    void wrongPasswordIsRefusedWithTheSameBodyAsAnUnknownUser() throws Exception {
        ApiClient.Reply prelogin = api.post("/api/v1/prelogin", new PreloginRequest("alice"));
        PreloginResponse params = prelogin.as(PreloginResponse.class);
        byte[] wrongKey =
                PasswordKdf.derive("correct horse battery stapler", params.salt(), params.kdf())
                        .authKey();

        ApiClient.Reply wrong = api.post("/api/v1/login", new LoginRequest("alice", wrongKey));
        ApiClient.Reply unknown =
                api.post("/api/v1/login", new LoginRequest("nobody-here", wrongKey));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.error()).isEqualTo("invalid_credentials");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.body()).isEqualTo(wrong.body());
        assertThat(unknown.headers().map().keySet()).isEqualTo(wrong.headers().map().keySet());
        TestDevice.loginWithKey(api, "alice", alice.keys().authKey());
    }

    @Test
    void aDisabledAccountIsRefusedLikeAWrongPasswordAndItsTokensStopWorking() throws Exception {
        byte[] authKey = TestDevice.random(32);
        TestDevice.cheapSignup(api, "erin", authKey);
        String token = TestDevice.loginWithKey(api, "erin", authKey).token();
        ApiClient.Reply wrongPassword =
                api.post("/api/v1/login", new LoginRequest("erin", TestDevice.random(32)));

        update("UPDATE accounts SET disabled = true WHERE username = 'erin'");

        ApiClient.Reply disabled = api.post("/api/v1/login", new LoginRequest("erin", authKey));
        assertThat(disabled.status()).isEqualTo(401);
        assertThat(disabled.body()).isEqualTo(wrongPassword.body());
        assertThat(api.post("/api/v1/token/refresh", "", "Bearer " + token).error())
                .isEqualTo("invalid_token");
        assertThat(api.get("/api/v1/users/alice/keys", "Bearer " + token).error())
                .isEqualTo("invalid_token");
    }

    @Test
    void tokensIssuedBeforeTheAccountsNotBeforeAreRefused() {
        byte[] authKey = TestDevice.random(32);
        TestDevice.cheapSignup(api, "frank", authKey);
        String token = TestDevice.loginWithKey(api, "frank", authKey).token();
        assertThat(api.post("/api/v1/token/refresh", "", "Bearer " + token).status())
                .isEqualTo(200);

        update(
                "UPDATE accounts SET tokens_not_before = now() + interval '1 minute' WHERE username = 'frank'");

        assertThat(api.post("/api/v1/token/refresh", "", "Bearer " + token).status())
                .isEqualTo(401);
        assertThat(api.get("/api/v1/users/alice/keys", "Bearer " + token).status()).isEqualTo(401);
    }

    @Test
    void aValidTokenRefreshesAndLooksUpPublicKeys() {
        String token = TestDevice.loginWithKey(api, "alice", alice.keys().authKey()).token();

        ApiClient.Reply refreshed = api.post("/api/v1/token/refresh", "", "Bearer " + token);
        assertThat(refreshed.status()).isEqualTo(200);
        TokenResponse fresh = refreshed.as(TokenResponse.class);
        assertThat(fresh.expiresAt()).isGreaterThan(System.currentTimeMillis());
        // A refresh keeps the token id (the login session, which a logout revokes as a whole).
        assertThat(jti(fresh.token())).isEqualTo(jti(token));

        ApiClient.Reply keys = api.get("/api/v1/users/bob/keys", "Bearer " + fresh.token());
        assertThat(keys.status()).isEqualTo(200);
        assertThat(keys.as(UserKeysResponse.class))
                .isEqualTo(new UserKeysResponse("bob", bob.identity().publicKeys()));
        assertThat(
                        api.get("/api/v1/users/BOB/keys", "bearer " + token)
                                .as(UserKeysResponse.class)
                                .username())
                .isEqualTo("bob");
        ApiClient.Reply unknown = api.get("/api/v1/users/nobody-here/keys", "Bearer " + token);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("unknown_user");
    }

    @Test
    void expiredForgedAndMalformedTokensAreRefusedOnRefreshAndKeyLookup() throws Exception {
        byte[] serverKey =
                ServerKeys.loadOrCreate(auth.authDir(), TestDevice.RANDOM).signingPrivateKey();
        long now = Instant.now().getEpochSecond();
        String valid = TestDevice.loginWithKey(api, "alice", alice.keys().authKey()).token();
        String expired =
                SessionTokens.issue(
                        serverKey,
                        new SessionClaims(
                                1, "session", "alice", now - 3600, now - 60, Ids.newId()));
        String forged =
                SessionTokens.issue(
                        Ed25519.generate(TestDevice.RANDOM).privateKey(),
                        SessionClaims.session("alice", Instant.now(), Duration.ofMinutes(15)));
        String ghost =
                SessionTokens.issue(
                        serverKey,
                        SessionClaims.session("ghost", Instant.now(), Duration.ofMinutes(15)));
        String[] parts = valid.split("\\.");
        String swappedPayload =
                Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(
                                        new String(
                                                        Base64.getUrlDecoder().decode(parts[0]),
                                                        StandardCharsets.UTF_8)
                                                .replace("\"alice\"", "\"bob\"")
                                                .getBytes(StandardCharsets.UTF_8))
                        + "."
                        + parts[1];

        List<String> refused =
                new ArrayList<>(
                        List.of(
                                "Bearer " + expired,
                                "Bearer " + forged,
                                "Bearer " + ghost,
                                "Bearer " + swappedPayload,
                                "Bearer " + valid + "x",
                                "Bearer " + parts[0],
                                "Bearer",
                                "Bearer ",
                                "Basic YWxpY2U6cGFzc3dvcmQ=",
                                valid,
                                "Bearer a.b.c",
                                "Bearer " + "A".repeat(3000)));
        refused.add(null);
        List<String> rowsBefore = accountRows();

        for (String authorization : refused) {
            ApiClient.Reply refresh = api.post("/api/v1/token/refresh", "", authorization);
            ApiClient.Reply keys = api.get("/api/v1/users/bob/keys", authorization);
            assertThat(refresh.status()).as("refresh with %s", authorization).isEqualTo(401);
            assertThat(refresh.error()).isEqualTo("invalid_token");
            assertThat(keys.status()).as("keys with %s", authorization).isEqualTo(401);
            assertThat(keys.body()).isEqualTo(refresh.body());
        }
        assertThat(accountRows()).isEqualTo(rowsBefore);
    }

    @Test
    void repeatedWrongPasswordsEndInThrottlingWithRetryAfter() {
        byte[] authKey = TestDevice.random(32);
        TestDevice.cheapSignup(api, "trudy", authKey);

        for (int i = 0; i < 5; i++) {
            assertThat(
                            api.post(
                                            "/api/v1/login",
                                            new LoginRequest("trudy", TestDevice.random(32)))
                                    .status())
                    .isEqualTo(401);
        }
        ApiClient.Reply throttled =
                api.post("/api/v1/login", new LoginRequest("trudy", TestDevice.random(32)));
        ApiClient.Reply evenTheRightKey =
                api.post("/api/v1/login", new LoginRequest("TRUDY", authKey));

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.error()).isEqualTo("throttled");
        assertThat(Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow()))
                .isBetween(1L, 900L);
        assertThat(evenTheRightKey.status()).isEqualTo(429);
        // Other users are not affected.
        TestDevice.loginWithKey(api, "bob", bob.keys().authKey());
    }

    // --- hostile input -----------------------------------------------------------------------

    @Test
    void duplicateSignupIsAConflictAndKeepsTheFirstAccount() {
        List<String> before = accountRows();

        for (String name : List.of("alice", "ALICE", "ａｌｉｃｅ", "Alice")) {
            ApiClient.Reply reply = api.post("/api/v1/signup", signupAs(name));
            assertThat(reply.status()).as(name).isEqualTo(409);
            assertThat(reply.error()).isEqualTo("username_taken");
        }
        assertThat(accountRows()).isEqualTo(before);
        TestDevice.loginWithKey(api, "alice", alice.keys().authKey());
    }

    @Test
    void concurrentSignupsOfOneNameCreateExactlyOneAccount() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<ApiClient.Reply>> replies = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                SignupRequest request =
                        TestDevice.cheapSignupRequest(api, "racer", TestDevice.random(32));
                replies.add(
                        CompletableFuture.supplyAsync(
                                () -> api.post("/api/v1/signup", request), pool));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<ApiClient.Reply> reply : replies) {
                statuses.add(reply.get(60, TimeUnit.SECONDS).status());
            }

            assertThat(statuses).containsOnly(201, 409).filteredOn(s -> s == 201).hasSize(1);
            assertThat(queryString("SELECT count(*) FROM accounts WHERE username = 'racer'"))
                    .isEqualTo("1");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void hostileUsernamesAreRefusedEverywhereAndChangeNothing() {
        String token = TestDevice.loginWithKey(api, "alice", alice.keys().authKey()).token();
        List<String> names =
                List.of(
                        "alice'; drop table accounts;--",
                        "' OR '1'='1",
                        "\u0430lice", // Cyrillic a, looks like alice
                        "\u202Eecila", // right-to-left override
                        "ali\u0000ce", // NUL
                        "alice\u200B", // zero-width space
                        "alice\n",
                        " alice",
                        "alice bob",
                        "al",
                        "a".repeat(33),
                        "x".repeat(10_000),
                        ".alice",
                        "alice.",
                        "al..ice",
                        "alice%00",
                        "ålice",
                        "alice/../bob",
                        "\uD800lice",
                        "");
        List<String> before = accountRows();

        for (String name : names) {
            ApiClient.Reply[] replies = {
                api.post("/api/v1/signup", signupAs(name)),
                api.post("/api/v1/prelogin", new PreloginRequest(name)),
                api.post("/api/v1/login", new LoginRequest(name, TestDevice.random(32))),
            };
            for (ApiClient.Reply reply : replies) {
                assertThat(reply.status()).as("%s -> %s", name, reply).isEqualTo(400);
                assertThat(reply.error()).isIn("invalid_username", "invalid_request");
            }
            ApiClient.Reply keys =
                    api.get("/api/v1/users/" + pathSegment(name) + "/keys", "Bearer " + token);
            assertThat(keys.status()).as("keys of %s -> %s", name, keys).isBetween(400, 499);
        }
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void malformedJsonIsRefusedOnEveryEndpoint() {
        List<String> before = accountRows();
        for (String path : List.of("/api/v1/prelogin", "/api/v1/signup", "/api/v1/login")) {
            for (String body :
                    List.of(
                            "",
                            "{",
                            "not json",
                            "{\"username\": alice}",
                            "{\"username\":\"alice\"} {}",
                            "{'username':'alice'}",
                            "[".repeat(5000))) {
                ApiClient.Reply reply = api.post(path, body);
                assertThat(reply.status()).as("%s %s", path, body).isEqualTo(400);
                assertThat(reply.error()).isEqualTo("malformed_json");
            }
            byte[] notUtf8 = {'{', '"', 'u', '"', ':', '"', (byte) 0xFF, '"', '}'};
            ApiClient.Reply reply =
                    api.send(
                            HttpRequest.newBuilder(api.uri(path))
                                    .POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8))
                                    .build());
            assertThat(reply.error()).isEqualTo("malformed_json");
        }
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void wrongTypesAndMissingFieldsAreInvalidRequests() {
        List<String> before = accountRows();
        String valid =
                Json.write(TestDevice.cheapSignupRequest(api, "carol", TestDevice.random(32)));
        JsonObject template = JsonParser.parseString(valid).getAsJsonObject();
        List<String> bodies =
                new ArrayList<>(
                        List.of(
                                "[]",
                                "null",
                                "42",
                                "\"carol\"",
                                "{}",
                                "{\"username\":{\"name\":\"carol\"}}",
                                "{\"username\":[\"carol\"]}",
                                "{\"username\":null}"));
        for (String field : template.keySet()) {
            JsonObject missing = template.deepCopy();
            missing.remove(field);
            bodies.add(missing.toString());
            for (String wrong : List.of("12", "true", "{}", "[1,2]", "\"!!\"")) {
                JsonObject broken = template.deepCopy();
                broken.add(field, JsonParser.parseString(wrong));
                bodies.add(broken.toString());
            }
        }

        for (String body : bodies) {
            ApiClient.Reply reply = api.post("/api/v1/signup", body);
            assertThat(reply.status()).as(body).isEqualTo(400);
            assertThat(reply.error())
                    .as(body)
                    .isIn("invalid_request", "invalid_username", "weak_kdf");
        }
        for (String body :
                List.of(
                        "{}",
                        "{\"username\":\"alice\"}",
                        "{\"username\":\"alice\",\"authKey\":42}",
                        "{\"username\":\"alice\",\"authKey\":\"AAAA\"}",
                        "{\"username\":42,\"authKey\":[]}")) {
            ApiClient.Reply reply = api.post("/api/v1/login", body);
            assertThat(reply.status()).as(body).isEqualTo(400);
        }
        assertThat(api.post("/api/v1/prelogin", "{\"username\":[]}").error())
                .isEqualTo("invalid_request");
        assertThat(api.post("/api/v1/prelogin", "{}").error()).isEqualTo("invalid_request");
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void weakOrExcessiveKdfParametersAreRefused() {
        List<String> before = accountRows();
        for (KdfParams kdf :
                List.of(
                        new KdfParams(1024, 3, 1),
                        new KdfParams(65536, 1, 1),
                        new KdfParams(65536, 3, 0),
                        new KdfParams(-1, -1, -1),
                        new KdfParams(2 * 1048576, 3, 1),
                        new KdfParams(65536, 3, 64))) {
            SignupRequest r = TestDevice.cheapSignupRequest(api, "carol", TestDevice.random(32));
            assertSignupRefused(unproven(r, f -> f.kdf = kdf), "weak_kdf");
        }
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void signupFieldsOfTheWrongSizeOrWithUnusableKeysAreRefused() {
        List<String> before = accountRows();
        SignupRequest r = TestDevice.cheapSignupRequest(api, "carol", TestDevice.random(32));
        byte[] wrongVersion = r.wrappedKeys().clone();
        wrongVersion[0] = 2;
        PublicKeys keys = r.publicKeys();
        List<SignupRequest> requests =
                List.of(
                        unproven(r, f -> f.salt = TestDevice.random(15)),
                        unproven(r, f -> f.salt = TestDevice.random(17)),
                        unproven(r, f -> f.authKey = TestDevice.random(31)),
                        unproven(r, f -> f.authKey = new byte[0]),
                        unproven(r, f -> f.authKey = TestDevice.random(1000)),
                        unproven(r, f -> f.wrappedKeys = Arrays.copyOf(r.wrappedKeys(), 92)),
                        unproven(r, f -> f.wrappedKeys = Arrays.copyOf(r.wrappedKeys(), 94)),
                        unproven(r, f -> f.wrappedKeys = TestDevice.random(40_000)),
                        unproven(r, f -> f.wrappedKeys = wrongVersion),
                        unproven(
                                r,
                                f -> f.publicKeys = new PublicKeys(keys.signing(), new byte[32])),
                        unproven(
                                r,
                                f -> f.publicKeys = new PublicKeys(new byte[31], keys.agreement())),
                        unproven(r, f -> f.publicKeys = new PublicKeys(keys.signing(), null)));

        for (SignupRequest request : requests) {
            assertSignupRefused(request, "invalid_request");
        }
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void oversizedBodiesAreRefusedWhileReadingWhateverTheyClaim() {
        List<String> before = accountRows();
        byte[] big =
                ("{\"username\":\"" + "a".repeat(70 * 1024) + "\"}")
                        .getBytes(StandardCharsets.UTF_8);

        ApiClient.Reply declared =
                api.send(
                        HttpRequest.newBuilder(api.uri("/api/v1/signup"))
                                .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                                .build());
        ApiClient.Reply chunked =
                api.send(
                        HttpRequest.newBuilder(api.uri("/api/v1/login"))
                                .POST(
                                        HttpRequest.BodyPublishers.ofInputStream(
                                                () -> new ByteArrayInputStream(big)))
                                .build());
        ApiClient.Reply claimsHuge =
                api.raw(rawPost("/api/v1/prelogin", "Content-Length: 100000000\r\n", new byte[10]));
        ApiClient.Reply claimsSmall =
                api.raw(rawPost("/api/v1/prelogin", "Content-Length: 12\r\n", big));
        ApiClient.Reply rawChunked =
                api.raw(rawPost("/api/v1/signup", "Transfer-Encoding: chunked\r\n", chunk(big)));

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.error()).isEqualTo("too_large");
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(claimsHuge.status()).isEqualTo(413);
        assertThat(rawChunked.status()).isEqualTo(413);
        // Only the 12 declared bytes are the body: {"username": is not JSON.
        assertThat(claimsSmall.status()).isEqualTo(400);
        assertThat(accountRows()).isEqualTo(before);
    }

    @Test
    void brokenHttpIsAnsweredWithJsonToo() {
        ApiClient.Reply garbage = api.raw("GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        ApiClient.Reply badLength =
                api.raw(rawPost("/api/v1/login", "Content-Length: banana\r\n", new byte[0]));
        ApiClient.Reply smuggling =
                api.raw(
                        rawPost(
                                "/api/v1/login",
                                "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n",
                                "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        ApiClient.Reply hugeHeader =
                api.raw(
                        ("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: "
                                        + "b".repeat(20_000)
                                        + "\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
        ApiClient.Reply encodedSlash = api.get("/api/v1/users/a%2Fb/keys", null);

        for (ApiClient.Reply reply :
                List.of(garbage, badLength, smuggling, hugeHeader, encodedSlash)) {
            assertThat(reply.status()).as("%s", reply).isBetween(400, 499);
        }
    }

    @Test
    void requestsJettyRefusesItselfSayTheConnectionCloses() {
        // Jetty closes the connection after these; without the header a pooling client reuses it
        // and its next request fails with no response at all.
        for (String path :
                List.of(
                        "/api/v1/users/" + "x".repeat(10_000) + "/keys",
                        "/api/v1/users/alice%00/keys")) {
            ApiClient.Reply reply =
                    api.raw(
                            ("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(reply.status()).as("%s", reply).isBetween(400, 499);
            assertThat(reply.headers().firstValue("Connection")).as("%s", reply).hasValue("close");
        }
    }

    @Test
    void unknownPathsAndWrongMethodsAreJsonErrors() {
        ApiClient.Reply unknown = api.get("/api/v1/nothing-here", null);
        ApiClient.Reply root = api.get("/", null);
        ApiClient.Reply wrongMethod = api.get("/api/v1/login", null);
        ApiClient.Reply delete =
                api.send(HttpRequest.newBuilder(api.uri("/api/v1/signup")).DELETE().build());
        ApiClient.Reply postHealth = api.post("/api/v1/health", "{}");

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("not_found");
        assertThat(root.status()).isEqualTo(404);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.error()).isEqualTo("method_not_allowed");
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("POST");
        assertThat(delete.status()).isEqualTo(405);
        assertThat(postHealth.status()).isEqualTo(405);
        assertThat(postHealth.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    void healthIsOkWhileTheDatabaseIsUp() {
        ApiClient.Reply health = api.get("/api/v1/health", null);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").getAsString()).isEqualTo("ok");
    }

    private static String jti(String token) {
        String payload =
                new String(
                        java.util.Base64.getUrlDecoder()
                                .decode(token.substring(0, token.indexOf('.'))),
                        java.nio.charset.StandardCharsets.UTF_8);
        return com.google.gson.JsonParser.parseString(payload)
                .getAsJsonObject()
                .get("jti")
                .getAsString();
    }

    /** Signing up with {@code request} is a bad request, for {@code error}. */
    private static void assertSignupRefused(SignupRequest request, String error) {
        ApiClient.Reply reply = api.post("/api/v1/signup", request);
        assertThat(reply.status()).as("%s -> %s", request, reply).isEqualTo(400);
        assertThat(reply.error()).as("%s", request).isEqualTo(error);
    }

    /**
     * A signup for {@code name} as given (also names no account may have), with proofs where the
     * server issues a challenge.
     */
    private static SignupRequest signupAs(String name) {
        org.parley.crypto.IdentityKeyPair identity =
                org.parley.crypto.IdentityKeyPair.generate(TestDevice.RANDOM);
        byte[] salt = TestDevice.random(16);
        SignupRequest r =
                new SignupRequest(
                        name,
                        salt,
                        KdfParams.DEFAULT,
                        TestDevice.random(32),
                        identity.publicKeys(),
                        org.parley.crypto.KeyWrapper.wrap(
                                identity,
                                TestDevice.random(32),
                                "placeholder",
                                salt,
                                KdfParams.DEFAULT));
        return TestDevice.prove(api, r, identity);
    }

    @Test
    void anUnknownHttpVersionIsABadRequestWithAJsonBody() {
        for (String version : List.of("HTTP/9.9", "HTTP/2.0", "HTTP/1.7")) {
            ApiClient.Reply reply =
                    api.raw(
                            ("POST /api/v1/prelogin "
                                            + version
                                            + "\r\nHost: localhost\r\n"
                                            + "Content-Length: 0\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            // Jetty answers HTTP/2.0 over cleartext HTTP/1 with 426 Upgrade Required; the others
            // were a 505.
            assertThat(reply.status())
                    .as(version)
                    .isEqualTo(version.equals("HTTP/2.0") ? 426 : 400);
            assertThat(reply.error()).as(version).isNotBlank();
        }
    }

    private static byte[] rawPost(String path, String extraHeaders, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(
                ("POST "
                                + path
                                + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + extraHeaders
                                + "Connection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] chunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < body.length; i += 4096) {
            int n = Math.min(4096, body.length - i);
            out.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body, i, n);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static String pathSegment(String name) {
        StringBuilder out = new StringBuilder();
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '_') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    // --- helpers -----------------------------------------------------------------------------

    /** Every column of every account, in id order, as text: to show a request changed nothing. */
    static List<String> accountRows() {
        List<String> rows = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet row = st.executeQuery("SELECT * FROM accounts ORDER BY id")) {
            int columns = row.getMetaData().getColumnCount();
            while (row.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    Object value = row.getObject(i);
                    line.append(
                                    value instanceof byte[] bytes
                                            ? Base64.getEncoder().encodeToString(bytes)
                                            : value)
                            .append('|');
                }
                rows.add(line.toString());
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
        return rows;
    }

    private static String queryString(String sql) {
        try (Connection c = database.dataSource().getConnection();
                Statement st = c.createStatement();
                ResultSet row = st.executeQuery(sql)) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void update(String sql) {
        try (Connection c = database.dataSource().getConnection();
                Statement st = c.createStatement()) {
            assertThat(st.executeUpdate(sql)).isEqualTo(1);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Unwrapping {@code blob} with alice's wrap key, as her client would, fails. */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertUnwrapFails(
            byte[] blob, String username, byte[] salt, PublicKeys published) {
        return assertThatThrownBy(() -> unwrapWithAlicesKey(blob, username, salt, published))
                .isInstanceOf(CryptoException.class);
    }

    /** Unwraps {@code blob} with alice's wrap key, as her client would. */
    private static void unwrapWithAlicesKey(
            byte[] blob, String username, byte[] salt, PublicKeys published)
            throws CryptoException {
        KeyWrapper.unwrap(
                blob, alice.keys().wrapKey(), username, salt, KdfParams.DEFAULT, published);
    }
}
