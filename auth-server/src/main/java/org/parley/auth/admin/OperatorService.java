package org.parley.auth.admin;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import org.mindrot.jbcrypt.BCrypt;
import org.parley.auth.http.ApiException;
import org.parley.auth.security.BoundedWorker;
import org.parley.auth.security.LoginThrottle;
import org.parley.broker.TokenSecurityManager;
import org.parley.model.Usernames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators: creation (by {@code parley-server admin create-operator}) and password checks for the
 * admin page and the broker consoles. bcrypt cost 12 over the password itself, on the bounded
 * bcrypt pool when there is one; failures are throttled per name and per address and cost the same
 * time for unknown names.
 */
public final class OperatorService {

    public static final int COST = 12;
    public static final int MIN_PASSWORD_CHARS = 12;

    /** bcrypt reads at most 72 bytes; a longer password would be silently cut. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private static final Logger log = LoggerFactory.getLogger(OperatorService.class);

    private final OperatorStore operators;
    private final AuditLog audit;
    private final @Nullable BoundedWorker bcrypt;
    private final LoginThrottle throttle;
    private final SecureRandom random;
    private final Clock clock;
    private final String dummyHash;

    /**
     * @param bcrypt where hashing runs; null runs it on the calling thread (the CLI)
     */
    public OperatorService(
            OperatorStore operators,
            AuditLog audit,
            @Nullable BoundedWorker bcrypt,
            LoginThrottle throttle,
            SecureRandom random,
            Clock clock) {
        this.operators = Objects.requireNonNull(operators, "operators");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.bcrypt = bcrypt;
        this.throttle = Objects.requireNonNull(throttle, "throttle");
        this.random = Objects.requireNonNull(random, "random");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.dummyHash = BCrypt.hashpw("nobody-" + random.nextLong(), BCrypt.gensalt(COST, random));
    }

    /**
     * Creates an operator.
     *
     * @param by who did it, for the audit log (e.g. {@code cli:root})
     * @return the canonical operator name
     * @throws IllegalArgumentException for a bad name or password, a taken name, or a chat
     *     account's name
     */
    public String create(String username, String password, String by) {
        String name =
                canonical(username)
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "Invalid operator name. " + Usernames.RULE));
        if (TokenSecurityManager.CLUSTER_USER.equals(name)
                || TokenSecurityManager.SERVICE_USER.equals(name)) {
            throw new IllegalArgumentException("The name " + name + " belongs to the brokers.");
        }
        requireStrong(password);
        if (operators.isChatAccount(name)) {
            throw new IllegalArgumentException(
                    "There is a chat account named "
                            + name
                            + "; pick another operator name (operators and chat accounts are kept apart).");
        }
        String hash = run(() -> BCrypt.hashpw(password, BCrypt.gensalt(COST, random)));
        if (!operators.create(name, hash, clock.instant())) {
            throw new IllegalArgumentException("An operator named " + name + " exists already.");
        }
        audit.record(AuditEntry.of(by, clock.instant(), AuditEntry.OPERATOR_CREATE, name, null));
        return name;
    }

    /**
     * Checks an operator's password.
     *
     * @param channel what they are signing in to, for the audit log ({@link
     *     AuditEntry#OPERATOR_LOGIN} or {@link AuditEntry#CONSOLE_LOGIN})
     * @return the canonical operator name
     * @throws ApiException 429 {@code throttled}, or 401 {@code invalid_credentials} (same for
     *     unknown names and wrong passwords)
     */
    public String authenticate(
            String username, String password, String clientAddress, String channel) {
        Optional<String> name = canonical(username);
        String key = name.orElse("?");
        Optional<Duration> wait = throttle.retryAfter(key, clientAddress);
        if (wait.isPresent()) {
            throw ApiException.throttled(wait.get());
        }
        Optional<Operator> operator = name.flatMap(operators::find);
        boolean matches;
        if (operator.isPresent() && password != null && fits(password)) {
            matches = run(() -> checkpw(password, operator.get().passwordHash()));
        } else {
            run(() -> checkpw(password == null ? "" : password, dummyHash));
            matches = false;
        }
        if (!matches) {
            throttle.recordFailure(key, clientAddress);
            audit.record(
                    AuditEntry.of(
                            "-",
                            clock.instant(),
                            AuditEntry.OPERATOR_LOGIN_FAILED,
                            name.orElse(null),
                            channel + " from " + clientAddress));
            throw ApiException.invalidCredentials();
        }
        throttle.recordSuccess(key);
        operators.recordLogin(name.get(), clock.instant());
        audit.record(
                AuditEntry.of(name.get(), clock.instant(), channel, null, "from " + clientAddress));
        return name.get();
    }

    /** For the broker console's realm: the same check, with every refusal as empty. */
    public Optional<String> authenticateForConsole(
            String username, String password, String clientAddress) {
        try {
            return Optional.of(
                    authenticate(username, password, clientAddress, AuditEntry.CONSOLE_LOGIN));
        } catch (ApiException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            log.warn("Console login could not be checked: {}", e.getMessage());
            return Optional.empty();
        }
    }

    static void requireStrong(String password) {
        if (password == null
                || password.codePointCount(0, password.length()) < MIN_PASSWORD_CHARS) {
            throw new IllegalArgumentException(
                    "An operator password needs at least " + MIN_PASSWORD_CHARS + " characters.");
        }
        if (!fits(password)) {
            throw new IllegalArgumentException(
                    "An operator password may have at most "
                            + MAX_PASSWORD_BYTES
                            + " bytes in UTF-8 (bcrypt ignores the rest).");
        }
    }

    private static boolean fits(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length <= MAX_PASSWORD_BYTES;
    }

    private static boolean checkpw(String password, String hash) {
        try {
            return BCrypt.checkpw(password, hash);
        } catch (IllegalArgumentException e) {
            log.error(
                    "An operator's stored password hash is malformed; that operator cannot log in");
            return false;
        }
    }

    private <T> T run(Callable<T> task) {
        if (bcrypt != null) {
            return bcrypt.call(task);
        }
        try {
            return task.call();
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    static Optional<String> canonical(String username) {
        if (username == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Usernames.normalize(username));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
