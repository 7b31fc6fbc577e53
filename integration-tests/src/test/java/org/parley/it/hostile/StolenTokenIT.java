package org.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonParser;
import jakarta.jms.JMSSecurityException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.ConnectionState;
import org.parley.testing.OperatorSession;
import org.parley.testing.Wait;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.ConnectionsOnEveryNode;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;

/**
 * Bob's session token is stolen: the thief holds open JMS connections with it on both nodes (one of
 * them consuming bob's inbox). An operator then disables bob through the real admin API (operator
 * login, session cookie, CSRF token). Asserted, per decision 0003: the thief's open connections are
 * closed by both nodes, the stolen token no longer opens a connection on either node, cannot be
 * refreshed at the auth server, bob's own client is cut off too, and mail sent to bob afterwards
 * stays in his inbox rather than reaching the thief.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class StolenTokenIT {
    private static final String OPERATOR = "ops-olga";
    private static final String OPERATOR_PASSWORD = "a long operator password";

    @RegisterExtension static final LocalStack stack = LocalStack.perClass();
    @Account static TestAccount alice;
    @Account static TestAccount bob;

    @BeforeAll
    static void startStack() {
        stack.stack.authServer().operators().create(OPERATOR, OPERATOR_PASSWORD, "StolenTokenIT");
    }

    @Test
    void aStolenTokenStopsWorkingAtEveryBrokerOnceTheAccountIsDisabled() throws Exception {
        String stolen = bob.token(stack.authUri());
        try (TestClient bobsClient = stack.login(bob)) {
            try (ConnectionsOnEveryNode thief = ConnectionsOnEveryNode.open(stack, "bob", stolen)) {
                assertThat(thief.consumeInbox()).isNotNull();

                disableThroughTheAdminApi("bob");

                Wait.until("both nodes to close the thief's connections", thief::allCutOff);
                assertThat(ConnectionsOnEveryNode.refusals(stack, "bob", stolen))
                        .as("new connections with the stolen token, by node")
                        .hasSize(LocalStack.NODES)
                        .hasOnlyElementsOfType(JMSSecurityException.class);
                HttpResponse<String> refresh =
                        HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(
                                                        stack.authUri()
                                                                .resolve("/api/v1/token/refresh"))
                                                .header("Authorization", "Bearer " + stolen)
                                                .POST(HttpRequest.BodyPublishers.noBody())
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString());
                assertThat(refresh.statusCode()).as("refreshing the stolen token").isEqualTo(401);
                assertThat(JsonParser.parseString(refresh.body()).getAsJsonObject().has("error"))
                        .isTrue();

                // Bob's own session is cut off as well and cannot come back with a new token.
                Wait.until(
                        "bob's client to lose its connection",
                        () ->
                                bobsClient.session.connectedBroker().isEmpty()
                                        || bobsClient.events.connection.contains(
                                                ConnectionState.DISCONNECTED));
            }
        }

        // Mail for bob now waits in his inbox: nobody holding an old token can take it.
        try (TestClient alicesClient = stack.login(alice)) {
            TestClient.await(alicesClient.session.sendText("bob", "for bob only"));
            Wait.until(
                    "the message to wait in bob's inbox",
                    () -> stack.inboxCount(0, "bob") + stack.inboxCount(1, "bob") == 1);
        }
    }

    /**
     * What an operator's browser does on the admin page: sign in, then POST with the CSRF token.
     */
    private static void disableThroughTheAdminApi(String user) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI admin = stack.stack.adminUri();
        HttpResponse<String> login =
                http.send(
                        HttpRequest.newBuilder(admin.resolve("/admin/api/login"))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                "{\"username\":\""
                                                        + OPERATOR
                                                        + "\",\"password\":\""
                                                        + OPERATOR_PASSWORD
                                                        + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as("operator login: %s", login.body()).isEqualTo(200);
        OperatorSession session = OperatorSession.of(login);
        String cookie = session.cookie();
        String csrf = session.csrf();
        HttpResponse<String> disable =
                http.send(
                        HttpRequest.newBuilder(
                                        admin.resolve("/admin/api/users/" + user + "/disable"))
                                .header("Content-Type", "application/json")
                                .header("Cookie", cookie)
                                .header("X-CSRF-Token", csrf)
                                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(disable.statusCode()).as("disable: %s", disable.body()).isEqualTo(200);
    }
}
