package org.parley.client.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The auth server's device cookie for one account on this machine, {@value #FILE} in the profile
 * directory (decision 0014). Read before login (the encrypted profile cannot be opened until then);
 * it is no credential on its own, only what lets this device's logins skip the delay that other
 * people's wrong guesses put on the account. Owner-only, written atomically.
 */
public final class DeviceCookieFile {
    public static final String FILE = "device-cookie";
    private static final int MAX_CHARS = 200;

    private final Path file;

    public DeviceCookieFile(Path profileDirectory) {
        this.file = profileDirectory.resolve(FILE);
    }

    /** The kept cookie, or empty when there is none or it cannot be read. */
    public Optional<String> read() {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_CHARS) {
                return Optional.empty();
            }
            String cookie = Files.readString(file, StandardCharsets.US_ASCII).trim();
            return cookie.isEmpty() ? Optional.empty() : Optional.of(cookie);
        } catch (IOException | RuntimeException e) {
            return Optional
                    .empty(); // a new device as far as the server can tell: slower, never wrong
        }
    }

    /** Keeps {@code cookie} (null or oversized: nothing to keep). */
    public void write(@Nullable String cookie) throws IOException {

        if (cookie == null || cookie.isBlank() || cookie.length() > MAX_CHARS) {
            return;
        }
        ProfileStore.createPrivateDirectories(
                Objects.requireNonNull(file.getParent(), "the file is resolved in a directory"));

        Path tmp = file.resolveSibling(FILE + ".tmp");
        Files.writeString(tmp, cookie, StandardCharsets.US_ASCII);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
