package org.parley.auth.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.parley.model.ErrorBody;
import org.parley.model.Json;

/**
 * Errors Jetty produces itself, before our handler runs (unparseable request line, ambiguous URI,
 * headers too large, ...), as the same JSON {@link ErrorBody} as ours instead of an HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus();
        if (request.getAttribute(ERROR_STATUS) instanceof Integer errorStatus) {
            status = errorStatus;
        }
        if (status < 400) {
            status = 500;
        }
        status = clientFault(status);
        byte[] json = body(status);
        response.setStatus(status);
        HttpFields.Mutable headers = response.getHeaders();
        headers.remove(HttpHeader.CONTENT_TYPE);
        ApiHandler.addStandardHeaders(headers);
        closeAfter(headers);
        response.write(true, ByteBuffer.wrap(json), callback);
        return true;
    }

    /**
     * Jetty drops the connection after a request it refused itself, but does not always say so; a
     * client that pools the connection then sends its next request into a closed socket.
     */
    private static void closeAfter(HttpFields.Mutable headers) {
        headers.put(HttpHeader.CONNECTION, "close");
    }

    /**
     * An unknown HTTP version ({@code HTTP/9.9}) is the client's mistake, which Jetty reports as
     * 505; bad input gets a 4xx, never a 5xx, so monitoring counts only real server trouble.
     */
    private static int clientFault(int status) {
        return status == HttpStatus.HTTP_VERSION_NOT_SUPPORTED_505
                ? HttpStatus.BAD_REQUEST_400
                : status;
    }

    private static byte[] body(int status) {
        String code =
                switch (status) {
                    case 400 -> "bad_request";
                    case 404 -> "not_found";
                    case 405 -> "method_not_allowed";
                    case 408 -> "timeout";
                    case 413 -> "too_large";
                    case 414 -> "uri_too_long";
                    case 431 -> "headers_too_large";
                    case 503 -> "unavailable";
                    default -> status >= 500 ? "internal_error" : "bad_request";
                };
        // Jetty's reason can echo request bytes; a fixed phrase per status is safer to show.
        String message = "The request was refused: " + HttpStatus.getMessage(status) + ".";
        return Json.write(new ErrorBody(code, message)).getBytes(StandardCharsets.UTF_8);
    }
}
