package org.parley.testing;

import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.parley.crypto.primitives.X25519;
import org.parley.model.ErrorBody;
import org.parley.model.Json;
import org.parley.model.KdfParams;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.model.PreloginRequest;
import org.parley.model.PreloginResponse;
import org.parley.model.SignupChallengeResponse;
import org.parley.model.SignupRequest;
import org.parley.model.SignupResponse;
import org.parley.model.TokenResponse;
import org.parley.model.UserKeysResponse;

/**
 * An in-memory stand-in for the auth server's HTTP API, enough to drive a client in unit tests (the
 * real server is exercised by auth-server's own tests and the integration tests). It compares auth
 * keys directly instead of bcrypt hashes, does not check signup proofs, and can be made slow
 * ({@link #holdRequests()}) or throttling ({@link #throttleLogins()}).
 */
public final class FakeAuthServer implements AutoCloseable {
    /** Where the no-argument server sends clients: a port nothing listens on. */
    public static final String NO_BROKER = "tcp://127.0.0.1:1";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final HttpServer http;
    private final Map<String, SignupRequest> accounts = new ConcurrentHashMap<>();
    private final Function<String, String> tokens;
    private final List<String> brokers;
    private final CountDownLatch requestSeen = new CountDownLatch(1);
    private volatile @Nullable CountDownLatch gate;
    private volatile boolean throttled;

    /** When set, {@code /prelogin} answers these KDF parameters for every user. */
    public volatile @Nullable KdfParams preloginKdfOverride;

    public volatile long tokenLifetimeMs = 15 * 60_000;

    /** How many token refreshes were answered. */
    public final AtomicInteger refreshes = new AtomicInteger();

    /** The bearer tokens {@code POST /logout} was called with, in order. */
    public final List<String> loggedOut = new CopyOnWriteArrayList<>();

    /** The device cookie each {@code /login} presented (empty string: none), in order. */
    public final List<String> presentedCookies = new CopyOnWriteArrayList<>();

    /** Unsigned tokens naming the user, and one broker nobody listens on. */
    public FakeAuthServer() throws IOException {
        this(FakeAuthServer::unsignedToken, List.of(NO_BROKER));
    }

