package org.parley.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.config.ConfigException;

class BrokerNodeConfigTest {

    @TempDir Path dir;

    private BrokerNodeConfig.Builder valid() {
        return TestSupport.config("node-1", dir, 61616, List.of("127.0.0.1:61617"));
    }

    @Test
    void defaultsAreFilledIn() {
        BrokerNodeConfig c =
                BrokerNodeConfig.builder()
                        .nodeId("n1")
                        .dataDir(dir)
                        .tokenPublicKey(TestSupport.AUTH_KEY.publicKey())
                        .clusterPassword(TestSupport.CLUSTER_PASSWORD)
                        .servicePassword(TestSupport.SERVICE_PASSWORD)
                        .build();
        assertThat(c.host()).isEqualTo("127.0.0.1");
        assertThat(c.port()).isEqualTo(61616);
        assertThat(c.peers()).isEmpty();
        assertThat(c.journalBufferTimeoutNanos()).isEqualTo(BrokerNodeConfig.CALIBRATE);
        assertThat(c.inboxMaxBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(c.maxDeliveryAttempts()).isEqualTo(5);
        assertThat(c.inboxAutoDeleteDelay()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.url()).isEqualTo("tcp://127.0.0.1:61616");
        assertThat(c.maxConnectionsPerUser()).isEqualTo(10);
        assertThat(c.inboxSenderShareMessages()).isEqualTo(1_000);
        // A 100 MiB file (client-core's default maximum) with its 16-byte tag per 64 KiB chunk,
        // after
        // "PRLYFIL1", the envelope length and an envelope of at most 8 MiB.
        assertThat(c.inboxMessageMaxBytes())
                .isEqualTo(8 + 4 + 8L * 1024 * 1024 + 100L * 1024 * 1024 + 1600 * 16);
    }

    @Test
    void invalidValuesAreRefusedWithASentenceNamingTheField() {
        assertRefused(b -> b.nodeId("bad id"), "node-id");
        assertRefused(b -> b.nodeId(null), "node-id");
        assertRefused(b -> b.host("0.0.0.0"), "host");
        assertRefused(b -> b.host("a host"), "host");
        assertRefused(b -> b.port(0), "port");
        assertRefused(b -> b.port(70000), "port");
        assertRefused(b -> b.dataDir(null), "data-dir");
        assertRefused(b -> b.peers(List.of("nohost")), "peer");
        assertRefused(b -> b.peers(List.of("127.0.0.1:x")), "port");
        assertRefused(b -> b.peers(List.of("127.0.0.1:61616")), "itself");
        assertRefused(b -> b.peers(List.of("h:1", "h:1")), "twice");
        assertRefused(b -> b.tokenPublicKey(new byte[31]), "token-public-key");
        assertRefused(b -> b.tokenPublicKey(null), "token-public-key");
        assertRefused(b -> b.clusterPassword("short"), "cluster-password");
        assertRefused(b -> b.servicePassword(null), "service-password");
        assertRefused(b -> b.servicePassword(TestSupport.CLUSTER_PASSWORD), "differ");
        assertRefused(
                b -> b.journalBufferTimeoutNanos(2_000_000_000L), "journal-buffer-timeout-ns");
        assertRefused(b -> b.inboxMaxBytes(1000), "inbox-max-bytes");
        assertRefused(b -> b.maxDeliveryAttempts(0), "max-delivery-attempts");
        assertRefused(b -> b.inboxAutoDeleteDelay(Duration.ZERO), "inbox-auto-delete-delay");
        assertRefused(b -> b.inboxIdCacheSize(1), "inbox-id-cache-size");
        assertRefused(b -> b.inboxPageLimitMessages(0), "inbox-page-limit-messages");
        assertRefused(b -> b.inboxMessageMaxBytes(1000), "inbox-message-max-bytes");
        assertRefused(b -> b.maxConnectionsPerUser(0), "max-connections-per-user");
        assertRefused(b -> b.inboxSenderShareMessages(0), "inbox-sender-share-messages");
        assertRefused(b -> b.securityInvalidationInterval(null), "security-invalidation-interval");
    }

    @Test
    void toStringNeverShowsThePasswords() {
        String s = valid().build().toString();
        assertThat(s)
                .doesNotContain(TestSupport.CLUSTER_PASSWORD)
                .doesNotContain(TestSupport.SERVICE_PASSWORD)
                .contains("clusterPassword=[redacted]");
    }

    @Test
    void publicKeyCannotBeChangedFromOutside() {
        byte[] key = TestSupport.AUTH_KEY.publicKey().clone();
        BrokerNodeConfig c = valid().tokenPublicKey(key).build();
        key[0] ^= 1;
        c.tokenPublicKey()[1] ^= 1;
        assertThat(c.tokenPublicKey()).isEqualTo(TestSupport.AUTH_KEY.publicKey());
    }

    @Test
    void configIsBuiltFromCommandLineFlags() throws Exception {
        Path keyFile = dir.resolve("auth-signing.pub");
        Files.writeString(
                keyFile,
                Base64.getEncoder().encodeToString(TestSupport.AUTH_KEY.publicKey()) + "\n");
        Map<String, String> flags = new HashMap<>();
        flags.put("node-id", "b1");
        flags.put("port", "61700");
        flags.put("data-dir", dir.toString());
        flags.put("peers", "127.0.0.1:61701, 127.0.0.1:61702");
        flags.put("token-public-key-file", keyFile.toString());
        flags.put("cluster-password", TestSupport.CLUSTER_PASSWORD);
        flags.put("service-password", TestSupport.SERVICE_PASSWORD);
        flags.put("inbox-auto-delete-delay", "PT5M");
        flags.put("inbox-max-bytes", "1048576");
        flags.put("inbox-page-limit-messages", "5000");
        flags.put("inbox-message-max-bytes", "2097152");
        flags.put("max-connections-per-user", "4");
        flags.put("inbox-sender-share-messages", "250");
        flags.put("auth-url", "http://10.0.0.5:8080/");
        flags.put("account-cache-ttl", "PT10S");

        BrokerNodeConfig c = BrokerNodeConfig.fromFlags(flags);
        assertThat(c.nodeId()).isEqualTo("b1");
        assertThat(c.port()).isEqualTo(61700);
        assertThat(c.peers()).containsExactly("127.0.0.1:61701", "127.0.0.1:61702");
        assertThat(c.tokenPublicKey()).isEqualTo(TestSupport.AUTH_KEY.publicKey());
        assertThat(c.inboxAutoDeleteDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.inboxMaxBytes()).isEqualTo(1048576);
        assertThat(c.inboxPageLimitMessages()).isEqualTo(5000);
        assertThat(c.inboxMessageMaxBytes()).isEqualTo(2097152);
        assertThat(c.maxConnectionsPerUser()).isEqualTo(4);
        assertThat(c.inboxSenderShareMessages()).isEqualTo(250);
        assertThat(c.toBuilder().build()).isEqualTo(c);
        assertThat(c.authUrl()).hasToString("http://10.0.0.5:8080");
        assertThat(c.accountCacheTtl()).isEqualTo(Duration.ofSeconds(10));

        flags.remove("auth-url");
        assertThatThrownBy(() -> BrokerNodeConfig.fromFlags(flags))
                .hasMessageContaining("auth-url is required");
        for (String bad :
                List.of(
                        "ftp://10.0.0.5",
                        "http://user:pw@10.0.0.5:8080",
                        "http://10.0.0.5:8080/api?x=1",
                        "10.0.0.5:8080")) {
            flags.put("auth-url", bad);
            assertThatThrownBy(() -> BrokerNodeConfig.fromFlags(flags))
                    .as(bad)
                    .hasMessageContaining("auth");
        }
        flags.put("auth-url", "http://10.0.0.5:8080");
        flags.put("account-cache-ttl", "PT2H");
        assertThatThrownBy(() -> BrokerNodeConfig.fromFlags(flags))
                .hasMessageContaining("account-cache-ttl");
        flags.put("account-cache-ttl", "PT10S");

        flags.put("prot", "1");
        assertThatThrownBy(() -> BrokerNodeConfig.fromFlags(flags)).hasMessageContaining("prot");
        flags.remove("prot");
        flags.put("port", "sixty");
        assertThatThrownBy(() -> BrokerNodeConfig.fromFlags(flags)).hasMessageContaining("port");
        flags.put("port", "61700");
        flags.put("token-public-key", "AAAA");
        assertThatThrownBy(() -> BrokerNodeConfig.fromFlags(flags))
                .hasMessageContaining("exactly one");
        flags.remove("token-public-key-file");
        assertThatThrownBy(() -> BrokerNodeConfig.fromFlags(flags)).hasMessageContaining("32");
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsKey() {
        Map<String, String> flags = new HashMap<>();
        flags.put("node-id", "bad id");
        flags.put("port", "sixty");
        flags.put("data-dir", dir.toString());
        flags.put("token-public-key", "AAAA");
        flags.put("inbox-auto-delete-delay", "soon");
        flags.put("cluster-password", "short");
        flags.put("prot", "1");

        assertThatThrownBy(() -> BrokerNodeConfig.fromFlags(flags))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e ->
                                assertThat(String.join("\n", e.problems()))
                                        .contains("unknown key 'prot'")
                                        .contains("port must be a whole number, got 'sixty'")
                                        .contains("inbox-auto-delete-delay must be a duration")
                                        .contains("auth-url is required")
                                        .contains("node-id must be")
                                        .contains("token-public-key")
                                        .contains("cluster-password must be at least 16")
                                        .contains("service-password is required")
                                        .doesNotContain("short"));
    }

    @Test
    void aConfigFileIsReadAndTheEnvironmentAndFlagsOverrideIt() throws Exception {
        Path file = dir.resolve("broker.properties");
        Files.writeString(
                file,
                String.join(
                        "\n",
                        "node-id=b1",
                        "port=61700",
                        "data-dir=" + dir,
                        "token-public-key="
                                + Base64.getEncoder()
                                        .encodeToString(TestSupport.AUTH_KEY.publicKey()),
                        "cluster-password=" + TestSupport.CLUSTER_PASSWORD,
                        "service-password=from-the-file-0123456789",
                        "auth-url=http://10.0.0.5:8080",
                        "account-cache-ttl=5m",
                        "inbox-auto-delete-delay=PT1H"));

        BrokerNodeConfig c =
                BrokerNodeConfig.load(
                        file,
                        Map.of("PARLEY_BROKER_SERVICE_PASSWORD", TestSupport.SERVICE_PASSWORD),
                        Map.of("port", "61701"));

        assertThat(c.nodeId()).isEqualTo("b1");
        assertThat(c.port()).isEqualTo(61701);
        assertThat(c.servicePassword().reveal()).isEqualTo(TestSupport.SERVICE_PASSWORD);
        assertThat(c.accountCacheTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.inboxAutoDeleteDelay()).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aPasswordFileWinsOverThePasswordItself() throws Exception {
        Path clusterFile = dir.resolve("cluster.password");
        Files.writeString(clusterFile, "cluster-from-a-file-0123456789\n");
        Map<String, String> flags = new HashMap<>(validFlags());
        flags.put("cluster-password-file", clusterFile.toString());

        assertThat(BrokerNodeConfig.fromFlags(flags).clusterPassword().reveal())
                .isEqualTo("cluster-from-a-file-0123456789");
    }

    private Map<String, String> validFlags() {
        return Map.of(
                "node-id",
                "b1",
                "data-dir",
                dir.toString(),
                "token-public-key",
                Base64.getEncoder().encodeToString(TestSupport.AUTH_KEY.publicKey()),
                "cluster-password",
                TestSupport.CLUSTER_PASSWORD,
                "service-password",
                TestSupport.SERVICE_PASSWORD,
                "auth-url",
                "http://10.0.0.5:8080");
    }

    @Test
    void renderedBrokerXmlHasThePeersAndLoadsInArtemis() throws Exception {
        BrokerNodeConfig c = valid().peers(List.of("127.0.0.1:61617", "[::1]:61618")).build();
        Path xml = BrokerXml.write(c, 1234);
        var configuration = BrokerXml.load(xml);
        assertThat(configuration.getName()).isEqualTo("node-1");
        assertThat(configuration.getJournalBufferTimeout_NIO()).isEqualTo(1234);
        assertThat(configuration.isPopulateValidatedUser()).isTrue();
        assertThat(configuration.isSecurityEnabled()).isTrue();
        // In-JVM JMX for the operators' console; no remote connector is configured.
        assertThat(configuration.isJMXManagementEnabled()).isTrue();
        assertThat(configuration.isPersistIDCache()).isTrue();
        assertThat(configuration.getConnectorConfigurations())
                .containsKeys("self", "peer-0", "peer-1");
        assertThat(configuration.getClusterConfigurations()).hasSize(1);
        var cluster = configuration.getClusterConfigurations().get(0);
        assertThat(cluster.getStaticConnectors()).containsExactly("peer-0", "peer-1");
        assertThat(cluster.getMessageLoadBalancingType().name()).isEqualTo("ON_DEMAND");
        var inbox = configuration.getAddressSettings().get("parley.inbox.#");
        assertThat(inbox.getRedistributionDelay()).isZero();
        assertThat(inbox.getAddressFullMessagePolicy().name()).isEqualTo("PAGE");
        assertThat(inbox.getDeadLetterAddress().toString()).isEqualTo("parley.dlq");
        assertThat(inbox.getAutoDeleteQueuesMessageCount()).isZero();

        BrokerNodeConfig single = valid().peers(List.of()).build();
        assertThat(BrokerXml.load(BrokerXml.write(single, 1234)).getClusterConfigurations())
                .isEmpty();
    }

    private void assertRefused(UnaryOperator<BrokerNodeConfig.Builder> change, String mentioned) {
        assertThatThrownBy(() -> change.apply(valid()).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(mentioned);
    }
}
