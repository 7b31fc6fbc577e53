package org.parley.auth.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.crypto.primitives.Ed25519;

class ServerKeysTest {

    @TempDir Path tmp;

    private final SecureRandom random = new SecureRandom();

    @Test
    void firstStartMakesTheKeysAndLaterStartsReuseThem() throws IOException {
        Path dir = tmp.resolve("auth");

        ServerKeys first = ServerKeys.loadOrCreate(dir, random);
        ServerKeys second = ServerKeys.loadOrCreate(dir, random);

        assertThat(second.signingPrivateKey()).isEqualTo(first.signingPrivateKey());
        assertThat(second.serverSecret()).isEqualTo(first.serverSecret()).hasSize(32);
        assertThat(first.signingPublicKey())
                .isEqualTo(Ed25519.publicKey(first.signingPrivateKey()));
    }

    @Test
    void thePublicKeyFileIsBase64ForBrokerNodes() throws IOException {
        ServerKeys keys = ServerKeys.loadOrCreate(tmp, random);

        String text = Files.readString(tmp.resolve(ServerKeys.SIGNING_PUBLIC_FILE)).strip();

        assertThat(Base64.getDecoder().decode(text)).isEqualTo(keys.signingPublicKey());
        assertThat(ServerKeys.readPublicKey(tmp.resolve(ServerKeys.SIGNING_PUBLIC_FILE)))
                .isEqualTo(keys.signingPublicKey());
    }

    @Test
    void secretFilesAreOwnerOnly() throws IOException {
        assumeTrue(tmp.getFileSystem().supportedFileAttributeViews().contains("posix"));

        ServerKeys.loadOrCreate(tmp.resolve("auth"), random);

        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(
                                        tmp.resolve("auth/auth-signing.key"))))
                .isEqualTo("rw-------");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(tmp.resolve("auth/server-secret"))))
                .isEqualTo("rw-------");
        assertThat(
                        PosixFilePermissions.toString(
                                Files.getPosixFilePermissions(tmp.resolve("auth"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aDamagedKeyIsReportedNotSilentlyReplaced() throws IOException {
        ServerKeys.loadOrCreate(tmp, random);
        Files.writeString(tmp.resolve(ServerKeys.SIGNING_KEY_FILE), "not a key");

        assertThatThrownBy(() -> ServerKeys.loadOrCreate(tmp, random))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("auth-signing.key is damaged");
        assertThat(Files.readString(tmp.resolve(ServerKeys.SIGNING_KEY_FILE)))
                .isEqualTo("not a key");
    }

    @Test
    void aMissingOrStalePublicKeyFileIsRewrittenFromThePrivateKey() throws IOException {
        ServerKeys keys = ServerKeys.loadOrCreate(tmp, random);
        Files.writeString(tmp.resolve(ServerKeys.SIGNING_PUBLIC_FILE), "garbage");

        ServerKeys.loadOrCreate(tmp, random);

        assertThat(ServerKeys.readPublicKey(tmp.resolve(ServerKeys.SIGNING_PUBLIC_FILE)))
                .isEqualTo(keys.signingPublicKey());
    }

    @Test
    void toStringShowsOnlyThePublicKey() throws IOException {
        ServerKeys keys = ServerKeys.loadOrCreate(tmp, random);

        assertThat(keys.toString())
                .contains(Base64.getEncoder().encodeToString(keys.signingPublicKey()))
                .doesNotContain(Base64.getEncoder().encodeToString(keys.signingPrivateKey()));
    }
}
