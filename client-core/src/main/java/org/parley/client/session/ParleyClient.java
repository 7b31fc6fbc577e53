package org.parley.client.session;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.parley.client.ProgressListener;
import org.parley.client.Session;
import org.parley.client.SessionListener;
import org.parley.client.auth.AuthApiClient;
import org.parley.client.auth.TokenKeeper;
import org.parley.client.contacts.UsernameInput;
import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.ProtocolException;
import org.parley.client.exceptions.ServerUnavailableException;
import org.parley.client.exceptions.WeakKdfParametersException;
import org.parley.client.store.ClientProperties;
import org.parley.client.store.DeviceCookieFile;
import org.parley.client.store.ProfileStore;
import org.parley.crypto.DerivedKeys;
import org.parley.crypto.IdentityKeyPair;
import org.parley.crypto.KeyWrapper;
import org.parley.crypto.PasswordKdf;
import org.parley.crypto.primitives.CryptoException;
import org.parley.crypto.primitives.Hkdf;
import org.parley.crypto.primitives.WeakKdfException;
import org.parley.model.KdfParams;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.model.PreloginResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of the headless client: signs up and logs in, returning a connected {@link Session}.
 * The same code drives the UI, the CLI, the integration tests and the benchmarks; it works with any
 * server URI and any profiles directory. All blocking work runs on the configured executor.
 */
public final class ParleyClient {
    private static final Logger log = LoggerFactory.getLogger(ParleyClient.class);

    /** HKDF info of the local store key (derived from the identity's X25519 private key). */
    static final byte[] STORE_KEY_INFO =
            "parley/v1/local-store".getBytes(StandardCharsets.US_ASCII);

    public static final int MIN_PASSWORD_LENGTH = 8;

    private final ClientConfig config;
    private final HttpClient http;
    private final ClientProperties properties;

