package org.parley.it.hostile;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.KeyWrapper;
import org.parley.crypto.PasswordKdf;
import org.parley.model.Json;
import org.parley.model.KdfParams;
import org.parley.model.PreloginResponse;
import org.parley.model.PublicKeys;
import org.parley.model.SignupRequest;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.TestAccount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Generated hostile requests against every route of the auth API ({@code /api/v1}: prelogin,
 * signup, login, token refresh, key lookup, health) of a real auth server over real HTTP, sent byte
 * for byte over raw sockets so they can be as broken as wanted: JSON with fields replaced by every
 * wrong type, huge, bad base64 or odd Unicode; byte-level damage with invalid UTF-8; broken HTTP
 * (lying or conflicting lengths, bad chunking, bad request lines and versions, huge or malformed
 * headers); wrong methods, content types, paths and tokens.
 *
 * <p>Asserted for every request: an answer within the timeout (for well-formed HTTP; broken HTTP
 * may also be closed without one), never a 5xx, and every error a JSON object with an {@code error}
 * code. Afterwards the server still works (health, prelogin, a new signup through bcrypt, a key
 * lookup) and the seeded account is unchanged. Seeded: the seed is printed, and {@code
 * -Dparley.fuzz.seed=N} replays a run.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AuthApiFuzzIT {
    private static final Logger log = LoggerFactory.getLogger(AuthApiFuzzIT.class);

    /** Requests per route; six routes. */
    static final int PER_ROUTE = Integer.getInteger("parley.fuzz.auth.perRoute", 1700);

    enum Route {
        PRELOGIN,
        SIGNUP,
        LOGIN,
        REFRESH,
        KEYS,
        HEALTH
    }

    @RegisterExtension static final LocalStack stack = LocalStack.perClass();
    @Account static TestAccount alice;
    static String alicesToken;
    static String signupTemplate;
    static String loginTemplate;

    @BeforeAll
    static void buildTemplates() {
        alicesToken = alice.token(stack.authUri());
        SecureRandom random = new SecureRandom();
        byte[] wrapped = new byte[KeyWrapper.BLOB_BYTES];
        random.nextBytes(wrapped);
        wrapped[0] = KeyWrapper.FORMAT_V1;
        byte[] salt = new byte[PasswordKdf.SALT_BYTES];
        random.nextBytes(salt);
        byte[] authKey = new byte[32];
        random.nextBytes(authKey);
        // With real proofs of possession, so mutations reach the checks behind them.
        IdentityKeyPair fuzzed = IdentityKeyPair.generate(random);
        signupTemplate =
                Json.write(
                        TestAccount.proven(
                                stack.authUri(),
                                new SignupRequest(
                                        "fuzzed",
                                        salt,
                                        KdfParams.DEFAULT,
                                        authKey,
                                        fuzzed.publicKeys(),
                                        wrapped),
                                fuzzed));
        // A wrong key: the few mutations that keep it well-formed fail, so the throttle soon
        // answers
        // them without bcrypt work (a right key would make each of them a full login).
        loginTemplate =
                "{\"username\":\"alice\",\"authKey\":\""
                        + Base64.getEncoder().encodeToString(authKey)
                        + "\"}";
    }

    @Test
    void thousandsOfMalformedRequestsToEveryRouteGetAJsonClientErrorAndBreakNothing()
            throws Exception {
        long seed = Fuzz.seed(AuthApiFuzzIT.class);
        Random r = new Random(seed);
        HttpProbe probe = new HttpProbe(stack.authUri(), 15_000);
        PublicKeys alicesKeysBefore =
                TestAccount.api(stack.authUri()).userKeys(alicesToken, "alice").publicKeys();
        PreloginResponse preloginBefore = TestAccount.api(stack.authUri()).prelogin("alice");

        Map<String, Integer> statuses = new TreeMap<>();
        Map<Route, Long> nanosPerRoute = new java.util.EnumMap<>(Route.class);
        List<String> failures = new ArrayList<>();
        int sent = 0;
        int closedWithoutAnswer = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < PER_ROUTE; i++) {
            for (Route route : Route.values()) {
                boolean brokenHttp = r.nextInt(5) == 0;
                byte[] request =
                        brokenHttp
                                ? brokenHttp(r, route, probe.hostHeader())
                                : hostileRequest(r, route, probe.hostHeader());
                long start = System.nanoTime();
                HttpProbe.Reply reply = probe.send(request);
                nanosPerRoute.merge(route, System.nanoTime() - start, Long::sum);
                sent++;
                String key = route + " " + (reply.status() == 0 ? "closed" : reply.status());
                statuses.merge(key, 1, Integer::sum);
                String problem =
                        problemWith(
                                reply,
                                brokenHttp,
                                new String(request, 0, Math.min(5, request.length), ISO_8859_1)
                                        .startsWith("HEAD "));
                if (reply.status() == 0) {
                    closedWithoutAnswer++;
                }
                if (problem != null && failures.size() < 20) {
                    failures.add(
                            "#"
                                    + sent
                                    + " "
                                    + route
                                    + (brokenHttp ? " (broken HTTP)" : "")
                                    + ": "
                                    + problem
                                    + "\n  request: "
                                    + excerpt(request)
                                    + "\n  reply: "
                                    + reply.status()
                                    + " "
                                    + reply.headers()
                                    + " "
                                    + excerpt(reply.body()));
                }
            }
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        log.info(
                "Sent {} hostile requests in {} ms ({} closed without an answer); statuses {}; ms per route {}",
                sent,
                millis,
                closedWithoutAnswer,
                statuses,
                nanosPerRoute.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue() / 1_000_000)
                        .toList());
        assertThat(failures).as(Fuzz.seedMessage(seed) + "; statuses " + statuses).isEmpty();
        assertThat(sent).isEqualTo(PER_ROUTE * Route.values().length); // 10,200 by default

        // Still fully working, and the seeded account is as it was.
        HttpProbe.Reply health =
                probe.send(
                        plain("GET", "/api/v1/health", probe.hostHeader(), Map.of(), new byte[0]));
        assertThat(health.status()).isEqualTo(200);
        assertThat(TestAccount.api(stack.authUri()).userKeys(alicesToken, "alice").publicKeys())
                .isEqualTo(alicesKeysBefore);
        PreloginResponse preloginAfter = TestAccount.api(stack.authUri()).prelogin("alice");
        assertThat(preloginAfter.salt()).isEqualTo(preloginBefore.salt());
        TestAccount carol = TestAccount.create(stack.authUri(), "carol");
        assertThat(TestAccount.api(stack.authUri()).userKeys(alicesToken, "carol").publicKeys())
                .isEqualTo(carol.publicKeys());
    }

    /** Null when the reply is acceptable, else what is wrong with it. */
    private static String problemWith(HttpProbe.Reply reply, boolean brokenHttp, boolean head) {
        if (reply.timedOut()) {
            return "no complete answer within the timeout";
        }
        if (reply.status() == 0) {
            return brokenHttp ? null : "closed without an HTTP answer";
        }
        if (reply.status() >= 500) {
            return "server error " + reply.status();
        }
        if (reply.status() >= 400) {
            String type = reply.header("content-type");
            if (type == null || !type.startsWith("application/json")) {
                return "error without a JSON content type: " + type;
            }
            if (head) {
                return null; // a HEAD answer has no body
            }
            try {
                JsonElement body = JsonParser.parseString(reply.bodyText());
                if (!body.isJsonObject() || !body.getAsJsonObject().has("error")) {
                    return "error body without an error code";
                }
                if (reply.bodyText().contains("\tat ") || reply.bodyText().contains("Exception")) {
                    return "error body shows internals";
                }
            } catch (RuntimeException e) {
                return "error body is not JSON";
            }
        }
        return null;
    }

    // ---- generators ----------------------------------------------------------------------------

    private static byte[] hostileRequest(Random r, Route route, String host) {
        return switch (route) {
            case PRELOGIN -> jsonPost(r, "/api/v1/prelogin", "{\"username\":\"alice\"}", host);
            case SIGNUP -> jsonPost(r, "/api/v1/signup", signupTemplate, host);
            case LOGIN -> jsonPost(r, "/api/v1/login", loginTemplate, host);
            case REFRESH ->
                    plain(
                            "POST",
                            "/api/v1/token/refresh",
                            host,
                            Map.of("Authorization", hostileAuthorization(r)),
                            r.nextInt(4) == 0 ? hostileBody(r, "{}") : new byte[0]);
            case KEYS ->
                    plain(
                            r.nextInt(10) == 0 ? "POST" : "GET",
                            "/api/v1/users/" + hostileName(r) + "/keys",
                            host,
                            Map.of(
                                    "Authorization",
                                    r.nextBoolean()
                                            ? "Bearer " + alicesToken
                                            : hostileAuthorization(r)),
                            new byte[0]);
            case HEALTH ->
                    plain(
                            new String[] {
                                        "GET", "HEAD", "OPTIONS", "TRACE", "DELETE", "PUT", "PATCH",
                                        "POST"
                                    }
                                    [r.nextInt(8)],
                            "/api/v1/health"
                                    + (r.nextBoolean()
                                            ? "?"
                                                    + Fuzz.randomText(r, r.nextInt(40))
                                                            .replace(' ', '+')
                                                            .replace('#', '~')
                                            : ""),
                            host,
                            Map.of(),
                            r.nextBoolean() ? hostileBody(r, "{}") : new byte[0]);
        };
    }

    private static byte[] jsonPost(Random r, String path, String template, String host) {
        String contentType =
                switch (r.nextInt(12)) {
                    case 0 -> "text/plain";
                    case 1 -> "application/x-www-form-urlencoded";
                    case 2 -> "application/json; charset=latin1";
                    case 3 -> "";
                    default -> "application/json";
                };
        String method =
                r.nextInt(15) == 0
                        ? new String[] {"GET", "PUT", "DELETE", "PATCH", "post"}[r.nextInt(5)]
                        : "POST";
        return plain(
                method,
                path,
                host,
                contentType.isEmpty() ? Map.of() : Map.of("Content-Type", contentType),
                hostileBody(r, template));
    }

    /** A body built from a valid one: field-level, byte-level, or wholly unrelated damage. */
    private static byte[] hostileBody(Random r, String template) {
        int pick = r.nextInt(100);
        if (pick < 45) {
            return Fuzz.utf8(Fuzz.mutateJson(r, template));
        }
        if (pick < 80) {
            return Fuzz.mutateBytes(r, Fuzz.utf8(template));
        }
        if (pick < 85) {
            return Fuzz.randomBytes(r, r.nextInt(2000));
        }
        if (pick < 88) {
            return Fuzz.utf8(Fuzz.deeplyNestedText(300 + r.nextInt(20_000)));
        }
        if (pick < 90) {
            // Over the 64 KiB body limit.
            return Fuzz.utf8(
                    "{\"username\":\"" + Fuzz.repeat('a', 65_536 + r.nextInt(2_000_000)) + "\"}");
        }
        String[] odd = {
            "",
            " ",
            "null",
            "[]",
            "\"alice\"",
            "123",
            "true",
            "{}",
            "{\"username\":\"alice\"} {}",
            "\ufeff" + template,
            "{\"username\":\"alice\",}",
            "{'username':'alice'}"
        };
        return Fuzz.utf8(odd[r.nextInt(odd.length)]);
    }

    private static String hostileAuthorization(Random r) {
        return switch (r.nextInt(9)) {
            case 0 -> "";
            case 1 -> "Basic " + Base64.getEncoder().encodeToString(Fuzz.utf8("alice:secret"));
            case 2 -> "Bearer";
            case 3 ->
                    "Bearer "
                            + new String(Fuzz.randomBytes(r, 1 + r.nextInt(100)), ISO_8859_1)
                                    .replaceAll("[\\r\\n]", "x");
            case 4 -> "Bearer " + Fuzz.repeat('A', 2000 + r.nextInt(10_000));
            case 5 -> "bearer " + alicesToken;
            case 6 -> "Bearer " + alicesToken + "." + alicesToken;
            default ->
                    "Bearer "
                            + new String(
                                            Fuzz.mutateBytes(r, alicesToken.getBytes(ISO_8859_1)),
                                            ISO_8859_1)
                                    .replaceAll("[\\r\\n]", "x");
        };
    }

    private static String hostileName(Random r) {
        String[] names = {
            "%00",
            "%2F",
            "..",
            "%2e%2e",
            "%zz",
            "alice%00",
            "ALICE",
            "a",
            "",
            "%F0%9F%98%80",
            "alice;x=1",
            "alice?x",
            "~alice",
            "parley-service",
            "%C3%28",
            "%ED%A0%80"
        };
        return switch (r.nextInt(4)) {
            case 0 -> names[r.nextInt(names.length)];
            case 1 -> Fuzz.repeat('a', 100 + r.nextInt(10_000));
            case 2 -> java.net.URLEncoder.encode(Fuzz.randomText(r, 1 + r.nextInt(40)), UTF_8);
            default -> "alice";
        };
    }

    /** A well-formed HTTP/1.1 request carrying whatever it is given. */
    static byte[] plain(
            String method, String path, String host, Map<String, String> headers, byte[] body) {
        StringBuilder head =
                new StringBuilder(method)
                        .append(' ')
                        .append(path)
                        .append(" HTTP/1.1\r\n")
                        .append("Host: ")
                        .append(host)
                        .append("\r\n");
        headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n\r\n");
        return concat(head.toString().getBytes(ISO_8859_1), body);
    }

    /** HTTP itself broken: lengths, chunking, request line, version, headers. */
    private static byte[] brokenHttp(Random r, Route route, String host) {
        String path =
                "/api/v1/"
                        + switch (route) {
                            case PRELOGIN -> "prelogin";
                            case SIGNUP -> "signup";
                            case LOGIN -> "login";
                            case REFRESH -> "token/refresh";
                            case KEYS -> "users/alice/keys";
                            case HEALTH -> "health";
                        };
        byte[] body =
                route == Route.SIGNUP
                        ? Fuzz.utf8(signupTemplate)
                        : route == Route.LOGIN
                                ? Fuzz.utf8(loginTemplate)
                                : Fuzz.utf8("{\"username\":\"alice\"}");
        String base =
                "POST "
                        + path
                        + " HTTP/1.1\r\nHost: "
                        + host
                        + "\r\nContent-Type: application/json\r\n";
        String text =
                switch (r.nextInt(22)) {
                    case 0 ->
                            base
                                    + "Content-Length: "
                                    + (body.length + 1 + r.nextInt(1000))
                                    + "\r\n\r\n";
                    case 1 ->
                            base
                                    + "Content-Length: "
                                    + Math.max(0, body.length - 1 - r.nextInt(body.length))
                                    + "\r\n\r\n";
                    case 2 -> base + "Content-Length: -1\r\n\r\n";
                    case 3 -> base + "Content-Length: 12abc\r\n\r\n";
                    case 4 -> base + "Content-Length: 5\r\nContent-Length: 7\r\n\r\n";
                    case 5 ->
                            base
                                    + "Content-Length: "
                                    + body.length
                                    + "\r\nTransfer-Encoding: chunked\r\n\r\n";
                    case 6 -> base + "Transfer-Encoding: chunked\r\n\r\nzz\r\n";
                    case 7 ->
                            base
                                    + "Transfer-Encoding: chunked\r\n\r\n"
                                    + Integer.toHexString(body.length + 50)
                                    + "\r\n";
                    case 8 ->
                            base
                                    + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
                    case 9 -> "POST " + path + " HTTP/9.9\r\nHost: " + host + "\r\n\r\n";
                    case 10 -> "POST " + path + " HTTP/1.0\r\n\r\n";
                    case 11 -> "POST  " + path + "  HTTP/1.1 extra\r\nHost: " + host + "\r\n\r\n";
                    case 12 ->
                            "FOO"
                                    + Fuzz.randomText(r, 5)
                                    + " "
                                    + path
                                    + " HTTP/1.1\r\nHost: "
                                    + host
                                    + "\r\n\r\n";
                    case 13 ->
                            base
                                    + "X-Huge: "
                                    + Fuzz.repeat('x', 20_000 + r.nextInt(100_000))
                                    + "\r\n\r\n";
                    case 14 -> base + "No colon in this header\r\n\r\n";
                    case 15 -> base + "X-Bad: a\u0000b\r\nContent-Length: 0\r\n\r\n";
                    case 16 ->
                            "POST http://evil.example"
                                    + path
                                    + " HTTP/1.1\r\nHost: "
                                    + host
                                    + "\r\nContent-Length: 0\r\n\r\n";
                    case 17 ->
                            "POST "
                                    + path
                                    + "/../../../../etc/passwd HTTP/1.1\r\nHost: "
                                    + host
                                    + "\r\nContent-Length: 0\r\n\r\n";
                    case 18 ->
                            "POST "
                                    + path
                                    + "%zz%00 HTTP/1.1\r\nHost: "
                                    + host
                                    + "\r\nContent-Length: 0\r\n\r\n";
                    case 19 ->
                            base
                                    + "Expect: 100-continue\r\nContent-Length: "
                                    + body.length
                                    + "\r\n\r\n";
                    case 20 -> new String(Fuzz.randomBytes(r, 1 + r.nextInt(300)), ISO_8859_1);
                    default ->
                            base.replace("\r\n", "\n") + "Content-Length: " + body.length + "\n\n";
                };
        byte[] head = text.getBytes(ISO_8859_1);
        return text.endsWith("\r\n\r\n") || text.endsWith("\n\n") ? concat(head, body) : head;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(a.length + b.length);
        out.write(a, 0, a.length);
        out.write(b, 0, b.length);
        return out.toByteArray();
    }

    private static String excerpt(byte[] bytes) {
        String s =
                new String(bytes, 0, Math.min(bytes.length, 300), ISO_8859_1)
                        .replace("\r", "\\r")
                        .replace("\n", "\\n");
        return bytes.length > 300 ? s + "... (" + bytes.length + " bytes)" : s;
    }

    static URI uri() {
        return stack.authUri();
    }
}
