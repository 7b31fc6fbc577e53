package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.parley.broker.TestSupport.AUTH_KEY;
import static org.parley.broker.TestSupport.CLUSTER_PASSWORD;
import static org.parley.broker.TestSupport.SERVICE_PASSWORD;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.parley.crypto.SessionClaims;
import org.parley.crypto.SessionTokens;
import org.parley.testing.MutableClock;

/** The authentication and authorization rules, without a broker. */
class TokenSecurityManagerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T12:00:00Z");
    private static final String SUB_1 = "0b1c2d3e-0000-4000-8000-000000000001";
    private static final String SUB_2 = "0b1c2d3e-0000-4000-8000-000000000002";

    private final MutableClock clock = new MutableClock(T0);
    private final Map<String, String> owners =
            new ConcurrentHashMap<>(Map.of(SUB_1, "bob", SUB_2, "carol"));
    private final TokenSecurityManager security = securityWith(AccountDirectory.open());

    /**
     * A manager with a 100-token cache and no revocations, asking {@code directory} about names.
     */
    private TokenSecurityManager securityWith(AccountDirectory directory) {
        return new TokenSecurityManager(
                AUTH_KEY.publicKey(),
                CLUSTER_PASSWORD,
                SERVICE_PASSWORD,
                clock,
                100,
                name -> Optional.ofNullable(owners.get(name)),
                RevocationList.inMemory(clock),
                directory);
    }

    private String tokenAt(String user, Instant iat) {
        return SessionTokens.issue(
                AUTH_KEY.privateKey(), SessionClaims.session(user, iat, Duration.ofMinutes(15)));
    }

    private Subject login(String user) {
        Subject subject = security.authenticate(user, tokenAt(user, clock.instant()), null, null);
        assertThat(subject).as("login of %s", user).isNotNull();
        return subject;
    }

    @Test
    void validTokenGivesASubjectNamedAfterTheUser() {
        Subject subject = login("alice");
        assertThat(subject.getPrincipals(UserPrincipal.class))
                .extracting(UserPrincipal::getName)
                .containsExactly("alice");
        assertThat(security.getUserFromSubject(subject)).isEqualTo("alice");
    }

    @Test
    void tokenIsRefusedOnceExpiredEvenIfItWasCached() {
        String token = tokenAt("alice", clock.instant());
        assertThat(security.authenticate("alice", token, null, null)).isNotNull();
        assertThat(security.cachedTokenCount()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(15));
        assertThat(security.authenticate("alice", token, null, null)).isNull();
    }

    @Test
    void cachedTokenIsStillRefusedForAnotherUsername() {
        String token = tokenAt("alice", clock.instant());
        assertThat(security.authenticate("alice", token, null, null)).isNotNull();
        assertThat(security.authenticate("bob", token, null, null)).isNull();
    }

    @Test
    void establishedConnectionKeepsItsIdentityAfterItsTokenExpiresButANewOneDoesNot() {
        String token = tokenAt("alice", clock.instant());
        AtomicReference<Subject> held = new AtomicReference<>();
        RemotingConnection connection = connectionHolding(held);
        held.set(security.authenticate("alice", token, connection, null));
        assertThat(held.get()).isNotNull();

        clock.advance(Duration.ofHours(1));
        assertThat(security.authenticate("alice", token, connection, null)).isSameAs(held.get());
        assertThat(
                        security.authenticate(
                                "alice", token, connectionHolding(new AtomicReference<>()), null))
                .isNull();
        assertThat(security.authenticate("alice", tokenAt("alice", T0), connection, null))
                .as("a different (expired) token on the same connection")
                .isNull();
    }

    @Test
    void tokenCacheStaysBounded() {
        for (int i = 0; i < 250; i++) {
            login("user" + i);
        }
        assertThat(security.cachedTokenCount()).isLessThanOrEqualTo(100);
    }

    @Test
    void builtInUsersNeedTheirExactPassword() {
        assertThat(security.authenticate("parley-cluster", CLUSTER_PASSWORD, null, null))
                .isNotNull();
        assertThat(security.authenticate("parley-service", SERVICE_PASSWORD, null, null))
                .isNotNull();
        assertThat(security.authenticate("parley-cluster", SERVICE_PASSWORD, null, null)).isNull();
        assertThat(security.authenticate("parley-service", CLUSTER_PASSWORD, null, null)).isNull();
        assertThat(
                        security.authenticate(
                                "parley-service",
                                tokenAt("parley-service", clock.instant()),
                                null,
                                null))
                .isNull();
        assertThat(security.authenticate(null, null, null, null)).isNull();
    }

    @ParameterizedTest(name = "bob {0} {1}: {2}")
    @CsvSource({
        // own inbox
        "CONSUME, parley.inbox.bob::parley.inbox.bob, true",
        "BROWSE, parley.inbox.bob::parley.inbox.bob, true",
        "CREATE_DURABLE_QUEUE, parley.inbox.bob::parley.inbox.bob, true",
        "CREATE_ADDRESS, parley.inbox.bob::parley.inbox.bob, true",
        "DELETE_DURABLE_QUEUE, parley.inbox.bob::parley.inbox.bob, false",
        "DELETE_ADDRESS, parley.inbox.bob, false",
        // someone else's inbox: send and create, never read
        "SEND, parley.inbox.alice, true",
        "SEND, parley.inbox.alice::parley.inbox.alice, true",
        "CREATE_ADDRESS, parley.inbox.alice, true",
        "CREATE_DURABLE_QUEUE, parley.inbox.alice::parley.inbox.alice, true",
        "CONSUME, parley.inbox.alice::parley.inbox.alice, false",
        "BROWSE, parley.inbox.alice::parley.inbox.alice, false",
        "CREATE_DURABLE_QUEUE, parley.inbox.alice::tap, false",
        "CREATE_NON_DURABLE_QUEUE, parley.inbox.alice::parley.inbox.alice, false",
        "SEND, parley.inbox.alice::other, false",
        // names that are not inboxes of valid users
        "SEND, parley.inbox.Alice, false",
        "SEND, parley.inbox.a, false",
        "SEND, parley.inbox., false",
        "SEND, parley.inbox.#, false",
        "SEND, parley.inbox.*, false",
        "SEND, parley.inbox.al*, false",
        "CONSUME, parley.inbox.#::parley.inbox.#, false",
        "SEND, parley.dlq, false",
        "SEND, activemq.management, false",
        "MANAGE, activemq.management, false",
        "VIEW, mops.broker.getConnectionCount, false",
        "CREATE_ADDRESS, bobs-address, false",
        "CREATE_DURABLE_QUEUE, bobs-queue::bobs-queue, false",
        // presence: subscribe with a UUID-named non-durable queue, read and delete only your own
        "CREATE_ADDRESS, parley.presence.alice, true",
        "CREATE_ADDRESS, parley.presence.alice::" + SUB_1 + ", true",
        "CREATE_NON_DURABLE_QUEUE, parley.presence.alice::" + SUB_1 + ", true",
        "CONSUME, parley.presence.alice::" + SUB_1 + ", true",
        "DELETE_NON_DURABLE_QUEUE, parley.presence.alice::" + SUB_1 + ", true",
        "CONSUME, parley.presence.alice::" + SUB_2 + ", false",
        "DELETE_NON_DURABLE_QUEUE, parley.presence.alice::" + SUB_2 + ", false",
        "CREATE_NON_DURABLE_QUEUE, parley.presence.alice::parley.inbox.carol, false",
        "CREATE_DURABLE_QUEUE, parley.presence.alice::" + SUB_1 + ", false",
        "SEND, parley.presence.alice, false",
        "SEND, parley.presence.bob, false",
        "CREATE_NON_DURABLE_QUEUE, parley.presence.#::" + SUB_1 + ", false",
        "CREATE_ADDRESS, parley.presence.*, false",
    })
    void chatUserPermissions(CheckType type, String address, boolean expected) {
        assertThat(security.authorize(login("bob"), Set.of(), type, address)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "service {0} {1}: {2}")
    @CsvSource({
        "MANAGE, activemq.management, true",
        "VIEW, mops.broker.getConnectionCount, true",
        "EDIT, mops.broker.createAddress, false",
        "VIEW, mops.#, false",
        "CREATE_NON_DURABLE_QUEUE, parley.service.reply."
                + SUB_1
                + "::parley.service.reply."
                + SUB_1
                + ", true",
        "CONSUME, parley.service.reply." + SUB_1 + "::parley.service.reply." + SUB_1 + ", true",
        "SEND, parley.service.reply." + SUB_1 + ", true",
        "SEND, parley.inbox.alice, false",
        "CONSUME, parley.inbox.alice::parley.inbox.alice, false",
        "CREATE_DURABLE_QUEUE, parley.service.reply."
                + SUB_1
                + "::parley.service.reply."
                + SUB_1
                + ", false",
        "CREATE_NON_DURABLE_QUEUE, parley.service.reply.x::parley.service.reply.x, false",
    })
    void serviceUserPermissions(CheckType type, String address, boolean expected) {
        Subject service = security.authenticate("parley-service", SERVICE_PASSWORD, null, null);
        assertThat(security.authorize(service, Set.of(), type, address)).isEqualTo(expected);
    }

    @Test
    void nothingIsGrantedWithoutASubject() {
        assertThat(security.authorize(null, Set.of(), CheckType.SEND, "parley.inbox.alice"))
                .isFalse();
        assertThat(
                        security.authorize(
                                new Subject(), Set.of(), CheckType.SEND, "parley.inbox.alice"))
                .isFalse();
        assertThat(
                        security.validateUserAndRole(
                                "bob", tokenAt("bob", clock.instant()), Set.of(), CheckType.SEND))
                .isFalse();
    }

    private static RemotingConnection connectionHolding(AtomicReference<Subject> subject) {
        return (RemotingConnection)
                Proxy.newProxyInstance(
                        TokenSecurityManagerTest.class.getClassLoader(),
                        new Class<?>[] {RemotingConnection.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "getSubject" -> subject.get();
                                    case "getRemoteAddress" -> "127.0.0.1:1";
                                    case "hashCode" -> System.identityHashCode(proxy);
                                    case "equals" -> proxy == args[0];
                                    case "toString" -> "test connection";
                                    default -> null;
                                });
    }

    @Test
    void creatingAnotherUsersInboxNeedsAnAccountAndFollowingTheirPresenceNeedsTheirPermission() {
        // bob is an account that lets alice (only) follow him; ghost is not an account.
        AccountDirectory directory =
                new AccountDirectory() {
                    @Override
                    public boolean isAccount(String user) {
                        return Set.of("alice", "bob", "mallory").contains(user);
                    }

                    @Override
                    public boolean mayFollowPresence(String viewer, String owner) {
                        return owner.equals("bob") && viewer.equals("alice");
                    }
                };
        TokenSecurityManager guarded = securityWith(directory);
        Subject mallory =
                guarded.authenticate("mallory", tokenAt("mallory", clock.instant()), null, null);
        Subject alice =
                guarded.authenticate("alice", tokenAt("alice", clock.instant()), null, null);
        Subject ghost =
                guarded.authenticate("ghost", tokenAt("ghost", clock.instant()), null, null);

        assertThat(
                        guarded.authorize(
                                mallory, Set.of(), CheckType.CREATE_ADDRESS, "parley.inbox.bob"))
                .isTrue();
        assertThat(
                        guarded.authorize(
                                mallory,
                                Set.of(),
                                CheckType.CREATE_DURABLE_QUEUE,
                                "parley.inbox.bob::parley.inbox.bob"))
                .isTrue();
        assertThat(
                        guarded.authorize(
                                mallory, Set.of(), CheckType.CREATE_ADDRESS, "parley.inbox.ghost"))
                .isFalse();
        assertThat(
                        guarded.authorize(
                                mallory,
                                Set.of(),
                                CheckType.CREATE_DURABLE_QUEUE,
                                "parley.inbox.ghost::parley.inbox.ghost"))
                .isFalse();
        // A valid token proves its own account, even one the directory cannot confirm.
        assertThat(
                        guarded.authorize(
                                ghost,
                                Set.of(),
                                CheckType.CREATE_DURABLE_QUEUE,
                                "parley.inbox.ghost::parley.inbox.ghost"))
                .isTrue();

        String subscription = "parley.presence.bob::" + SUB_1;
        assertThat(
                        guarded.authorize(
                                alice, Set.of(), CheckType.CREATE_NON_DURABLE_QUEUE, subscription))
                .isTrue();
        assertThat(
                        guarded.authorize(
                                mallory,
                                Set.of(),
                                CheckType.CREATE_NON_DURABLE_QUEUE,
                                subscription))
                .isFalse();
        assertThat(
                        guarded.authorize(
                                mallory,
                                Set.of(),
                                CheckType.CREATE_NON_DURABLE_QUEUE,
                                "parley.presence.mallory::" + SUB_2))
                .isTrue();
    }
}
