package org.parley.auth.http;

import java.util.Map;
import java.util.Objects;

/**
 * A JSON response.
 *
 * @param body serialized with {@code Json.gson()}
 * @param headers extra headers (the JSON and security headers are always added)
 */
public record ApiResponse(int status, Object body, Map<String, String> headers) {

    public ApiResponse {
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
    }

    public static ApiResponse ok(Object body) {
        return new ApiResponse(200, body, Map.of());
    }

    public static ApiResponse created(Object body) {
        return new ApiResponse(201, body, Map.of());
    }
}
