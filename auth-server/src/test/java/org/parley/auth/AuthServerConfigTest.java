package org.parley.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.auth.security.LoginThrottle;

class AuthServerConfigTest {

    @TempDir Path tmp;

    @Test
    void defaultsAreLoopbackEmbeddedDatabaseAndProtocolLimits() {
        AuthServerConfig config = AuthServerConfig.fromSettings(Map.of("data-dir", tmp.toString()));

        assertThat(config.bindHost()).isEqualTo("127.0.0.1");
        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.jdbcUrl()).isNull();
        assertThat(config.tokenTtl()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.throttle()).isEqualTo(LoginThrottle.Limits.DEFAULT);
        assertThat(config.maxBodyBytes()).isEqualTo(64 * 1024);
        assertThat(config.brokers()).isEmpty();
        assertThat(config.dataDir()).isEqualTo(tmp.toAbsolutePath());
        assertThat(config.maxDevices()).isEqualTo(5);
    }

    @Test
    void withoutADataDirTheUserDataDirIsUsed() {
        AuthServerConfig config = AuthServerConfig.fromSettings(Map.of());

        assertThat(config.dataDir().getFileName()).hasToString("auth");
        assertThat(config.dataDir().getParent().getFileName()).hasToString("parley");
    }

    @Test
    void flagsWinOverEnvironmentWhichWinsOverTheFile() throws IOException {
        Path file = tmp.resolve("auth.properties");
        Files.writeString(
                file, "port=1111\nbind-host=0.0.0.0\ntoken-ttl=5m\nbrokers=tcp://a:1, tcp://b:2\n");
        Map<String, String> env =
                Map.of(
                        "PARLEY_AUTH_PORT",
                        "2222",
                        "PARLEY_AUTH_TOKEN_TTL",
                        "10m",
                        "PARLEY_AUTH_THROTTLE_USER_FAILURES",
                        "7",
                        "UNRELATED",
                        "x");

        AuthServerConfig config =
                AuthServerConfig.load(
                        file, env, Map.of("port", "3333", "data-dir", tmp.toString()));

        assertThat(config.port()).isEqualTo(3333);
        assertThat(config.tokenTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(config.bindHost()).isEqualTo("0.0.0.0");
        assertThat(config.throttle().maxFailuresPerUser()).isEqualTo(7);
        assertThat(config.brokers())
                .containsExactly(URI.create("tcp://a:1"), URI.create("tcp://b:2"));
    }

    @Test
    void everyBadValueIsReportedInOneMessageNamingTheKey() {
        Map<String, String> settings =
                Map.of(
                        "port",
                        "eighty",
                        "token-ttl",
                        "soon",
                        "throttle.user-failures",
                        "-1",
                        "data-dir",
                        tmp.toString());

        assertThatThrownBy(() -> AuthServerConfig.fromSettings(settings))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("Invalid configuration: ")
                .hasMessageContaining("port must be a whole number, got 'eighty'")
                .hasMessageContaining("token-ttl must be a duration such as 30s, 15m")
                .hasMessageContaining("got 'soon'")
                .hasMessageContaining("maxFailuresPerUser must be at least 1");
    }

    @Test
    void outOfRangeValuesAreRefused() {
        assertInvalid(Map.of("port", "70000"), "port must be between 0 and 65535");
        assertInvalid(Map.of("token-ttl", "30s"), "token-ttl must be between 1m and 24h");
        assertInvalid(Map.of("max-body-bytes", "10"), "max-body-bytes must be between");
        assertInvalid(
                Map.of("jdbc-url", "jdbc:mysql://x/y"), "jdbc-url must be a PostgreSQL JDBC URL");
        assertInvalid(Map.of("jdbc-user", "bob"), "need jdbc-url");
        assertInvalid(
                Map.of("brokers", "no-scheme"), "brokers entries must look like tcp://host:port");
        assertInvalid(
                Map.of("bcrypt.threads", "4", "bcrypt.max-in-flight", "2"),
                "bcrypt.max-in-flight must be at least");
        assertInvalid(Map.of("devices.max", "0"), "devices.max must be between 1 and 32, got 0");
        assertInvalid(Map.of("devices.max", "33"), "devices.max must be between 1 and 32, got 33");
    }

    @Test
    void aMisspelledKeyIsRefusedRatherThanIgnored() {
        assertInvalid(Map.of("prot", "8080"), "unknown key 'prot'");
    }

    @Test
    void aMissingConfigFileIsReported() {
        Path missing = tmp.resolve("nope.properties");

        assertThatThrownBy(() -> AuthServerConfig.load(missing, Map.of(), Map.of()))
                .hasMessageContaining("Cannot read configuration file " + missing);
    }

    @Test
    void theSampleFileIsAValidConfiguration() throws IOException {
        Path sample = tmp.resolve("sample.properties");
        try (InputStream in = getClass().getResourceAsStream("/parley-auth.sample.properties")) {
            assertThat(in).isNotNull();
            Files.copy(in, sample);
        }

        AuthServerConfig config =
                AuthServerConfig.load(sample, Map.of(), Map.of("data-dir", tmp.toString()));

        assertThat(config.port()).isEqualTo(8080);
        assertThat(config.throttle()).isEqualTo(LoginThrottle.Limits.DEFAULT);
    }

    @Test
    void toStringNeverShowsTheSecrets() {
        AuthServerConfig config =
                AuthServerConfig.fromSettings(
                        Map.of(
                                "data-dir",
                                tmp.toString(),
                                "jdbc-url",
                                "jdbc:postgresql://db/parley",
                                "jdbc-password",
                                "hunter2",
                                "broker-service-password",
                                "service-secret"));

        assertThat(config.jdbcPassword().reveal()).isEqualTo("hunter2");
        assertThat(config.toString())
                .doesNotContain("hunter2")
                .doesNotContain("service-secret")
                .contains("jdbcPassword=[redacted]");
        assertThat(config.databaseConfig().toString()).doesNotContain("hunter2");
        assertThat(config.brokers()).isEqualTo(List.of());
    }

    private void assertInvalid(Map<String, String> settings, String message) {
        Map<String, String> withDir = new HashMap<>(settings);
        withDir.put("data-dir", tmp.toString());
        assertThatThrownBy(() -> AuthServerConfig.fromSettings(withDir))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(message);
    }
}
