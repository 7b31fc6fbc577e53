package org.parley.auth.accounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.parley.crypto.primitives.Ed25519;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The auth server's long-lived secrets, kept in its data directory as base64 text: {@code
 * auth-signing.key} (Ed25519 private key that signs session tokens), {@code auth-signing.pub} (its
 * public key, for broker nodes) and {@code server-secret} (32 bytes keying the fake prelogin
 * salts). Made on first start, reused afterwards, so tokens and fake salts survive restarts.
 */
public final class ServerKeys {

    public static final String SIGNING_KEY_FILE = "auth-signing.key";
    public static final String SIGNING_PUBLIC_FILE = "auth-signing.pub";
    public static final String SERVER_SECRET_FILE = "server-secret";

    private static final int KEY_BYTES = 32;
    private static final Logger log = LoggerFactory.getLogger(ServerKeys.class);
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
            PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> OWNER_ONLY_DIR =
            PosixFilePermissions.fromString("rwx------");

    private final byte[] signingPrivate;
    private final byte[] signingPublic;
    private final byte[] serverSecret;

    private ServerKeys(byte[] signingPrivate, byte[] signingPublic, byte[] serverSecret) {
        this.signingPrivate = signingPrivate;
        this.signingPublic = signingPublic;
        this.serverSecret = serverSecret;
    }

    /**
     * Reads the keys from {@code dataDir}, making whichever are missing.
     *
     * @throws IOException if the directory cannot be used or a key file is damaged (the message
     *     says which; a damaged key is never silently replaced, as that would end every session)
     */
    public static ServerKeys loadOrCreate(Path dataDir, SecureRandom random) throws IOException {
        createPrivateDirectories(dataDir);
        byte[] signingPrivate =
                readOrCreateSecret(
                        dataDir.resolve(SIGNING_KEY_FILE),
                        () -> Ed25519.generate(random).privateKey());
        byte[] serverSecret =
                readOrCreateSecret(
                        dataDir.resolve(SERVER_SECRET_FILE),
                        () -> {
                            byte[] secret = new byte[KEY_BYTES];
                            random.nextBytes(secret);
                            return secret;
                        });
        byte[] signingPublic = Ed25519.publicKey(signingPrivate);
        writePublicKeyIfChanged(dataDir.resolve(SIGNING_PUBLIC_FILE), signingPublic);
        return new ServerKeys(signingPrivate, signingPublic, serverSecret);
    }

    public byte[] signingPrivateKey() {
        return signingPrivate.clone();
    }

    public byte[] signingPublicKey() {
        return signingPublic.clone();
    }

    public byte[] serverSecret() {
        return serverSecret.clone();
    }

    /** Reads a base64 public key file as written for broker nodes. */
    public static byte[] readPublicKey(Path file) throws IOException {
        return decode(file, Files.readString(file, StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "ServerKeys[signingPublic="
                + Base64.getEncoder().encodeToString(signingPublic)
                + "]";
    }

    private interface SecretMaker {
        byte[] make();
    }

    private static byte[] readOrCreateSecret(Path file, SecretMaker maker) throws IOException {
        if (Files.exists(file)) {
            warnIfReadableByOthers(file);
            return decode(file, Files.readString(file, StandardCharsets.US_ASCII));
        }
        byte[] secret = maker.make();
        try {
            writeAtomically(file, secret, true);
            return secret;
        } catch (FileAlreadyExistsException e) {
            // Another instance sharing the directory won the race: use its key, not ours.
            return decode(file, Files.readString(file, StandardCharsets.US_ASCII));
        }
    }

    private static void writePublicKeyIfChanged(Path file, byte[] publicKey) throws IOException {
        if (Files.exists(file)) {
            try {
                if (Arrays.equals(readPublicKey(file), publicKey)) {
                    return;
                }
            } catch (IOException e) {
                // Damaged: rewrite it from the private key below.
            }
            log.warn("{} did not match {}; rewriting it", file, SIGNING_KEY_FILE);
        }
        writeAtomically(file, publicKey, false);
    }

    /** Temp file plus rename, so a crash never leaves a half-written key behind. */
    private static void writeAtomically(Path file, byte[] bytes, boolean secret)
            throws IOException {
        Path dir = file.getParent();
        boolean posix = supportsPosix(dir);
        FileAttribute<?>[] attributes =
                posix && secret
                        ? new FileAttribute<?>[] {
                            PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE)
                        }
                        : new FileAttribute<?>[0];
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp", attributes);
        try {
            Files.writeString(
                    temp,
                    Base64.getEncoder().encodeToString(bytes) + "\n",
                    StandardCharsets.US_ASCII);
            if (posix && !secret) {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
            }
            if (secret) {
                publishIfAbsent(temp, file);
            } else {
                Files.move(
                        temp,
                        file,
                        StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * A hard link fails if the target exists, which a rename on POSIX does not: an existing secret
     * is never overwritten, even by a second instance starting at the same moment.
     */
    private static void publishIfAbsent(Path temp, Path file) throws IOException {
        try {
            Files.createLink(file, temp);
        } catch (UnsupportedOperationException e) {
            if (Files.exists(file)) {
                throw new FileAlreadyExistsException(file.toString());
            }
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static byte[] decode(Path file, String text) throws IOException {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            bytes = null;
        }
        if (bytes == null || bytes.length != KEY_BYTES) {
            throw new IOException(
                    file
                            + " is damaged (expected 32 bytes in base64). Restore it from a backup,"
                            + " or delete it to make a new one (a new signing key ends every session).");
        }
        return bytes;
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (supportsPosix(parent)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIR));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static void warnIfReadableByOthers(Path file) throws IOException {
        if (supportsPosix(file)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY_FILE.containsAll(permissions)) {
                log.warn(
                        "{} is readable by other users ({}); run chmod 600 on it",
                        file,
                        PosixFilePermissions.toString(permissions));
            }
        }
    }

    private static boolean supportsPosix(@Nullable Path path) {
        return path != null && path.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
