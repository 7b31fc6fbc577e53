package org.parley.auth.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.ApiClient;
import org.parley.auth.AuthServer;
import org.parley.auth.AuthServerConfig;
import org.parley.auth.TestDevice;
import org.parley.auth.cli.ParleyServerCommand;
import org.parley.testing.OperatorSession;

/**
 * The admin API's guards over real HTTP, with the operator made by the real {@code parley-server
 * admin create-operator} on the server's own embedded database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminApiIT {

    private static final String OPERATOR = "ops-root";
    private static final String PASSWORD = "operator password 1";

    private AuthServer server;
    private URI base;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("auth");
        Path passwordFile = dir.resolve("password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        String[] create = {
            "admin",
            "create-operator",
            "--data-dir",
            data.toString(),
            "--username",
            "Ops-Root",
            "--password-file",
            passwordFile.toString()
        };
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertThat(
                        ParleyServerCommand.execute(
                                create, new PrintWriter(out, true), new PrintWriter(err, true)))
                .as("stderr: %s", err)
                .isZero();
        assertThat(out.toString()).contains("Operator ops-root created.");
        StringWriter again = new StringWriter();
        assertThat(executeWithStderr(create, again)).isEqualTo(2);
        assertThat(again.toString()).contains("exists already");
        Files.writeString(passwordFile, "short\n");
        StringWriter weak = new StringWriter();
        String[] weakCreate = create.clone();
        weakCreate[5] = "ops-two";
        assertThat(executeWithStderr(weakCreate, weak)).isEqualTo(2);
        assertThat(weak.toString()).contains("at least 12 characters");

        server =
                new AuthServer(
                                AuthServerConfig.fromSettings(
                                        Map.of(
                                                AuthServerConfig.DATA_DIR,
                                                data.toString(),
                                                AuthServerConfig.PORT,
                                                "0",
                                                AuthServerConfig.THROTTLE_USER_FAILURES,
                                                "3")),
                                Clock.systemUTC())
                        .start();
        base = server.uri();
        ApiClient api = new ApiClient(base);
        assertThat(
                        api.post(
                                        "/api/v1/signup",
                                        TestDevice.cheapSignupRequest(
                                                api, "dave", TestDevice.random(32)))
                                .status())
                .isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void signInSetsAHardenedCookieAndEveryChangeNeedsTheCsrfToken() throws Exception {
        HttpResponse<String> login =
                post(
                        "/admin/api/login",
                        "{\"username\":\"ops-root\",\"password\":\"" + PASSWORD + "\"}",
                        Map.of());
        assertThat(login.statusCode()).isEqualTo(200);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith(AdminApi.COOKIE + "=")
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/admin")
                .doesNotContain("Secure");
        OperatorSession session = OperatorSession.of(login);
        String cookie = session.cookie();
        String csrf = session.csrf();

        assertThat(get("/admin/api/users", cookie).body())
                .contains("\"username\":\"dave\"")
                .doesNotContain("auth_hash");
        assertThat(
                        post("/admin/api/users/dave/disable", "{}", Map.of("Cookie", cookie))
                                .statusCode())
                .as("no CSRF token")
                .isEqualTo(403);
        assertThat(
                        post(
                                        "/admin/api/users/dave/disable",
                                        "{}",
                                        Map.of("Cookie", cookie, AdminApi.CSRF_HEADER, "forged"))
                                .statusCode())
                .as("wrong CSRF token")
                .isEqualTo(403);
        assertThat(
                        post(
                                        "/admin/api/users/dave/disable",
                                        "{}",
                                        Map.of(
                                                "Cookie",
                                                cookie,
                                                AdminApi.CSRF_HEADER,
                                                csrf,
                                                "Origin",
                                                "http://evil.example"))
                                .statusCode())
                .as("foreign origin")
                .isEqualTo(403);
        HttpResponse<String> form =
                http.send(
                        HttpRequest.newBuilder(base.resolve("/admin/api/users/dave/disable"))
                                .header("Cookie", cookie)
                                .header(AdminApi.CSRF_HEADER, csrf)
                                .header("Content-Type", "application/x-www-form-urlencoded")
                                .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(form.statusCode()).as("a form post").isEqualTo(415);
        assertThat(get("/admin/api/users/search/dave", cookie).body())
                .contains("\"disabled\":false");

        HttpResponse<String> disabled =
                post(
                        "/admin/api/users/dave/disable",
                        "{}",
                        Map.of("Cookie", cookie, AdminApi.CSRF_HEADER, csrf));
        assertThat(disabled.statusCode()).isEqualTo(200);
        assertThat(disabled.body()).contains("\"disabled\":true").contains("tokensNotBefore");
        assertThat(
                        post(
                                        "/admin/api/users/nobody/disable",
                                        "{}",
                                        Map.of("Cookie", cookie, AdminApi.CSRF_HEADER, csrf))
                                .statusCode())
                .isEqualTo(404);
        JsonObject audit =
                JsonParser.parseString(get("/admin/api/audit", cookie).body()).getAsJsonObject();
        assertThat(audit.getAsJsonArray("entries").toString())
                .contains("account.disable")
                .contains("ops-root")
                .contains("operator.create");
        assertThat(
                        post(
                                        "/admin/api/users/dave/enable",
                                        "{}",
                                        Map.of("Cookie", cookie, AdminApi.CSRF_HEADER, csrf))
                                .body())
                .contains("\"disabled\":false");

        assertThat(
                        post(
                                        "/admin/api/logout",
                                        "{}",
                                        Map.of("Cookie", cookie, AdminApi.CSRF_HEADER, csrf))
                                .statusCode())
                .isEqualTo(200);
        assertThat(get("/admin/api/users", cookie).statusCode())
                .as("the session ended")
                .isEqualTo(401);
    }

    @Test
    void thePageIsStaticLockedDownAndErrorsAreJson() throws Exception {
        HttpResponse<String> page = get("/admin", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp ->
                                assertThat(csp)
                                        .contains("default-src 'none'")
                                        .contains("frame-ancestors 'none'"));
        assertThat(page.headers().firstValue("X-Frame-Options")).contains("DENY");
        assertThat(page.body()).contains("Operator sign-in").doesNotContain("dave");
        HttpResponse<String> missing = get("/admin/api/nothing", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).contains("json"));
        HttpResponse<String> broken = post("/admin/api/login", "{not json", Map.of());
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body())
                .contains("malformed_json")
                .doesNotContain("Exception")
                .doesNotContain("at org.");
    }

    @Test
    void operatorLoginsAreThrottledAndConsoleChecksNeedTheServicePassword() throws Exception {
        String wrong = "{\"username\":\"ops-throttle\",\"password\":\"not the password\"}";
        for (int i = 0; i < 3; i++) {
            assertThat(post("/admin/api/login", wrong, Map.of()).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = post("/admin/api/login", wrong, Map.of());
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        // This server has no broker service password: console checks are refused outright.
        assertThat(
                        post(
                                        "/admin/api/console-login",
                                        "{\"username\":\"ops-root\",\"password\":\""
                                                + PASSWORD
                                                + "\"}",
                                        Map.of("Authorization", "Basic cGFybGV5LXNlcnZpY2U6eA=="))
                                .statusCode())
                .isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).GET();
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs {@code parley-server} with {@code args}; its stdout is dropped, its stderr kept. */
    private static int executeWithStderr(String[] args, StringWriter err) {
        return ParleyServerCommand.execute(
                args, new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
    }
}
