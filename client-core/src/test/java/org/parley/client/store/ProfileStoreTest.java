package org.parley.client.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.Conversation;
import org.parley.client.MessageState;
import org.parley.client.StoredMessage;
import org.parley.client.exceptions.ProfileStoreException;

class ProfileStoreTest {
    private static final Clock CLOCK =
            Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir Path dir;

    private final byte[] key = key(1);

    private static byte[] key(int seed) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) seed);
        return k;
    }

    private ProfileStore open() {
        return ProfileStore.open(dir, key, "alice", CLOCK);
    }

    private static String id(int n) {
        return String.format("%032x", n);
    }

    /** Stores {@code texts} as messages from bob (ids and times 1, 2, ...), each a commit. */
    private void commitFromBob(String... texts) {
        try (ProfileStore s = open()) {
            for (int i = 0; i < texts.length; i++) {
                s.addIncoming(id(i + 1), "bob", texts[i], i + 1);
                s.commit();
            }
        }
    }

    @Test
    void messagesContactsAndReadMarksSurviveReopen() {
        try (ProfileStore s = open()) {
            s.addOutgoing(id(1), "bob", "hello bob", 10, new byte[] {1, 2, 3});
            s.addIncoming(id(2), "bob", "hi alice", 20);
            s.addIncoming(id(3), "carol", "yo", 30);
            s.advanceState(id(1), MessageState.SENT);
            s.putContact(ContactRecord.pinned("bob", key(7), key(8), 5).withVerified(true));
            s.markRead("carol");
            s.commit();
        }
        try (ProfileStore s = open()) {
            assertThat(s.history("bob"))
                    .extracting(StoredMessage::text)
                    .containsExactly("hello bob", "hi alice");
            assertThat(s.message(id(1)))
                    .get()
                    .extracting(StoredMessage::state)
                    .isEqualTo(MessageState.SENT);
            assertThat(s.pendingOutgoing()).isEmpty();
            assertThat(s.contact("bob"))
                    .get()
                    .satisfies(
                            c -> {
                                assertThat(c.verified()).isTrue();
                                assertThat(c.pinnedKeysEqual(key(7), key(8))).isTrue();
                            });
            assertThat(s.conversations())
                    .extracting(Conversation::peer, Conversation::unreadCount)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("bob", 1),
                            org.assertj.core.groups.Tuple.tuple("carol", 0));
        }
    }

    @Test
    void concurrentCommitsShareFsyncsAndEveryCommittedMessageSurvivesReopen() throws Exception {
        int threads = 6;
        int perThread = 60;
        try (ProfileStore s = open()) {
            java.util.concurrent.ExecutorService pool =
                    java.util.concurrent.Executors.newFixedThreadPool(threads);
            try {
                List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int base = t * perThread;
                    done.add(
                            pool.submit(
                                    () -> {
                                        for (int i = 0; i < perThread; i++) {
                                            s.addIncoming(
                                                    id(base + i + 1),
                                                    "peer" + (base % 3),
                                                    "m" + (base + i),
                                                    base + i);
                                            s.commit(); // returns only once this message is on disk
                                        }
                                    }));
                }
                for (java.util.concurrent.Future<?> f : done) {
                    f.get(60, java.util.concurrent.TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(s.messageCount()).isEqualTo(threads * perThread);
        }
        try (ProfileStore s = open()) {
            assertThat(s.messageCount()).isEqualTo(threads * perThread);
            for (int n = 1; n <= threads * perThread; n++) {
                assertThat(s.message(id(n))).isPresent();
            }
        }
    }

    @Test
    void pendingOutgoingEnvelopeIsKeptUntilSent() {
        try (ProfileStore s = open()) {
            s.addOutgoing(id(1), "bob", "queued", 10, new byte[] {9, 9});
            s.commit();
        }
        try (ProfileStore s = open()) {
            List<PendingEnvelope> pending = s.pendingOutgoing();
            assertThat(pending).hasSize(1);
            assertThat(pending.get(0).envelope()).containsExactly(9, 9);
        }
    }

    /**
     * A sent message is only written (no fsync) when it is handed to the broker: an app that dies
     * right after, without closing its store, still finds it SENDING at the next start and resends
     * it; syncIfDirty then fsyncs it, and does nothing when nothing is waiting.
     */
    @Test
    void writtenButUnsyncedOutgoingSurvivesAnAppThatDiesWithoutClosing() {
        ProfileStore crashed = open();
        crashed.addOutgoing(id(1), "bob", "typed just before the crash", 10, new byte[] {7});
        assertThat(crashed.dirtyForTest()).isTrue();
        crashed.write();
        assertThat(crashed.dirtyForTest()).isTrue();
        // no close(): the process "dies" here; what it wrote is in its files for the next start
        Path after = dir.resolveSibling(dir.getFileName() + "-after-crash");
        copyFiles(dir, after);
        try (ProfileStore s = ProfileStore.open(after, key, "alice", CLOCK)) {
            assertThat(s.pendingOutgoing())
                    .singleElement()
                    .satisfies(p -> assertThat(p.envelope()).containsExactly(7));
        }
        crashed.syncIfDirty();
        assertThat(crashed.dirtyForTest()).isFalse();
        crashed.syncIfDirty();
        assertThat(crashed.dirtyForTest()).isFalse();
        crashed.close();
    }

    private static void copyFiles(Path from, Path to) {
        try (var files = java.nio.file.Files.list(from)) {
            java.nio.file.Files.createDirectories(to);
            for (Path f : (Iterable<Path>) files::iterator) {
                if (java.nio.file.Files.isRegularFile(f)
                        && !f.getFileName().toString().endsWith(".lock")) {
                    java.nio.file.Files.copy(f, to.resolve(f.getFileName()));
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void stateNeverMovesBackwards() {
        try (ProfileStore s = open()) {
            s.addOutgoing(id(1), "bob", "x", 10, new byte[] {1});
            assertThat(s.advanceState(id(1), MessageState.DELIVERED)).isPresent();
            assertThat(s.advanceState(id(1), MessageState.SENT)).isEmpty();
            assertThat(s.message(id(1)).orElseThrow().state()).isEqualTo(MessageState.DELIVERED);
        }
    }

    @Test
    void seenIdsSurviveReopen() {
        try (ProfileStore s = open()) {
            s.markSeen(id(42));
            s.addIncoming(id(43), "bob", "text", 1);
            s.commit();
        }
        try (ProfileStore s = open()) {
            assertThat(s.isSeen(id(42))).isTrue();
            assertThat(s.isSeen(id(43))).isTrue();
            assertThat(s.isSeen(id(44))).isFalse();
        }
    }

    @Test
    void filesHoldNoPlaintext() throws IOException {
        try (ProfileStore s = open()) {
            s.addIncoming(id(1), "bobthebuilder", "the secret rendezvous is at noon", 1);
            s.putContact(ContactRecord.pinned("bobthebuilder", key(7), key(8), 5));
            s.commit();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertThat(content)
                        .doesNotContain("rendezvous")
                        .doesNotContain("bobthebuilder")
                        .doesNotContain("alice");
            }
        }
    }

    @Test
    void wrongKeyIsRefusedWithoutDamage() throws IOException {
        commitFromBob("hi");
        long size = Files.size(dir.resolve(ProfileStore.LOG_FILE));
        assertThatThrownBy(() -> ProfileStore.open(dir, key(2), "alice", CLOCK))
                .isInstanceOf(ProfileStoreException.class)
                .hasMessageContaining("cannot be decrypted");
        assertThat(Files.size(dir.resolve(ProfileStore.LOG_FILE))).isEqualTo(size);
        try (ProfileStore s = open()) {
            assertThat(s.history("bob")).hasSize(1);
        }
    }

    @Test
    void secondOpenOfSameProfileIsRefused() {
        try (ProfileStore s = open()) {
            assertThatThrownBy(this::open)
                    .isInstanceOf(ProfileStoreException.class)
                    .hasMessageContaining("already open");
        }
    }

    @Test
    void tornLastRecordIsIgnored() throws IOException {
        commitFromBob("kept", "torn");
        Path file = dir.resolve(ProfileStore.LOG_FILE);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() - 7); // crash in the middle of the last write
        }
        try (ProfileStore s = open()) {
            assertThat(s.history("bob")).extracting(StoredMessage::text).containsExactly("kept");
            s.addIncoming(id(3), "bob", "after", 3);
            s.commit();
        }
        try (ProfileStore s = open()) {
            assertThat(s.history("bob"))
                    .extracting(StoredMessage::text)
                    .containsExactly("kept", "after");
        }
    }

    @Test
    void garbageTailIsIgnored() throws IOException {
        commitFromBob("kept");
        Files.write(
                dir.resolve(ProfileStore.LOG_FILE),
                new byte[] {
                    0, 0, 0, 40, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                    19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38,
                    39
                },
                StandardOpenOption.APPEND);
        try (ProfileStore s = open()) {
            assertThat(s.history("bob")).extracting(StoredMessage::text).containsExactly("kept");
        }
    }

    @Test
    void profileOfAnotherUserIsRefused() {
        open().close();
        assertThatThrownBy(() -> ProfileStore.open(dir, key, "mallory", CLOCK))
                .isInstanceOf(ProfileStoreException.class)
                .hasMessageContaining("belongs to alice");
    }

    @Test
    void hundredThousandMessagesReloadIntact() {
        SecureRandom fast = new SecureRandom();
        try (ProfileStore s = ProfileStore.open(dir, key, "alice", CLOCK, fast)) {
            for (int i = 0; i < 100_000; i++) {
                String peer = "peer" + (i % 50);
                if (i % 2 == 0) {
                    s.addIncoming(
                            id(i), peer, "message number " + i + " with a little text in it", i);
                } else {
                    s.addOutgoing(id(i), peer, "reply number " + i, i, new byte[] {1});
                    s.advanceState(id(i), MessageState.SENT);
                }
                if (i % 1000 == 999) {
                    s.commit();
                }
            }
        }
        // How fast it loads is the benchmarks' business (scenario 6), not a unit test's: a timed
        // assertion here only measures how busy the CI machine is.
        try (ProfileStore s = open()) {
            assertThat(s.messageCount()).isEqualTo(100_000);
            assertThat(s.history("peer7")).hasSize(2000);
            assertThat(s.conversations()).hasSize(50);
        }
    }

    @Test
    void compactionKeepsEverything() throws IOException {
        try (ProfileStore s = open()) {
            for (int i = 0; i < 6000; i++) {
                s.addOutgoing(id(i), "bob", "m" + i, i, new byte[] {1});
                s.advanceState(id(i), MessageState.SENT);
                s.advanceState(id(i), MessageState.DELIVERED);
                s.markSeen(id(100_000 + i));
            }
            s.commit();
        }
        long before = Files.size(dir.resolve(ProfileStore.LOG_FILE));
        try (ProfileStore s = open()) {
            assertThat(s.history("bob"))
                    .hasSize(6000)
                    .allSatisfy(m -> assertThat(m.state()).isEqualTo(MessageState.DELIVERED));
        }
        assertThat(Files.size(dir.resolve(ProfileStore.LOG_FILE))).isLessThan(before);
        try (ProfileStore s = open()) {
            assertThat(s.history("bob")).hasSize(6000);
            assertThat(s.isSeen(id(100_000 + 5999))).isTrue();
        }
    }
}
