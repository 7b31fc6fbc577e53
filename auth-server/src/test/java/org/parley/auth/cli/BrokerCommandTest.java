package org.parley.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.broker.BrokerNodeConfig;
import org.parley.config.Settings;

class BrokerCommandTest {

    @TempDir Path tmp;

    @Test
    void theSampleFileIsAValidConfigurationWithTheDefaults() throws IOException {
        Path sample = sample();
        Map<String, String> env =
                Map.of(
                        "PARLEY_BROKER_CLUSTER_PASSWORD", "cluster-password-0123456789",
                        "PARLEY_BROKER_SERVICE_PASSWORD", "service-password-0123456789");
        Map<String, String> flags =
                Map.of(
                        "node-id",
                        "b1",
                        "data-dir",
                        tmp.toString(),
                        "token-public-key",
                        Base64.getEncoder().encodeToString(new byte[32]),
                        "auth-url",
                        "http://127.0.0.1:8080");

        Settings settings = BrokerCommand.settings(sample, env, flags);
        BrokerNodeConfig config = BrokerNodeConfig.from(settings);

        BrokerNodeConfig defaults =
                BrokerNodeConfig.builder()
                        .nodeId("b1")
                        .dataDir(tmp)
                        .tokenPublicKey(new byte[32])
                        .clusterPassword("cluster-password-0123456789")
                        .servicePassword("service-password-0123456789")
                        .authUrl(java.net.URI.create("http://127.0.0.1:8080"))
                        .build();
        assertThat(config).isEqualTo(defaults);
        assertThat(settings.bool(BrokerCommand.CONSOLE, false)).isTrue();
        assertThat(settings.integer(BrokerCommand.CONSOLE_PORT, 0)).isEqualTo(8161);
    }

    @Test
    void theSampleFileDocumentsEveryKey() throws IOException {
        String sample = Files.readString(sample(), StandardCharsets.UTF_8);

        for (String key : BrokerNodeConfig.keyHelp().keySet()) {
            assertThat(sample).as(key).containsPattern("(?m)^#?" + key + "=");
        }
    }

    private Path sample() throws IOException {
        Path sample = tmp.resolve("broker.properties");
        try (InputStream in = getClass().getResourceAsStream("/parley-broker.sample.properties")) {
            assertThat(in).isNotNull();
            Files.copy(in, sample);
        }
        return sample;
    }
}
