package org.parley.auth.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.parley.model.ErrorBody;
import org.parley.model.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Jetty handler: routes, reads the body within the size limit, runs the route and writes
 * its JSON response, or turns any failure into a JSON {@link ErrorBody}. Blocking by design (Jetty
 * runs it on its thread pool, never on a selector); bcrypt goes to its own bounded pool.
 */
public final class ApiHandler extends Handler.Abstract {

    public static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";

    private static final Logger log = LoggerFactory.getLogger(ApiHandler.class);

    private static final HttpField CONTENT_TYPE =
            new HttpField(HttpHeader.CONTENT_TYPE, JSON_CONTENT_TYPE);
    private static final HttpField NO_SNIFF = new HttpField("X-Content-Type-Options", "nosniff");
    private static final HttpField NO_STORE = new HttpField(HttpHeader.CACHE_CONTROL, "no-store");

    /** How much of a refused body is read and discarded before the connection closes. */
    private static final long DRAIN_BYTES = 1024 * 1024;

    private final Router router;
    private final int maxBodyBytes;

    public ApiHandler(Router router, int maxBodyBytes) {
        this.router = Objects.requireNonNull(router, "router");
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        ApiResponse result;
        try {
            result = dispatch(request);
        } catch (ApiException e) {
            result = error(e);
        } catch (StoreUnavailableException e) {
            log.warn("Database unavailable: {}", e.getMessage());
            result = error(ApiException.unavailable());
        } catch (RuntimeException e) {
            log.error(
                    "Unexpected failure on {} {}",
                    request.getMethod(),
                    Request.getPathInContext(request),
                    e);
            result =
                    error(
                            new ApiException(
                                    500, "internal_error", "Something went wrong on the server."));
        }
        write(response, result, callback);
        return true;
    }

    private ApiResponse dispatch(Request request) {
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        Router.Resolution resolution = router.resolve(method, path);
        if (resolution instanceof Router.NotFound) {
            throw new ApiException(404, "not_found", "There is no such endpoint.");
        }
        if (resolution instanceof Router.MethodNotAllowed notAllowed) {
            ApiException e =
                    new ApiException(
                            405,
                            "method_not_allowed",
                            "Use " + String.join(" or ", notAllowed.allowed()) + " here.");
            return withHeader(
                    error(e), HttpHeader.ALLOW.asString(), String.join(", ", notAllowed.allowed()));
        }
        Router.Found found = (Router.Found) resolution;
        byte[] body =
                HttpMethod.POST.is(method) || HttpMethod.PUT.is(method)
                        ? readBody(request)
                        : new byte[0];
        HttpFields headers = request.getHeaders();
        String clientAddress =
                Objects.requireNonNullElse(Request.getRemoteAddr(request), "unknown");
        ApiRequest apiRequest =
                new ApiRequest(
                        method,
                        path,
                        found.pathParams(),
                        headers::get,
                        body,
                        clientAddress,
                        request.isSecure());
        return found.route().handle(apiRequest);
    }

    /** Enforces the limit on the bytes actually read; Content-Length only lets us refuse early. */
    private byte[] readBody(Request request) {
        long declared = request.getLength();
        InputStream in = Request.asInputStream(request);
        if (declared > maxBodyBytes) {
            if (declared <= maxBodyBytes + DRAIN_BYTES) {
                drain(in);
            }
            throw tooLarge();
        }
        byte[] body;
        try {
            body = in.readNBytes(maxBodyBytes + 1);
        } catch (IOException e) {
            throw ApiException.invalidRequest("The request body could not be read.");
        }
        if (body.length > maxBodyBytes) {
            drain(in);
            throw tooLarge();
        }
        return body;
    }

    /**
     * Reads and discards what is left of a refused body, up to {@link #DRAIN_BYTES}. Closing with
     * unread bytes in the socket makes the kernel send a reset, and a client still writing then
     * loses the 413 it was sent; a bounded drain lets an honest client read why it was refused.
     */
    private static void drain(InputStream in) {
        byte[] sink = new byte[8192];
        long left = DRAIN_BYTES;
        try {
            while (left > 0) {
                int read = in.read(sink, 0, (int) Math.min(sink.length, left));
                if (read < 0) {
                    return;
                }
                left -= read;
            }
        } catch (IOException e) {
            // The client went away; the refusal stands either way.
        }
    }

    private ApiException tooLarge() {
        return new ApiException(
                413, "too_large", "The request body is larger than " + maxBodyBytes + " bytes.");
    }

    static ApiResponse error(ApiException e) {
        ApiResponse response =
                new ApiResponse(
                        e.status(),
                        new ErrorBody(
                                e.error(),
                                Objects.requireNonNull(
                                        e.getMessage(), "ApiException requires one")),
                        Map.of());
        return e.retryAfter()
                .map(
                        wait ->
                                withHeader(
                                        response,
                                        HttpHeader.RETRY_AFTER.asString(),
                                        Long.toString(retryAfterSeconds(wait))))
                .orElse(response);
    }

    /** Whole seconds, rounded up, at least 1: "0" would invite an immediate retry. */
    static long retryAfterSeconds(Duration wait) {
        long seconds = wait.getSeconds() + (wait.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private static ApiResponse withHeader(ApiResponse response, String name, String value) {
        Map<String, String> headers = new HashMap<>(response.headers());
        headers.put(name, value);
        return new ApiResponse(response.status(), response.body(), headers);
    }

    private static void write(Response response, ApiResponse result, Callback callback) {
        byte[] json = Json.write(result.body()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(result.status());
        HttpFields.Mutable headers = response.getHeaders();
        addStandardHeaders(headers);
        result.headers().forEach(headers::put);
        headers.put(HttpHeader.CONTENT_LENGTH, json.length);
        response.write(true, ByteBuffer.wrap(json), callback);
    }

    static void addStandardHeaders(HttpFields.Mutable headers) {
        headers.put(CONTENT_TYPE);
        headers.put(NO_SNIFF);
        headers.put(NO_STORE);
    }
}