    /** Tokens from {@code tokenForUser} (brokers check them), and these broker URLs. */
    public FakeAuthServer(Function<String, String> tokenForUser, List<String> brokers)
            throws IOException {
        this.tokens = tokenForUser;
        this.brokers = brokers;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/api/v1/", this::handle);
        http.setExecutor(threads);
        http.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    /** From now on, logins are refused as throttled (429 with Retry-After: 90). */
    public void throttleLogins() {
        throttled = true;
    }

    /**
     * Drops an account, so the name can sign up again with new keys (a key change, as others see
     * it).
     */
    public void forget(String user) {
        accounts.remove(user);
    }

    /** From now on, requests wait (up to a minute) until released. */
    public void holdRequests() {
        gate = new CountDownLatch(1);
    }

    public void releaseRequests() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) {
            g.countDown();
        }
    }

    /** Whether a request has arrived (waits up to {@code seconds}). */
    public boolean awaitRequest(long seconds) throws InterruptedException {
        return requestSeen.await(seconds, TimeUnit.SECONDS);
    }

    private void handle(HttpExchange ex) throws IOException {
        requestSeen.countDown();
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String path = ex.getRequestURI().getPath().substring("/api/v1".length());
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (path.equals("/prelogin")) {
                prelogin(ex, Json.parse(body, PreloginRequest.class).username());
            } else if (path.equals("/signup/challenge")) {
                // The real server binds these to the username and checks the proofs; a fake only
                // answers.
                reply(
                        ex,
                        200,
                        new SignupChallengeResponse(
                                randomBytes(56),
                                X25519.publicKey(randomBytes(32)),
                                System.currentTimeMillis() + 300_000));
            } else if (path.equals("/signup")) {
                SignupRequest req = Json.parse(body, SignupRequest.class);
                if (accounts.putIfAbsent(req.username(), req) != null) {
                    reply(ex, 409, new ErrorBody("username_taken", "That username is taken."));
                } else {
                    reply(ex, 201, new SignupResponse(req.username()));
                }
            } else if (path.equals("/login") && throttled) {
                ex.getResponseHeaders().add("Retry-After", "90");
                reply(ex, 429, new ErrorBody("throttled", "Too many attempts."));
            } else if (path.equals("/login")) {
                login(ex, Json.parse(body, LoginRequest.class));
            } else if (path.equals("/logout")) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                loggedOut.add(auth == null ? "" : auth.substring("Bearer ".length()));
                reply(ex, 200, Map.of("status", "logged_out"));
            } else if (path.equals("/token/refresh")) {
                String user = userOf(ex.getRequestHeaders().getFirst("Authorization"));
                if (user == null) {
                    reply(ex, 401, new ErrorBody("invalid_token", "Log in again."));
                    return;
                }
                refreshes.incrementAndGet();
                reply(
                        ex,
                        200,
                        new TokenResponse(
                                tokens.apply(user), System.currentTimeMillis() + tokenLifetimeMs));
            } else if (path.startsWith("/users/") && path.endsWith("/keys")) {
                String name = path.substring("/users/".length(), path.length() - "/keys".length());
                SignupRequest a = accounts.get(name);
                if (a == null) {
                    reply(ex, 404, new ErrorBody("unknown_user", "No such user."));
                } else {
                    reply(ex, 200, new UserKeysResponse(name, a.publicKeys()));
                }
            } else {
                reply(ex, 404, new ErrorBody("not_found", "No such endpoint."));
            }
        } catch (IllegalArgumentException e) {
            reply(ex, 400, new ErrorBody("malformed_json", "Bad request."));
        }
    }

    private void prelogin(HttpExchange ex, String user) throws IOException {
        SignupRequest a = accounts.get(user);
        // An unknown user gets a stable made-up salt, as from the real server.
        byte[] salt =
                a != null ? a.salt() : Arrays.copyOf(user.getBytes(StandardCharsets.UTF_8), 16);
        KdfParams kdf =
                preloginKdfOverride != null
                        ? preloginKdfOverride
                        : a != null ? a.kdf() : KdfParams.DEFAULT;
        reply(ex, 200, new PreloginResponse(salt, kdf));
    }

    private void login(HttpExchange ex, LoginRequest req) throws IOException {
        SignupRequest a = accounts.get(req.username());
        if (a == null || !Arrays.equals(a.authKey(), req.authKey())) {
            reply(ex, 401, new ErrorBody("invalid_credentials", "Wrong username or password."));
            return;
        }
        presentedCookies.add(req.deviceCookie() == null ? "" : req.deviceCookie());
        reply(
                ex,
                200,
                new LoginResponse(
                        a.username(),
                        tokens.apply(a.username()),
                        System.currentTimeMillis() + tokenLifetimeMs,
                        a.wrappedKeys(),
                        a.publicKeys(),
                        a.salt(),
                        a.kdf(),
                        brokers,
                        "cookie-for-" + a.username() + "-" + presentedCookies.size()));
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    /** A token of the real shape naming {@code user}, with a zero signature no broker accepts. */
    public static String unsignedToken(String user) {
        String payload = "{\"v\":1,\"typ\":\"session\",\"sub\":\"" + user + "\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "."
                + b64.encodeToString(new byte[64]);
    }

    /** The token's subject, without verifying it (good enough for a fake). */
    private static @Nullable String userOf(@Nullable String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String payload = authorization.substring("Bearer ".length()).split("\\.", -1)[0];
        String json = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        return Json.gson().fromJson(json, JsonObject.class).get("sub").getAsString();
    }

    private static void reply(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = Json.write(body).getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        releaseRequests();
        http.stop(0);
        threads.shutdownNow();
    }
}
