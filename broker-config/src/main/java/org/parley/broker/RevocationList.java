package org.parley.broker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.parley.model.Ids;
import org.parley.model.Usernames;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-user "tokens issued before this instant are refused", the broker's copy of the auth server's
 * {@code accounts.tokens_not_before}. Brokers verify tokens offline, so without it a disabled user
 * could reconnect with a token that has not expired yet.
 *
 * <p>Kept in {@value #FILE_NAME} in the node's data dir (rewritten atomically on every change) so a
 * restarted node still refuses revoked tokens; the auth server also re-sends recent revocations. An
 * entry older than {@link #RETENTION} is dropped: every token issued before it has expired by then
 * (the auth server's longest token lifetime is 24 h), and a disabled account gets no new one.
 */
public final class RevocationList {

    public static final String FILE_NAME = "revocations.properties";

    /** Logged-out sessions: token id = epoch s until which tokens with that id are refused. */
    public static final String TOKENS_FILE_NAME = "revoked-tokens.properties";

    /** Longer than the longest session token lifetime the auth server accepts. */
    public static final Duration RETENTION = Duration.ofHours(25);

    private static final Logger log = LoggerFactory.getLogger(RevocationList.class);

    // Both null for a list that lives only in memory.
    private final @Nullable Path file;
    private final @Nullable Path tokensFile;
    private final Clock clock;
    private final Map<String, Instant> notBefore = new ConcurrentHashMap<>();

    /** Token id (jti) of a logged-out session -> when every token of it has expired. */
    private final Map<String, Instant> revokedTokens = new ConcurrentHashMap<>();

    private RevocationList(@Nullable Path file, Clock clock) {
        this.file = file;
        this.tokensFile = file == null ? null : file.resolveSibling(TOKENS_FILE_NAME);
        this.clock = clock;
    }

    /** A list that lives only in memory (tests, tools). */
    public static RevocationList inMemory(Clock clock) {
        return new RevocationList(null, clock);
    }

    /**
     * Loads {@code dataDir/revocations.properties} if it exists; changes are written back there.
     */
    public static RevocationList load(Path dataDir, Clock clock) {
        Path file = dataDir.resolve(FILE_NAME);
        Path tokensFile = file.resolveSibling(TOKENS_FILE_NAME);
        RevocationList list = new RevocationList(file, clock);
        list.notBefore.putAll(read(file, Usernames::isValid, Instant::ofEpochMilli));
        list.prune();
        list.revokedTokens.putAll(read(tokensFile, Ids::isValid, Instant::ofEpochSecond));
        list.pruneTokens();
        return list;
    }

    /**
     * Refuses every token with id {@code tokenId} (one logged-out session) until {@code until},
     * after which none of them is valid anyway.
     *
     * @return true if this changed the list
     */
    public synchronized boolean revokeToken(String tokenId, Instant until) {
        if (!Ids.isValid(tokenId)) {
            throw new IllegalArgumentException("Not a token id: " + tokenId);
        }
        if (!until.isAfter(clock.instant())) {
            return false;
        }
        if (!moveLater(revokedTokens, tokenId, until)) {
            return false;
        }
        pruneTokens();
        saveTokens();
        return true;
    }

    /** Whether the session with token id {@code tokenId} was logged out. */
    public boolean isTokenRevoked(String tokenId) {
        return tokenId != null && revokedTokens.containsKey(tokenId);
    }

    /**
     * Refuses tokens of {@code user} issued before {@code instant}. Never moves an existing entry
     * backwards (a late, re-sent older revocation must not undo a newer one).
     *
     * @return true if this changed the list
     */
    public synchronized boolean revoke(String user, Instant instant) {
        if (!Usernames.isValid(user)) {
            throw new IllegalArgumentException("Not a Parley username: " + user);
        }
        if (!moveLater(notBefore, user, instant)) {
            return false;
        }
        prune();
        save();
        return true;
    }

    /** Sets {@code key}'s instant unless it already is as late; true if it did. */
    private static boolean moveLater(Map<String, Instant> instants, String key, Instant instant) {
        Instant previous = instants.get(key);
        if (previous != null && !instant.isAfter(previous)) {
            return false;
        }
        instants.put(key, instant);
        return true;
    }

    /**
     * Whether a token of {@code user} issued at {@code issuedAtEpochSecond} is revoked. {@code iat}
     * has whole seconds, so a token from the same second as the revocation counts as revoked (as on
     * the auth server: one extra login rather than one surviving token).
     */
    public boolean isRevoked(String user, long issuedAtEpochSecond) {
        Instant instant = notBefore.get(user);
        return instant != null && issuedAtEpochSecond <= instant.getEpochSecond();
    }

    public Optional<Instant> notBefore(String user) {
        return Optional.ofNullable(notBefore.get(user));
    }

    public int size() {
        return notBefore.size();
    }

    private void prune() {
        Instant cutoff = clock.instant().minus(RETENTION);
        notBefore.values().removeIf(instant -> instant.isBefore(cutoff));
    }

    private void pruneTokens() {
        Instant now = clock.instant();
        revokedTokens.values().removeIf(until -> until.isBefore(now));
    }

    private void saveTokens() {
        write(
                tokensFile,
                revokedTokens,
                Instant::getEpochSecond,
                "Parley: logged-out session token id = epoch s until which its tokens are refused",
                "token revocations");
    }

    private void save() {
        write(
                file,
                notBefore,
                Instant::toEpochMilli,
                "Parley: user = epoch ms before which that user's session tokens are refused",
                "revocations");
    }

    /**
     * The entries of a properties file of name = epoch (a whole number) whose name is valid; none
     * if the file does not exist. A malformed entry is skipped with a warning.
     */
    private static Map<String, Instant> read(
            Path file, Predicate<String> validName, LongFunction<Instant> fromEpoch) {
        Map<String, Instant> entries = new HashMap<>();
        if (!Files.exists(file)) {
            return entries;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        for (String name : properties.stringPropertyNames()) {
            try {
                if (validName.test(name)) {
                    entries.put(
                            name,
                            fromEpoch.apply(Long.parseLong(properties.getProperty(name).trim())));
                }
            } catch (NumberFormatException e) {
                log.warn("Ignoring malformed entry {} in {}", name, file);
            }
        }
        return entries;
    }

    /**
     * Rewrites {@code file} atomically with these entries; nothing for a list in memory only.
     * Failing is logged, not thrown: the entries still hold in memory, and the auth server re-sends
     * them after a restart.
     */
    private static void write(
            @Nullable Path file,
            Map<String, Instant> entries,
            ToLongFunction<Instant> toEpoch,
            String comment,
            String what) {
        if (file == null) {
            return;
        }
        Properties properties = new Properties();
        entries.forEach(
                (name, instant) ->
                        properties.setProperty(name, Long.toString(toEpoch.applyAsLong(instant))));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                properties.store(out, comment);
            }
            Files.move(
                    tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.error("Could not persist {} to {}: {}", what, file, e.getMessage());
        }
    }
}
