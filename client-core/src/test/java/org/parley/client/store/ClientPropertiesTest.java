package org.parley.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientPropertiesTest {
    @TempDir Path root;

    @Test
    void lastLoginIsRememberedWithoutSecrets() throws Exception {
        ClientProperties props = new ClientProperties(root);
        assertThat(props.lastServer()).isEmpty();
        props.recordLogin(URI.create("http://127.0.0.1:8080"), "alice");
        ClientProperties again = new ClientProperties(root);
        assertThat(again.lastServer()).contains(URI.create("http://127.0.0.1:8080"));
        assertThat(again.lastUsername()).contains("alice");
        assertThat(Files.readString(root.resolve(ClientProperties.FILE)))
                .doesNotContainIgnoringCase("password");
    }

    @Test
    void profilesAreSeparatedByServerAndUser() {
        assertThat(
                        ClientProperties.profileDirectory(
                                root, URI.create("http://127.0.0.1:8080"), "alice"))
                .isEqualTo(root.resolve("127.0.0.1_8080").resolve("alice"));
        assertThat(
                        ClientProperties.profileDirectory(
                                root, URI.create("https://Chat.Example.org"), "bob"))
                .isEqualTo(root.resolve("chat.example.org_443").resolve("bob"));
        assertThat(ClientProperties.serverDirectoryName(URI.create("http://[::1]:9000")))
                .isEqualTo("___1__9000");
    }
}
