package org.parley.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.parley.config.Secret;

class DatabaseConfigTest {

    private static final Path DIR = Path.of("/var/lib/parley");

    @Test
    void embeddedDefaults() {
        DatabaseConfig c = DatabaseConfig.embedded(Path.of("relative/dir"));
        assertThat(c.isEmbedded()).isTrue();
        assertThat(c.jdbcUrl()).isNull();
        assertThat(c.embeddedDataDir().isAbsolute()).isTrue();
        assertThat(c.embeddedDataDir().endsWith(Path.of("relative", "dir"))).isTrue();
        assertThat(c.embeddedPort()).isZero();
        assertThat(c.maxPoolSize()).isEqualTo(10);
        assertThat(c.withEmbeddedPort(5555).embeddedPort()).isEqualTo(5555);
    }

    @Test
    void externalDefaults() {
        DatabaseConfig c =
                DatabaseConfig.external(
                        "jdbc:postgresql://db:5432/parley", "parley", Secret.of("secret"));
        assertThat(c.isEmbedded()).isFalse();
        assertThat(c.embeddedDataDir()).isNull();
        assertThat(c.maxPoolSize()).isEqualTo(10);
        assertThat(c.withMaxPoolSize(1).maxPoolSize()).isEqualTo(1);
        assertThat(c.withMaxPoolSize(100).maxPoolSize()).isEqualTo(100);
        assertThat(DatabaseConfig.external("jdbc:postgresql:parley", null, null).user()).isNull();
    }

    @Test
    void needsExactlyOneOfUrlAndDataDir() {
        assertThatThrownBy(() -> new DatabaseConfig(null, null, null, null, 0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("either jdbcUrl");
        assertThatThrownBy(
                        () -> new DatabaseConfig("jdbc:postgresql://h/db", null, null, DIR, 0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> DatabaseConfig.embedded(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataDir");
        assertThatThrownBy(() -> DatabaseConfig.external(null, "u", Secret.of("p")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbcUrl");
    }

    @Test
    void urlMustBePostgres() {
        assertThatThrownBy(
                        () ->
                                DatabaseConfig.external(
                                        "jdbc:mysql://h/db?password=hunter2", "u", Secret.of("p")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must start with 'jdbc:postgresql:'")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> DatabaseConfig.external("", "u", Secret.of("p")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("jdbc:postgresql:");
        assertThatThrownBy(() -> DatabaseConfig.external("jdbc:postgresql:", "u", Secret.of("p")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name a database");
        assertThatThrownBy(
                        () ->
                                DatabaseConfig.external(
                                        "jdbc:postgresql://h/db x", "u", Secret.of("p")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whitespace");
    }

    @Test
    void poolSizeIsBounded() {
        DatabaseConfig c = DatabaseConfig.embedded(DIR);
        assertThatThrownBy(() -> c.withMaxPoolSize(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxPoolSize must be 1..100")
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> c.withMaxPoolSize(101))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was 101");
    }

    @Test
    void portIsBoundedAndEmbeddedOnly() {
        DatabaseConfig c = DatabaseConfig.embedded(DIR);
        assertThatThrownBy(() -> c.withEmbeddedPort(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embeddedPort");
        assertThatThrownBy(() -> c.withEmbeddedPort(65536))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65535");
        assertThatThrownBy(
                        () ->
                                new DatabaseConfig(
                                        "jdbc:postgresql://h/db", null, null, null, 5432, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("embedded database only");
    }

    @Test
    void embeddedManagesItsOwnCredentials() {
        assertThatThrownBy(() -> new DatabaseConfig(null, "postgres", null, DIR, 0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user and password must be null");
        assertThatThrownBy(() -> new DatabaseConfig(null, null, Secret.of("pw"), DIR, 0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("user and password must be null");
    }

    @Test
    void toStringHidesSecrets() {
        DatabaseConfig c =
                DatabaseConfig.external(
                        "jdbc:postgresql://db/parley?password=hunter2&ssl=true",
                        "parley",
                        Secret.of("s3cret"));
        assertThat(c.toString())
                .contains("jdbc:postgresql://db/parley", "parley")
                .doesNotContain("hunter2")
                .doesNotContain("s3cret");
        assertThat(DatabaseConfig.embedded(DIR).toString())
                .contains("embedded", DIR.toString(), "auto");
    }
}
