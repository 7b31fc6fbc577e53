package org.parley.auth.http;

import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What a route sees of a request: already routed, body already read (within the size limit).
 *
 * @param headers header lookup by name, case-insensitive, null when absent
 * @param clientAddress the peer's IP address (forwarding headers are not trusted)
 * @param secure whether the request came over TLS (decides the Secure flag of cookies)
 */
public record ApiRequest(
        String method,
        String path,
        Map<String, String> pathParams,
        UnaryOperator<String> headers,
        byte[] body,
        String clientAddress,
        boolean secure) {

    public ApiRequest(
            String method,
            String path,
            Map<String, String> pathParams,
            UnaryOperator<String> headers,
            byte[] body,
            String clientAddress) {
        this(method, path, pathParams, headers, body, clientAddress, false);
    }

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        pathParams = Map.copyOf(pathParams);
        Objects.requireNonNull(headers, "headers");
        body = body == null ? new byte[0] : body;
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    public String header(String name) {
        return headers.apply(name);
    }

    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            throw new IllegalStateException("route has no path parameter " + name);
        }
        return value;
    }

    /** Parses the body as a JSON object of the given record type, or fails with a 400. */
    public <T> T json(Class<T> type) {
        return JsonBodies.parse(body, type);
    }

    /** The token of an {@code Authorization: Bearer <token>} header. */
    public String bearerToken() {
        String value = header("Authorization");
        if (value == null || value.length() < 7 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.invalidToken();
        }
        return value.substring(7).trim();
    }
}
