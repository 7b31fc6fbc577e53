package org.parley.auth.http;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request that ends in an error response: HTTP status, the protocol's error code and a sentence
 * for a person. Services throw it; the HTTP layer turns it into an {@code ErrorBody}.
 */
public final class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final transient @Nullable Duration retryAfter;

    public ApiException(int status, String error, String message) {
        this(status, error, message, null);
    }

    private ApiException(int status, String error, String message, @Nullable Duration retryAfter) {
        // No stack trace: these are expected outcomes, thrown on hot paths such as bad logins.
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = status;
        this.error = Objects.requireNonNull(error, "error");
        this.retryAfter = retryAfter;
    }

    public static ApiException invalidRequest(String message) {
        return new ApiException(400, "invalid_request", message);
    }

    public static ApiException invalidUsername(String message) {
        return new ApiException(400, "invalid_username", message);
    }

    /** 404 {@code unknown_user}: also for a name that cannot exist, so nothing tells them apart. */
    public static ApiException unknownUser() {
        return new ApiException(404, "unknown_user", "There is no such user.");
    }

    public static ApiException invalidCredentials() {
        return new ApiException(401, "invalid_credentials", "The username or password is wrong.");
    }

    public static ApiException invalidToken() {
        return new ApiException(
                401,
                "invalid_token",
                "The session token is missing, invalid or expired; log in again.");
    }

    public static ApiException throttled(Duration retryAfter) {
        return new ApiException(
                429, "throttled", "Too many failed logins; try again later.", retryAfter);
    }

    public static ApiException busy() {
        return new ApiException(
                503, "busy", "The server is busy; try again in a moment.", Duration.ofSeconds(1));
    }

    public static ApiException unavailable() {
        return new ApiException(
                503, "unavailable", "The account database is unavailable; try again later.");
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** For 429 and 503: how long the client should wait, as sent in {@code Retry-After}. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
