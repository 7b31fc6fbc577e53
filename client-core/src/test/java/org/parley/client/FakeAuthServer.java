package org.parley.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.parley.model.ErrorBody;
import org.parley.model.Json;
import org.parley.model.KdfParams;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.model.PreloginRequest;
import org.parley.model.PreloginResponse;
import org.parley.model.SignupRequest;
import org.parley.model.SignupResponse;
import org.parley.model.TokenResponse;
import org.parley.model.UserKeysResponse;

/**
 * An in-memory stand-in for the auth server's HTTP API, enough to drive ParleyClient in this
 * module's tests (the real server is exercised in integration-tests). Compares auth keys directly
 * instead of bcrypt hashes.
 */
public final class FakeAuthServer implements AutoCloseable {
    record Account(SignupRequest signup) {}

    private final HttpServer http;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Function<String, String> tokens;
    private final List<String> brokers;
    volatile KdfParams preloginKdfOverride;
    volatile long tokenLifetimeMs = 15 * 60_000;
    final java.util.concurrent.atomic.AtomicInteger refreshes =
            new java.util.concurrent.atomic.AtomicInteger();

    /** The bearer tokens {@code POST /logout} was called with, in order. */
    final List<String> loggedOut = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The device cookie each {@code /login} presented (empty string: none), in order. */
    final List<String> presentedCookies = new java.util.concurrent.CopyOnWriteArrayList<>();

    public FakeAuthServer(Function<String, String> tokenForUser, List<String> brokers)
            throws IOException {
        this.tokens = tokenForUser;
        this.brokers = brokers;
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/api/v1/", this::handle);
        http.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        http.start();
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().substring("/api/v1".length());
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (path.equals("/prelogin")) {
                String user = Json.parse(body, PreloginRequest.class).username();
                Account a = accounts.get(user);
                byte[] salt =
                        a != null
                                ? a.signup().salt()
                                : Arrays.copyOf(user.getBytes(StandardCharsets.UTF_8), 16);
                KdfParams kdf =
                        preloginKdfOverride != null
                                ? preloginKdfOverride
                                : a != null ? a.signup().kdf() : KdfParams.DEFAULT;
                reply(ex, 200, new PreloginResponse(salt, kdf));
            } else if (path.equals("/signup/challenge")) {
                // The real server binds these to the username and checks the proofs; a fake only
                // answers.
                byte[] challenge = new byte[56];
                new java.security.SecureRandom().nextBytes(challenge);
                byte[] serverKey = new byte[32];
                new java.security.SecureRandom().nextBytes(serverKey);
                reply(
                        ex,
                        200,
                        new org.parley.model.SignupChallengeResponse(
                                challenge,
                                org.parley.crypto.primitives.X25519.publicKey(serverKey),
                                System.currentTimeMillis() + 300_000));
            } else if (path.equals("/signup")) {
                SignupRequest req = Json.parse(body, SignupRequest.class);
                if (accounts.putIfAbsent(req.username(), new Account(req)) != null) {
                    reply(ex, 409, new ErrorBody("username_taken", "That username is taken."));
                } else {
                    reply(ex, 201, new SignupResponse(req.username()));
                }
            } else if (path.equals("/login")) {
                LoginRequest req = Json.parse(body, LoginRequest.class);
                Account a = accounts.get(req.username());
                if (a == null || !Arrays.equals(a.signup().authKey(), req.authKey())) {
                    reply(
                            ex,
                            401,
                            new ErrorBody("invalid_credentials", "Wrong username or password."));
                    return;
                }
                SignupRequest s = a.signup();
                presentedCookies.add(req.deviceCookie() == null ? "" : req.deviceCookie());
                reply(
                        ex,
                        200,
                        new LoginResponse(
                                s.username(),
                                tokens.apply(s.username()),
                                System.currentTimeMillis() + tokenLifetimeMs,
                                s.wrappedKeys(),
                                s.publicKeys(),
                                s.salt(),
                                s.kdf(),
                                brokers,
                                "cookie-for-" + s.username() + "-" + presentedCookies.size()));
            } else if (path.equals("/logout")) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                loggedOut.add(auth == null ? "" : auth.substring("Bearer ".length()));
                reply(ex, 200, java.util.Map.of("status", "logged_out"));
            } else if (path.equals("/token/refresh")) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                String user = userOf(auth);
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
                Account a = accounts.get(name);
                if (a == null) {
                    reply(ex, 404, new ErrorBody("unknown_user", "No such user."));
                } else {
                    reply(ex, 200, new UserKeysResponse(name, a.signup().publicKeys()));
                }
            } else {
                reply(ex, 404, new ErrorBody("not_found", "No such endpoint."));
            }
        } catch (IllegalArgumentException e) {
            reply(ex, 400, new ErrorBody("malformed_json", "Bad request."));
        }
    }

    /** The token's subject, without verifying it (good enough for a fake). */
    private static String userOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String payload = authorization.substring(7).split("\\.")[0];
        String json =
                new String(
                        java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8);
        return Json.gson()
                .fromJson(json, com.google.gson.JsonObject.class)
                .get("sub")
                .getAsString();
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
        http.stop(0);
    }
}
