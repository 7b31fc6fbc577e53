package org.parley.auth.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.apache.activemq.artemis.api.core.client.ActiveMQClient;
import org.apache.activemq.artemis.api.core.client.ClientSession;
import org.apache.activemq.artemis.api.core.client.ClientSessionFactory;
import org.apache.activemq.artemis.api.core.client.ServerLocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.ApiClient;
import org.parley.auth.TestDevice;
import org.parley.model.LoginRequest;
import org.parley.model.LoginResponse;
import org.parley.testing.Wait;

/**
 * The whole local deployment, as {@code parley-server stack} runs it: real PostgreSQL, HTTP and
 * Artemis over TCP.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParleyStackIT {

    @TempDir static Path dataDir;

    private ParleyStack stack;
    private ApiClient api;

    @BeforeAll
    void startStack() {
        stack = ParleyStack.start(StackConfig.ephemeral(dataDir, 2), Clock.systemUTC());
        api = new ApiClient(stack.authUri());
        Wait.until(
                Duration.ofSeconds(30),
                "the cluster to form",
                () -> stack.broker(0).isClusterFormed(2) && stack.broker(1).isClusterFormed(2));
    }

    @AfterAll
    void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void loginHandsOutEveryNodeAndTheLessLoadedOneFirst() throws Exception {
        byte[] aliceKey = TestDevice.random(32);
        byte[] bobKey = TestDevice.random(32);
        TestDevice.cheapSignup(api, "alice", aliceKey);
        TestDevice.cheapSignup(api, "bob", bobKey);

        LoginResponse alice = TestDevice.loginWithKey(api, "alice", aliceKey);
        assertThat(alice.brokers()).containsExactlyInAnyOrderElementsOf(stack.brokerUrls());

        String aliceNode = alice.brokers().get(0);
        try (ServerLocator locator =
                        ActiveMQClient.createServerLocator(
                                aliceNode + "?useTopologyForLoadBalancing=false");
                ClientSessionFactory factory = locator.createSessionFactory();
                ClientSession session =
                        factory.createSession(
                                "alice", alice.token(), false, true, true, false, 0)) {
            session.start();
            String otherNode =
                    stack.brokerUrls().stream()
                            .filter(url -> !url.equals(aliceNode))
                            .findFirst()
                            .orElseThrow();
            // Counts are cached for a second; within a few, bob must be sent to the node alice is
            // not on.
            Wait.until(
                    Duration.ofSeconds(30),
                    "bob to be assigned " + otherNode,
                    () ->
                            TestDevice.loginWithKey(api, "bob", bobKey)
                                    .brokers()
                                    .get(0)
                                    .equals(otherNode));
            assertThat(TestDevice.loginWithKey(api, "bob", bobKey).brokers())
                    .containsExactly(otherNode, aliceNode);
        }
    }

    @Test
    void loginStillWorksWithOneNodeDownAndListsItLast() throws Exception {
        byte[] key = TestDevice.random(32);
        TestDevice.cheapSignup(api, "carol", key);
        String downNode = stack.brokerUrls().get(1);
        stack.stopBroker(1);
        try {
            Wait.until(
                    Duration.ofSeconds(30),
                    "the live node first",
                    () ->
                            TestDevice.loginWithKey(api, "carol", key)
                                    .brokers()
                                    .get(0)
                                    .equals(stack.brokerUrls().get(0)));
            assertThat(TestDevice.loginWithKey(api, "carol", key).brokers())
                    .containsExactly(stack.brokerUrls().get(0), downNode);
        } finally {
            stack.restartBroker(1);
            Wait.until(
                    Duration.ofSeconds(30),
                    "the cluster to re-form",
                    () -> stack.broker(0).isClusterFormed(2) && stack.broker(1).isClusterFormed(2));
        }
    }

    @Test
    void theBrokersOwnNamesCannotBeTakenAsUsernames() {
        for (String reserved : List.of("parley-cluster", "parley-service")) {
            ApiClient.Reply reply =
                    api.post(
                            "/api/v1/signup",
                            TestDevice.cheapSignupRequest(api, reserved, TestDevice.random(32)));
            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.error()).isEqualTo("invalid_username");
        }
    }

    @Test
    void secretsAndAccountsSurviveARestartOnTheSameDataDir(@TempDir Path otherDir)
            throws Exception {
        byte[] key = TestDevice.random(32);
        String servicePassword;
        try (ParleyStack first =
                ParleyStack.start(StackConfig.ephemeral(otherDir, 1), Clock.systemUTC())) {
            servicePassword = first.servicePassword();
            ApiClient firstApi = new ApiClient(first.authUri());
            assertThat(
                            firstApi.post(
                                            "/api/v1/signup",
                                            TestDevice.cheapSignupRequest(firstApi, "dave", key))
                                    .status())
                    .isEqualTo(201);
        }
        try (ParleyStack second =
                ParleyStack.start(StackConfig.ephemeral(otherDir, 1), Clock.systemUTC())) {
            assertThat(second.servicePassword()).isEqualTo(servicePassword);
            ApiClient.Reply reply =
                    new ApiClient(second.authUri())
                            .post("/api/v1/login", new LoginRequest("dave", key));
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.as(LoginResponse.class).brokers())
                    .containsExactlyElementsOf(second.brokerUrls());
        }
    }
}