    public ParleyClient(ClientConfig config) {
        this.config = Objects.requireNonNull(config);
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(config.httpConnectTimeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
        this.properties = new ClientProperties(config.profilesRoot());
    }

    public ClientConfig config() {
        return config;
    }

    /** Last server and username used on this machine (for pre-filling a login form). */
    public ClientProperties clientProperties() {
        return properties;
    }

    /** Where the profile of {@code username} on {@code server} lives. */
    public Path profileDirectory(URI server, String username) {
        return ClientProperties.profileDirectory(config.profilesRoot(), server, username);
    }

    /** A client for the auth server's HTTP API, with this client's timeouts. */
    public AuthApiClient api(URI server) {
        return new AuthApiClient(validServer(server), http, config.httpRequestTimeout());
    }

    public CompletableFuture<Session> signup(
            URI server, String username, char[] password, @Nullable ProgressListener progress) {
        return signup(server, username, password, progress, null);
    }

    /**
     * Creates the account (new identity keys, wrapped under the password) and logs in.
     *
     * @param initialListener registered before the session connects, so no event is missed; may be
     *     null
     */
    public CompletableFuture<Session> signup(
            URI server,
            String username,
            char[] password,
            @Nullable ProgressListener progress,
            @Nullable SessionListener initialListener) {
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        return withCredentials(
                server,
                username,
                password,
                MIN_PASSWORD_LENGTH,
                (api, user, pw) -> {
                    byte[] salt = new byte[PasswordKdf.SALT_BYTES];
                    config.random().nextBytes(salt);
                    KdfParams kdf = KdfParams.DEFAULT;
                    p.onProgress(ProgressListener.DERIVING_KEY, 0.05);
                    DerivedKeys keys = derive(pw, salt, kdf);
                    IdentityKeyPair identity = IdentityKeyPair.generate(config.random());
                    p.onProgress(ProgressListener.CONTACTING_SERVER, 0.5);
                    api.signupNewIdentity(user, salt, kdf, keys, identity);
                    LoginResponse resp =
                            api.login(
                                    new LoginRequest(
                                            user, keys.authKey(), deviceCookie(api, user)));
                    return openSession(api, user, keys, resp, p, initialListener);
                });
    }

    public CompletableFuture<Session> login(
            URI server, String username, char[] password, @Nullable ProgressListener progress) {
        return login(server, username, password, progress, null);
    }

    /**
     * Logs in with the password alone: derives the keys, recovers the identity from the wrapped
     * blob (so any device gets the same keys), opens the local profile and connects.
     *
     * @param initialListener registered before the session connects, so no event is missed; may be
     *     null
     */
    public CompletableFuture<Session> login(
            URI server,
            String username,
            char[] password,
            @Nullable ProgressListener progress,
            @Nullable SessionListener initialListener) {
        ProgressListener p = progress == null ? ProgressListener.NONE : progress;
        return withCredentials(
                server,
                username,
                password,
                0,
                (api, user, pw) -> {
                    p.onProgress(ProgressListener.CONTACTING_SERVER, 0.02);
                    PreloginResponse pre = api.prelogin(user);
                    p.onProgress(ProgressListener.DERIVING_KEY, 0.1);
                    DerivedKeys keys = derive(pw, pre.salt(), pre.kdf());
                    p.onProgress(ProgressListener.CONTACTING_SERVER, 0.55);
                    LoginResponse resp =
                            api.login(
                                    new LoginRequest(
                                            user, keys.authKey(), deviceCookie(api, user)));
                    return openSession(api, user, keys, resp, p, initialListener);
                });
    }

    /** What sign-up or login does with the checked input, on a worker thread. */
    private interface CredentialsWork {
        Session run(AuthApiClient api, String user, char[] password);
    }

    /**
     * Checks the server address, the username and the password length at once (a bad one fails the
     * future without any request), then runs {@code work} on the executor with a copy of the
     * password that is wiped afterwards.
     */
    private CompletableFuture<Session> withCredentials(
            URI server,
            String username,
            char[] password,
            int minPasswordLength,
            CredentialsWork work) {
        char[] pw;
        String user;
        AuthApiClient api;
        try {
            api = api(server);
            user = UsernameInput.normalize(username);
            pw = copyPassword(password);
            if (pw.length < minPasswordLength) {
                throw new InvalidInputException(
                        "The password must be at least " + minPasswordLength + " characters.");
            }
        } catch (ParleyException e) {
            return CompletableFuture.failedFuture(e);
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return work.run(api, user, pw);
                    } finally {
                        Arrays.fill(pw, '\0');
                    }
                },
                config.executor());
    }

    /**
     * This device's cookie for {@code user} on that server, kept from the last login (decision
     * 0014).
     */
    private @Nullable String deviceCookie(AuthApiClient api, String user) {
        return new DeviceCookieFile(profileDirectory(api.server(), user)).read().orElse(null);
    }

    private Session openSession(
            AuthApiClient api,
            String user,
            DerivedKeys keys,
            LoginResponse resp,
            ProgressListener p,
            @Nullable SessionListener initialListener) {
        if (!user.equals(resp.username())) {
            throw new ProtocolException(
                    "The server at " + api.serverLabel() + " logged in a different user.");
        }
        IdentityKeyPair identity;
        try {
            identity =
                    KeyWrapper.unwrap(
                            resp.wrappedKeys(),
                            keys.wrapKey(),
                            user,
                            resp.salt(),
                            resp.kdf(),
                            resp.publicKeys());
        } catch (CryptoException e) {
            throw new ProtocolException(
                    "The keys stored on the server for "
                            + user
                            + " cannot be opened with this password; the account data is damaged. ("
                            + e.getMessage()
                            + ")");
        }
        if (resp.brokers().isEmpty()) {
            throw new ServerUnavailableException(
                    api.serverLabel() + " (no message broker available)", null);
        }
        byte[] agreementPrivate = identity.agreementPrivate();
        byte[] storeKey = Hkdf.sha256(agreementPrivate, null, STORE_KEY_INFO, 32);
        Arrays.fill(agreementPrivate, (byte) 0);
        ProfileStore store;
        try {
            store =
                    ProfileStore.open(
                            profileDirectory(api.server(), user), storeKey, user, config.clock());
        } finally {
            Arrays.fill(storeKey, (byte) 0);
        }
        TokenKeeper tokens =
                new TokenKeeper(user, api, config.clock(), resp.token(), resp.expiresAt());
        p.onProgress(ProgressListener.CONNECTING, 0.75);
        ClientSession session;
        try {
            session = new ClientSession(config, api, user, identity, tokens, store, resp.brokers());
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        if (initialListener != null) {
            session.addListener(initialListener);
        }
        session.start(p);
        try {
            new DeviceCookieFile(profileDirectory(api.server(), user)).write(resp.deviceCookie());
        } catch (IOException e) {
            log.info("Could not keep the device cookie: {}", e.getMessage());
        }
        try {
            properties.recordLogin(api.server(), user);
        } catch (IOException e) {
            log.info("Could not record the last login: {}", e.getMessage());
        }
        p.onProgress(ProgressListener.SYNCING, 1.0);
        return session;
    }

    private static DerivedKeys derive(char[] password, byte[] salt, KdfParams kdf) {
        if (kdf == null || salt == null) {
            throw new ProtocolException("The server sent incomplete password settings.");
        }
        try {
            kdf.requireAcceptable();
            return PasswordKdf.derive(new String(password), salt, kdf);
        } catch (WeakKdfException e) {
            throw new WeakKdfParametersException(e.getMessage() + " Refusing to log in with them.");
        } catch (IllegalArgumentException e) {
            throw new ProtocolException(
                    "The server sent unusable password settings: " + e.getMessage());
        }
    }

    private static char[] copyPassword(char[] password) {
        if (password == null || password.length == 0) {
            throw new InvalidInputException("The password is empty.");
        }
        return password.clone();
    }

    private static URI validServer(URI server) {
        if (server == null || server.getScheme() == null || server.getHost() == null) {
            throw new InvalidInputException("The server address must look like http://host:port.");
        }
        String scheme = server.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidInputException(
                    "The server address must start with http:// or https://.");
        }
        return server;
    }
}
