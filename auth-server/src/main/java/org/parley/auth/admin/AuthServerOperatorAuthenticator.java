package org.parley.auth.admin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.parley.broker.ServiceBasicAuth;
import org.parley.broker.console.OperatorAuthenticator;
import org.parley.model.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator check of a broker console on its own host ({@code parley-server broker}): asks the
 * auth server ({@code POST /admin/api/console-login}, authorized by the brokers' {@code
 * parley-service} password), so operators stay in one table, behind one throttle and one audit log,
 * and broker hosts need no database credentials.
 */
public final class AuthServerOperatorAuthenticator implements OperatorAuthenticator {

    private static final Logger log =
            LoggerFactory.getLogger(AuthServerOperatorAuthenticator.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI endpoint;
    private final String authorization;
    private final HttpClient http;

    public AuthServerOperatorAuthenticator(URI authServer, String servicePassword) {
        Objects.requireNonNull(authServer, "authServer");
        Objects.requireNonNull(servicePassword, "servicePassword");
        this.endpoint = authServer.resolve(AdminApi.BASE + "/console-login");
        this.authorization = ServiceBasicAuth.header(servicePassword);
        this.http =
                HttpClient.newBuilder()
                        .connectTimeout(TIMEOUT)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    @Override
    public Optional<String> authenticate(String username, String password) {
        String body = Json.write(new AdminApi.LoginBody(username, password));
        HttpRequest request =
                HttpRequest.newBuilder(endpoint)
                        .timeout(TIMEOUT)
                        .header("Authorization", authorization)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build();
        try {
            HttpResponse<String> response =
                    http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                return Optional.empty();
            }
            Object operator = Json.gson().fromJson(response.body(), Map.class).get("operator");
            return operator instanceof String name ? Optional.of(name) : Optional.empty();
        } catch (java.io.IOException | RuntimeException e) {
            log.warn(
                    "Cannot check an operator with the auth server at {}: {}",
                    endpoint,
                    e.toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
