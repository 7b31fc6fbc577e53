package org.parley.client.auth;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.parley.client.exceptions.InvalidCredentialsException;
import org.parley.client.exceptions.InvalidUsernameException;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.ProtocolException;
import org.parley.client.exceptions.ServerErrorException;
import org.parley.client.exceptions.ServerUnavailableException;
import org.parley.client.exceptions.SessionExpiredException;
import org.parley.client.exceptions.ThrottledException;
import org.parley.client.exceptions.UnknownUserException;
import org.parley.client.exceptions.UsernameTakenException;
import org.parley.client.exceptions.WeakKdfParametersException;
import org.parley.crypto.DerivedKeys;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.KeyWrapper;
import org.parley.crypto.SignupProof;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.DeviceChangeRequest;
import org.parley.model.DeviceEntry;
import org.parley.model.DeviceLogHead;
import org.parley.model.DeviceLogResponse;
import org.parley.model.ErrorBody;
import org.parley.model.Json;
import org.parley.model.KdfParams;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.model.PreloginRequest;
import org.parley.model.PreloginResponse;
import org.parley.model.SignupChallengeRequest;
import org.parley.model.SignupChallengeResponse;
import org.parley.model.SignupRequest;
import org.parley.model.SignupResponse;
import org.parley.model.TokenResponse;
import org.parley.model.UserKeysResponse;
import org.parley.model.Usernames;

/**
 * Blocking client of the auth server's JSON API ({@code /api/v1}, see docs/PROTOCOL.md). Every
 * failure becomes a {@link ParleyException} subclass with a sentence a person can read; callers run
 * it off their UI thread. Thread-safe.
 */
public final class AuthApiClient {
    /** Largest response body read; the API's answers are a few KiB. */
    static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(60);

    private final URI server;
    private final String base;
    private final HttpClient http;
    private final Duration requestTimeout;

