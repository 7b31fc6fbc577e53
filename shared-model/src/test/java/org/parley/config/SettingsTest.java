package org.parley.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTest {

    private static final Set<String> KEYS = Set.of("port", "token-ttl", "host", "password");

    @TempDir Path tmp;

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheFile() throws IOException {
        Path file = tmp.resolve("server.properties");
        Files.writeString(file, "port=1111\nhost=file-host\ntoken-ttl=5m\n");

        Settings settings =
                Settings.load(
                        KEYS,
                        "PARLEY_TEST_",
                        file,
                        Map.of("PARLEY_TEST_PORT", "2222", "PARLEY_TEST_TOKEN_TTL", "10m"),
                        Map.of("port", "3333"));

        assertThat(settings.integer("port", 0)).isEqualTo(3333);
        assertThat(settings.duration("token-ttl", null)).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.string("host")).isEqualTo("file-host");
        assertThat(settings.build(() -> "ok")).isEqualTo("ok");
    }

    @Test
    void environmentNamesAreThePrefixAndTheKeyInUpperCase() {
        assertThat(Settings.envName("PARLEY_AUTH_", "throttle.user-failures"))
                .isEqualTo("PARLEY_AUTH_THROTTLE_USER_FAILURES");
    }

    @Test
    void everyProblemIsReportedAtOnceNamingItsKey() {
        Settings settings =
                Settings.of(KEYS, Map.of("port", "eighty", "token-ttl", "soon", "prot", "1"));
        settings.integer("port", 1);
        settings.duration("token-ttl", Duration.ZERO);

        assertThatThrownBy(
                        () ->
                                settings.build(
                                        () -> {
                                            throw new ConfigException(
                                                    java.util.List.of("host must be set"));
                                        }))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e ->
                                assertThat(e.problems())
                                        .containsExactly(
                                                "unknown key 'prot'",
                                                "port must be a whole number, got 'eighty'",
                                                "token-ttl must be "
                                                        + Durations.EXPECTED
                                                        + ", got 'soon'",
                                                "host must be set"));
    }

    @Test
    void aBadSecretIsNeverEchoed() {
        Settings settings = Settings.of(KEYS, Map.of("password", "  hunter2 "));

        assertThat(settings.secret("password").reveal()).isEqualTo("hunter2");
        assertThat(Settings.of(KEYS, Map.of()).secret("password")).isNull();
    }

    @Test
    void aSecretFileWinsOverTheValueAndAMissingOneIsAProblem() throws IOException {
        Path file = tmp.resolve("password");
        Files.writeString(file, "from-file\n");
        Set<String> keys = Set.of("password", "password-file");

        assertThat(
                        Settings.of(keys, Map.of("password", "x", "password-file", file.toString()))
                                .secret("password", "password-file")
                                .reveal())
                .isEqualTo("from-file");

        Settings missing =
                Settings.of(keys, Map.of("password-file", tmp.resolve("nope").toString()));
        assertThat(missing.secret("password", "password-file")).isNull();
        assertThatThrownBy(() -> missing.build(() -> "x"))
                .hasMessageContaining("password-file: cannot read");
    }

    @Test
    void aMissingFileIsOneOfTheProblems() {
        Path missing = tmp.resolve("nope.properties");

        Settings settings = Settings.load(KEYS, "P_", missing, Map.of(), Map.of("port", "x"));
        settings.integer("port", 0);

        assertThatThrownBy(() -> settings.build(() -> "x"))
                .isInstanceOfSatisfying(
                        ConfigException.class, e -> assertThat(e.problems()).hasSize(2))
                .hasMessageContaining("Cannot read configuration file " + missing);
    }

    @Test
    void blankValuesCountAsUnset() {
        Settings settings = Settings.of(KEYS, Map.of("host", "  ", "port", ""));

        assertThat(settings.has("host")).isFalse();
        assertThat(settings.integer("port", 7)).isEqualTo(7);
        assertThat(settings.string("host", "fallback")).isEqualTo("fallback");
    }
}
