package org.parley.auth.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.auth.ApiClient;
import org.parley.auth.RunningAuthServer;
import org.parley.auth.TestDevice;
import org.parley.model.AccountDirectoryEntry;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.model.PresenceViewers;

/**
 * The brokers' account lookup and the users' presence viewer lists, over real HTTP on a real
 * database.
 */
class DirectoryRoutesIT {
    private static final String SERVICE_PASSWORD = "brokers-service-password";

    // No brokers: the service password is known (what brokers authenticate with), nothing is
    // probed.
    @RegisterExtension
    static final RunningAuthServer auth =
            RunningAuthServer.withSettings(Map.of("broker-service-password", SERVICE_PASSWORD));

    static ApiClient api;
    static String bobsToken;

    @BeforeAll
    static void start() throws Exception {
        api = auth.api();
        TestDevice.signup(api, "alice", "alice's long password");
        TestDevice.Signup bob = TestDevice.signup(api, "bob", "bob's long password");
        bobsToken =
                api.post("/api/v1/login", new LoginRequest("bob", bob.keys().authKey()))
                        .as(LoginResponse.class)
                        .token();
    }

    @Test
    void aUserSetsWhoMayFollowTheirPresenceAndTheBrokersReadIt() {
        ApiClient.Reply put =
                put("{\"viewers\":[\"Carol\",\"alice\",\"alice\",\"bob\"]}", "Bearer " + bobsToken);
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.as(PresenceViewers.class).viewers())
                .as("canonical, sorted, without duplicates or bob")
                .containsExactly("alice", "carol");
        assertThat(
                        api.get(DirectoryRoutes.PRESENCE_VIEWERS, "Bearer " + bobsToken)
                                .as(PresenceViewers.class)
                                .viewers())
                .containsExactly("alice", "carol");

        ApiClient.Reply lookup =
                api.get(DirectoryRoutes.SERVICE_ACCOUNTS + "/bob", service(SERVICE_PASSWORD));
        assertThat(lookup.status()).isEqualTo(200);
        assertThat(lookup.as(AccountDirectoryEntry.class))
                .isEqualTo(new AccountDirectoryEntry("bob", false, List.of("alice", "carol")));
        assertThat(
                        api.get(
                                        DirectoryRoutes.SERVICE_ACCOUNTS + "/alice",
                                        service(SERVICE_PASSWORD))
                                .as(AccountDirectoryEntry.class)
                                .presenceViewers())
                .as("alice never set a list: nobody")
                .isEmpty();

        assertThat(put("{\"viewers\":[]}", "Bearer " + bobsToken).status()).isEqualTo(200);
        assertThat(
                        api.get(
                                        DirectoryRoutes.SERVICE_ACCOUNTS + "/bob",
                                        service(SERVICE_PASSWORD))
                                .as(AccountDirectoryEntry.class)
                                .presenceViewers())
                .isEmpty();
    }

    @Test
    void badViewerListsAreRefusedWithJsonAndChangeNothing() {
        assertThat(put("{\"viewers\":[\"alice\"]}", "Bearer " + bobsToken).status()).isEqualTo(200);
        assertThat(put("{\"viewers\":[\"alice\"]}", null).status()).isEqualTo(401);
        assertThat(put("{\"viewers\":[\"alice\"]}", "Bearer forged").status()).isEqualTo(401);
        assertThat(put("{\"viewers\":[\"no/slash\"]}", "Bearer " + bobsToken).error())
                .isEqualTo("invalid_username");
        assertThat(put("{\"viewers\":[null]}", "Bearer " + bobsToken).error())
                .isEqualTo("invalid_request");
        assertThat(put("{}", "Bearer " + bobsToken).error()).isEqualTo("invalid_request");
        assertThat(put("{\"viewers\":\"alice\"}", "Bearer " + bobsToken).status()).isEqualTo(400);
        StringBuilder many = new StringBuilder("{\"viewers\":[");
        for (int i = 0; i <= PresenceViewers.MAX_VIEWERS; i++) {
            many.append(i == 0 ? "" : ",")
                    .append("\"u")
                    .append(String.format("%05d", i))
                    .append('"');
        }
        ApiClient.Reply tooMany = put(many.append("]}").toString(), "Bearer " + bobsToken);
        assertThat(tooMany.status()).as(tooMany.toString()).isIn(400, 413);
        assertThat(
                        api.get(DirectoryRoutes.PRESENCE_VIEWERS, "Bearer " + bobsToken)
                                .as(PresenceViewers.class)
                                .viewers())
                .containsExactly("alice");
    }

    @Test
    void onlyTheBrokersMayLookUpAccountsAndOnlyExactNamesAreAccounts() {
        assertThat(api.get(DirectoryRoutes.SERVICE_ACCOUNTS + "/bob", null).error())
                .isEqualTo("invalid_credentials");
        assertThat(
                        api.get(DirectoryRoutes.SERVICE_ACCOUNTS + "/bob", "Bearer " + bobsToken)
                                .status())
                .isEqualTo(401);
        assertThat(
                        api.get(
                                        DirectoryRoutes.SERVICE_ACCOUNTS + "/bob",
                                        service("wrong password"))
                                .status())
                .isEqualTo(401);
        assertThat(
                        api.get(
                                        DirectoryRoutes.SERVICE_ACCOUNTS + "/ghost",
                                        service(SERVICE_PASSWORD))
                                .error())
                .isEqualTo("unknown_user");
        assertThat(
                        api.get(
                                        DirectoryRoutes.SERVICE_ACCOUNTS + "/BOB",
                                        service(SERVICE_PASSWORD))
                                .status())
                .as("a spelling a broker would never ask for")
                .isEqualTo(404);
        assertThat(
                        api.get(
                                        DirectoryRoutes.SERVICE_ACCOUNTS + "/%2e%2e",
                                        service(SERVICE_PASSWORD))
                                .status())
                .as("a path trick (Jetty refuses it as ambiguous)")
                .isBetween(400, 404);
    }

    private static ApiClient.Reply put(String json, String authorization) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(api.uri(DirectoryRoutes.PRESENCE_VIEWERS))
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return api.send(request.build());
    }

    private static String service(String password) {
        return "Basic "
                + Base64.getEncoder()
                        .encodeToString(
                                ("parley-service:" + password).getBytes(StandardCharsets.UTF_8));
    }
}