    public AuthApiClient(URI server, HttpClient http, Duration requestTimeout) {
        this.server = Objects.requireNonNull(server, "server");
        String s = server.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        this.base = s + "/api/v1";
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    public URI server() {
        return server;
    }

    /** How the server is named in messages: {@code host:port}. */
    public String serverLabel() {
        return label(server);
    }

    static String label(URI server) {
        return server.getAuthority() != null ? server.getAuthority() : server.toString();
    }

    public PreloginResponse prelogin(String username) {
        PreloginResponse r =
                post(
                        "/prelogin",
                        new PreloginRequest(username),
                        PreloginResponse.class,
                        null,
                        username);
        if (r.salt() == null || r.kdf() == null) {
            throw protocolError();
        }
        return r;
    }

    /**
     * Sends {@code request} as it is (it must carry its proofs already, see {@link
     * #signup(SignupRequest, IdentityKeyPair)}).
     */
    public SignupResponse signup(SignupRequest request) {
        return post("/signup", request, SignupResponse.class, null, request.username());
    }

    /**
     * {@code POST /signup/challenge}: what a signup for {@code username} must prove its keys
     * against.
     */
    public SignupChallengeResponse signupChallenge(String username) {
        SignupChallengeResponse r =
                post(
                        "/signup/challenge",
                        new SignupChallengeRequest(username),
                        SignupChallengeResponse.class,
                        null,
                        username);
        if (r.challenge() == null || r.serverAgreementKey() == null) {
            throw protocolError();
        }
        return r;
    }

    /**
     * Signs up {@code username} with the new {@code identity}, wrapped under the password's {@code
     * keys} (derived with {@code salt} and {@code kdf}) so that any device recovers it at login.
     */
    public SignupResponse signupNewIdentity(
            String username,
            byte[] salt,
            KdfParams kdf,
            DerivedKeys keys,
            IdentityKeyPair identity) {
        byte[] wrapped = KeyWrapper.wrap(identity, keys.wrapKey(), username, salt, kdf);
        return signup(
                new SignupRequest(
                        username, salt, kdf, keys.authKey(), identity.publicKeys(), wrapped),
                identity);
    }

    /**
     * Signs up with proof of possession (decision 0014): asks for a challenge, proves with {@code
     * identity}'s private keys that {@code request}'s public keys are its own, and sends it.
     */
    public SignupResponse signup(SignupRequest request, IdentityKeyPair identity) {
        SignupChallengeResponse challenge = signupChallenge(request.username());
        SignupProof.Proofs proofs;
        try {
            proofs =
                    SignupProof.prove(
                            identity,
                            request.username(),
                            challenge.challenge(),
                            challenge.serverAgreementKey());
        } catch (CryptoException e) {
            throw new ProtocolException(
                    "The server at " + serverLabel() + " sent an unusable signup challenge.");
        }
        return signup(
                request.withProof(
                        challenge.challenge(), proofs.signature(), proofs.agreementProof()));
    }

    public LoginResponse login(LoginRequest request) {
        LoginResponse r = post("/login", request, LoginResponse.class, null, request.username());
        if (r.token() == null
                || r.wrappedKeys() == null
                || r.publicKeys() == null
                || r.salt() == null
                || r.kdf() == null
                || r.brokers() == null) {
            throw protocolError();
        }
        return r;
    }

    /** Exchanges a still-valid token for a fresh one. */
    public TokenResponse refreshToken(String token) {
        TokenResponse r = post("/token/refresh", null, TokenResponse.class, token, null);
        if (r.token() == null) {
            throw protocolError();
        }
        return r;
    }

    /**
     * {@code POST /logout}: the server revokes this token's session (and tells every broker), so
     * neither it nor any token it was refreshed into works again. Waits at most {@code timeout}.
     */
    public void logout(String token, Duration timeout) {
        HttpRequest req =
                request("/logout", token)
                        .timeout(timeout)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{}", StandardCharsets.UTF_8))
                        .build();
        exchange(req, com.google.gson.JsonObject.class, null);
    }

    /** The directory's current public keys of {@code username}. */
    public UserKeysResponse userKeys(String token, String username) {
        UserKeysResponse r = getUser(token, username, "keys", UserKeysResponse.class);
        if (r.publicKeys() == null || !username.equals(r.username())) {
            throw protocolError();
        }
        return r;
    }

    /**
     * {@code GET /users/{name}/devices}: {@code username}'s device log as the server stores it,
     * oldest first, empty if the account has none yet. Not verified: the caller checks it with
     * {@code DeviceChain.verify} against the account key it trusts.
     *
     * @throws UnknownUserException if there is no such user
     * @throws ServerErrorException with the server's sentence if its stored log is unreadable
     */
    public DeviceLogResponse deviceLog(String token, String username) {
        DeviceLogResponse r = getUser(token, username, "devices", DeviceLogResponse.class);
        if (r.log() == null || !username.equals(r.username())) {
            throw protocolError();
        }
        return r;
    }

    /**
     * {@code GET /users/{username}/{what}}, after checking the name so it cannot change the path.
     */
    private <T> T getUser(String token, String username, String what, Class<T> type) {
        if (!Usernames.isValid(username)) {
            throw new InvalidUsernameException(Usernames.RULE);
        }
        HttpRequest req = request("/users/" + username + "/" + what, token).GET().build();
        return exchange(req, type, username);
    }

    /**
     * {@code POST /devices}: appends {@code entry}, the next entry of the caller's own device log,
     * signed by the account key.
     *
     * @throws ServerErrorException with the server's code and sentence if it refuses the entry
     *     ({@code stale_log}, {@code device_limit}, {@code invalid_device_change}, ...)
     */
    public DeviceLogHead appendDevice(String token, DeviceEntry entry) {
        DeviceLogHead r =
                post("/devices", new DeviceChangeRequest(entry), DeviceLogHead.class, token, null);
        if (r.head() == null || r.seq() != entry.seq()) {
            throw protocolError();
        }
        return r;
    }

    /**
     * {@code GET} of an authenticated JSON resource under {@code /api/v1} (groups use it).
     *
     * @param subject named in an {@link UnknownUserException} if the server answers {@code
     *     unknown_user}
     */
    public <T> T getJson(String path, String token, Class<T> type, @Nullable String subject) {
        return exchange(request(path, token).GET().build(), type, subject);
    }

    /** {@code POST} of {@code body} as JSON to an authenticated resource under {@code /api/v1}. */
    public <T> T postJson(
            String path, Object body, String token, Class<T> type, @Nullable String subject) {

        return post(path, body, type, token, subject);
    }

    /** {@code PUT} of {@code body} as JSON to an authenticated resource under {@code /api/v1}. */
    public <T> T putJson(String path, Object body, String token, Class<T> type) {
        HttpRequest req =
                request(path, token)
                        .header("Content-Type", "application/json")
                        .PUT(
                                HttpRequest.BodyPublishers.ofString(
                                        Json.write(body), StandardCharsets.UTF_8))
                        .build();
        return exchange(req, type, null);
    }

    /** Whether the server answers {@code /health} with 200. Never throws. */
    public boolean healthy() {
        try {
            HttpResponse<InputStream> resp =
                    http.send(
                            request("/health", null).GET().build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                in.readNBytes(MAX_RESPONSE_BYTES);
            }
            return resp.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private <T> T post(
            String path,
            @Nullable Object body,
            Class<T> type,
            @Nullable String token,
            @Nullable String username) {
        String json = body == null ? "{}" : Json.write(body);
        HttpRequest req =
                request(path, token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                        .build();
        return exchange(req, type, username);
    }

    private HttpRequest.Builder request(String path, @Nullable String token) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(requestTimeout)
                        .header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private <T> T exchange(HttpRequest req, Class<T> type, @Nullable String username) {
        HttpResponse<InputStream> resp;
        byte[] body;
        try {
            resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
            }
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new ServerUnavailableException(serverLabel(), e);
        } catch (HttpTimeoutException e) {
            throw new ServerUnavailableException(serverLabel(), e);
        } catch (IOException e) {
            throw new ServerUnavailableException(serverLabel(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ParleyException("Interrupted while talking to the server.", e);
        }
        if (body.length > MAX_RESPONSE_BYTES) {
            throw protocolError();
        }
        int status = resp.statusCode();
        String text = new String(body, StandardCharsets.UTF_8);
        if (status >= 200 && status < 300) {
            try {
                return Json.parse(text, type);
            } catch (IllegalArgumentException e) {
                throw protocolError();
            }
        }
        throw mapError(status, text, resp.headers().firstValue("Retry-After"), username);
    }

    private ParleyException mapError(
            int status, String text, Optional<String> retryAfter, @Nullable String username) {

        ErrorBody err = null;
        try {
            err = Json.parse(text, ErrorBody.class);
        } catch (IllegalArgumentException e) {
            // not JSON (a proxy's page, say): fall back on the status alone
        }
        String code = err == null ? null : err.error();
        String message =
                err == null || err.message() == null || err.message().isBlank()
                        ? null
                        : err.message();
        if (status == 429 || "throttled".equals(code)) {
            return new ThrottledException(parseRetryAfter(retryAfter));
        }
        if ("invalid_credentials".equals(code)) {
            return new InvalidCredentialsException();
        }
        if ("invalid_token".equals(code)) {
            return new SessionExpiredException();
        }
        if ("username_taken".equals(code) || (status == 409 && code == null)) {
            return new UsernameTakenException(username);
        }
        if ("unknown_user".equals(code)) {
            return new UnknownUserException(username);
        }
        if ("invalid_username".equals(code)) {
            return new InvalidUsernameException(message != null ? message : Usernames.RULE);
        }
        if ("weak_kdf".equals(code)) {
            return new WeakKdfParametersException(
                    message != null
                            ? message
                            : "The server refused this client's password settings.");
        }
        if (status == 503 || status == 502 || status == 504 || "unavailable".equals(code)) {
            return ServerUnavailableException.answeredUnavailable(serverLabel());
        }
        if (status == 401) {
            return code == null ? new SessionExpiredException() : new InvalidCredentialsException();
        }
        if (status == 404 && username != null && code == null) {
            return new ServerErrorException(
                    status,
                    null,
                    "The server at "
                            + serverLabel()
                            + " does not offer the Parley API (HTTP 404).");
        }
        String sentence =
                message != null
                        ? message
                        : "The server at "
                                + serverLabel()
                                + " answered with an error (HTTP "
                                + status
                                + ").";
        return new ServerErrorException(status, code, sentence);
    }

    private ProtocolException protocolError() {
        return new ProtocolException(
                "The server at "
                        + serverLabel()
                        + " sent a response this client does not understand.");
    }

    static Duration parseRetryAfter(Optional<String> header) {
        if (header.isEmpty()) {
            return DEFAULT_RETRY_AFTER;
        }
        try {
            long s = Long.parseLong(header.get().trim());
            return Duration.ofSeconds(Math.max(1, Math.min(s, 86_400)));
        } catch (NumberFormatException e) {
            return DEFAULT_RETRY_AFTER; // HTTP-date form: not worth parsing for a hint
        }
    }
}
