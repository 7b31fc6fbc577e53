package org.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.parley.model.Json;

/**
 * Test HTTP client for the auth API. Every reply is checked for what every response must have: no
 * 500, a JSON object body, the JSON content type and the security headers; errors carry {@code
 * error} and {@code message}.
 */
public final class ApiClient {

    /** One HTTP response. */
    public record Reply(int status, String body, HttpHeaders headers) {

        public JsonObject json() {
            return JsonParser.parseString(body).getAsJsonObject();
        }

        public String error() {
            return json().get("error").getAsString();
        }

        public <T> T as(Class<T> type) {
            return Json.parse(body, type);
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    private final URI base;
    private final HttpClient http =
            HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();

    public ApiClient(URI base) {
        this.base = base;
    }

    public URI uri(String path) {
        return base.resolve(path);
    }

    public Reply post(String path, Object body) {
        return post(path, body instanceof String s ? s : Json.write(body), null);
    }

    public Reply post(String path, String json, String bearer) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json));
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        return send(request.build());
    }

    public Reply get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    public Reply send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("request failed: " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Reply reply = new Reply(response.statusCode(), response.body(), response.headers());
        check(reply);
        return reply;
    }

    /** Sends raw bytes on a fresh connection and returns the first response. */
    public Reply raw(byte[] request) {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                // The server may answer and close before reading everything; read what it said.
            }
            Reply reply = readResponse(socket.getInputStream());
            check(reply);
            return reply;
        } catch (IOException e) {
            throw new AssertionError("raw request failed", e);
        }
    }

    private static Reply readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException(
                        "connection closed before the response headers ended: " + head);
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int length = -1;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).trim();
                String value = lines[i].substring(colon + 1).trim();
                headers.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                if (name.equalsIgnoreCase("Content-Length")) {
                    length = Integer.parseInt(value);
                }
            }
        }
        assertThat(length).as("raw response must have a Content-Length").isNotNegative();
        byte[] body = in.readNBytes(length);
        return new Reply(
                status,
                new String(body, StandardCharsets.UTF_8),
                HttpHeaders.of(headers, (a, b) -> true));
    }

    private static void check(Reply reply) {
        assertThat(reply.status())
                .as("no input may cause a server error: %s", reply)
                .isNotEqualTo(500);
        assertThat(reply.headers().firstValue("Content-Type"))
                .as("content type of %s", reply)
                .hasValue("application/json; charset=utf-8");
        assertThat(reply.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(reply.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonObject json = JsonParser.parseString(reply.body()).getAsJsonObject();
        if (reply.status() >= 400) {
            assertThat(json.get("error").getAsString())
                    .as("error code of %s", reply)
                    .matches("[a-z_]+");
            assertThat(json.get("message").getAsString()).as("message of %s", reply).isNotBlank();
            assertThat(reply.body()).doesNotContain("Exception").doesNotContain("\tat ");
        }
    }
}
