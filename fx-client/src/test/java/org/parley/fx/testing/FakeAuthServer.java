package org.parley.fx.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
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
 * An in-memory stand-in for the auth server's HTTP API for ViewModel tests (the TestFX ITs use the
 * real stack). It compares auth keys directly instead of bcrypt hashes, and can be made slow:
 * {@link #holdRequests()} keeps every request waiting until {@link #releaseRequests()}.
 */
public final class FakeAuthServer implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Map<String, SignupRequest> accounts = new ConcurrentHashMap<>();
    private volatile CountDownLatch gate;
    private volatile boolean throttled;
    private final CountDownLatch requestSeen = new CountDownLatch(1);

    public FakeAuthServer() throws IOException {
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
                String user = Json.parse(body, PreloginRequest.class).username();
                SignupRequest a = accounts.get(user);
                byte[] salt =
                        a != null
                                ? a.salt()
                                : Arrays.copyOf(user.getBytes(StandardCharsets.UTF_8), 16);
                reply(ex, 200, new PreloginResponse(salt, a != null ? a.kdf() : KdfParams.DEFAULT));
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
                if (accounts.putIfAbsent(req.username(), req) != null) {
                    reply(ex, 409, new ErrorBody("username_taken", "That username is taken."));
                } else {
                    reply(ex, 201, new SignupResponse(req.username()));
                }
            } else if (path.equals("/login") && throttled) {
                ex.getResponseHeaders().add("Retry-After", "90");
                reply(ex, 429, new ErrorBody("throttled", "Too many attempts."));
            } else if (path.equals("/login")) {
                LoginRequest req = Json.parse(body, LoginRequest.class);
                SignupRequest a = accounts.get(req.username());
                if (a == null || !Arrays.equals(a.authKey(), req.authKey())) {
                    reply(
                            ex,
                            401,
                            new ErrorBody("invalid_credentials", "Wrong username or password."));
                    return;
                }
                reply(
                        ex,
                        200,
                        new LoginResponse(
                                a.username(),
                                token(a.username()),
                                System.currentTimeMillis() + 15 * 60_000,
                                a.wrappedKeys(),
                                a.publicKeys(),
                                a.salt(),
                                a.kdf(),
                                List.of("tcp://127.0.0.1:1")));
            } else if (path.equals("/token/refresh")) {
                String auth = ex.getRequestHeaders().getFirst("Authorization");
                reply(
                        ex,
                        200,
                        new TokenResponse(
                                auth.substring("Bearer ".length()),
                                System.currentTimeMillis() + 15 * 60_000));
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

    private static String token(String user) {
        String payload = "{\"v\":1,\"typ\":\"session\",\"sub\":\"" + user + "\"}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "."
                + b64.encodeToString(new byte[64]);
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
