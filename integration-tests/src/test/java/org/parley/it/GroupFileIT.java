package org.parley.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.FileTransfer;
import org.parley.client.GroupInfo;
import org.parley.client.MessageState;
import org.parley.client.OutgoingMessage;
import org.parley.client.StoredMessage;
import org.parley.client.envelopes.ContentTypes;
import org.parley.client.files.FileAttachment;
import org.parley.client.files.FileMessages;
import org.parley.crypto.FileCrypto;
import org.parley.model.Envelope;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Json;
import org.parley.testing.Wait;
import org.parley.testing.stack.FourUsersOnAStack;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;

/**
 * Issue 6 item 3 on a real stack (embedded PostgreSQL, auth server over HTTP, two Artemis nodes):
 * alice sends a file of a few MiB to a group of bob (online) and carol (offline); both get it
 * byte-identical, exactly once, carol after she logs in. A group file sent again with the same id
 * (as a resend after a crash does) is shown once; one whose chunks do not match its digest, or from
 * someone who is not a member, is rejected and leaves nothing.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class GroupFileIT extends FourUsersOnAStack {

    @TempDir static Path tmp;

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void aFileSentToAGroupReachesTheOnlineAndTheOfflineMemberByteIdenticalExactlyOnce()
            throws Exception {
        byte[] content = random(3 * 1024 * 1024 + 12345, 7); // a few MiB, last chunk partial
        Path source = tmp.resolve("holiday-photos.bin");
        Files.write(source, content);
        String groupId;
        String id;
        try (TestClient alices = stack.login(alice);
                TestClient bobs = stack.login(bob)) {
            GroupInfo group = createGroupOfThree(alices, "Trio");
            groupId = group.id();

            FileTransfer t = alices.session.groups().sendFile(groupId, source);
            OutgoingMessage sent = TestClient.await(t.result());
            id = sent.id();
            assertThat(sent.to()).isEqualTo("#" + groupId);
            assertThat(t.progress()).isEqualTo(1.0);
            StoredMessage mine =
                    alices.session.groups().history(groupId).stream()
                            .filter(m -> m.id().equals(id))
                            .findFirst()
                            .orElseThrow();
            assertThat(mine.state()).isEqualTo(MessageState.SENT);
            // The chunk file is dropped once every inbox has the file.
            try (var files = Files.walk(stack.machine("alice"))) {
                assertThat(files.filter(f -> f.toString().endsWith(".chunks")).toList()).isEmpty();
            }

            awaitTheFile(bobs, "bob");
            assertReceivedOnce(bobs, groupId, id, content);
        }
        // carol was offline throughout: her copy waited in her durable inbox.
        try (TestClient carols = stack.login(carol)) {
            awaitTheFile(carols, "carol");
            assertReceivedOnce(carols, groupId, id, content);
        }
        assertThat(stack.deadLetters()).isZero();
    }

    /** Waits until {@code user} was shown a message and their inbox is empty. */
    private static void awaitTheFile(TestClient c, String user) {
        Wait.until(
                Wait.LONG,
                user + " to get the group file",
                () ->
                        c.events.incoming().size()
                                + " shown, "
                                + c.events.rejections
                                + "; "
                                + stack.whereIsMailFor(user),
                s -> !c.events.incoming().isEmpty());
        Wait.until(user + "'s inbox to drain", () -> stack.drained(user));
    }

    private static void assertReceivedOnce(TestClient c, String groupId, String id, byte[] content)
            throws Exception {
        assertThat(c.events.rejections).isEmpty();
        assertThat(c.events.incomingIds()).containsExactly(id);
        List<StoredMessage> history = c.session.groups().history(groupId);
        assertThat(history).extracting(StoredMessage::id).containsExactly(id);
        StoredMessage m = history.get(0);
        assertThat(m.from()).isEqualTo("alice");
        assertThat(m.peer()).isEqualTo("#" + groupId);
        FileAttachment a = FileMessages.attachment(m).orElseThrow();
        assertThat(a.name()).isEqualTo("holiday-photos.bin");
        assertThat(a.size()).isEqualTo(content.length);
        byte[] saved = Files.readAllBytes(a.path());
        assertThat(sha256(saved)).isEqualTo(sha256(content));
        assertThat(saved).isEqualTo(content);
    }

    /**
     * A group file as client-core makes it, sealed by {@code sender} for {@code to} at {@code
     * epoch}.
     */
    record Crafted(EnvelopeHeader header, byte[] body, byte[] plain) {}

    static Crafted craft(
            TestAccount sender,
            String groupId,
            long epoch,
            Map<String, TestAccount> to,
            byte[] plain,
            boolean wrongDigest)
            throws Exception {
        EncryptedFile file = EncryptedFile.of("notes.txt", plain, wrongDigest);
        JsonObject o = Json.gson().toJsonTree(file.descriptor()).getAsJsonObject();
        o.addProperty("epoch", epoch);
        EnvelopeHeader header =
                EnvelopeHeader.group(
                        sender.username(), groupId, System.currentTimeMillis(), ContentTypes.FILE);
        Map<String, org.parley.model.PublicKeys> keys = new java.util.LinkedHashMap<>();
        to.forEach((name, account) -> keys.put(name, account.publicKeys()));
        Envelope env =
                sender.crypto().sealGroup(header, Json.gson().toJson(o).getBytes(UTF_8), keys);
        return new Crafted(header, EncryptedFile.body(env.toBytes(), file.chunks()), plain);
    }

    static void stream(RawJms jms, String inbox, Crafted c) throws Exception {
        EncryptedFile.stream(jms, inbox, c.header().id(), c.body());
    }

    @Test
    void aGroupFileSentAgainIsShownOnceAndATamperedOrNonMembersFileIsRejected() throws Exception {
        GroupInfo group;
        try (TestClient alices =
                TestClient.login(tmp.resolve("alice-machine-2"), stack.authUri(), alice)) {
            group = TestClient.await(alices.session.groups().create("Pair", List.of("bob")));
        }
        byte[] plain = random(2 * FileCrypto.CHUNK_BYTES + 99, 11);
        Crafted good = craft(alice, group.id(), group.epoch(), Map.of("bob", bob), plain, false);
        Crafted tampered = craft(alice, group.id(), group.epoch(), Map.of("bob", bob), plain, true);
        // dave is no member: his file, sealed for bob with dave's real keys, must not be believed.
        Crafted intruder = craft(dave, group.id(), group.epoch(), Map.of("bob", bob), plain, false);
        try (RawJms alicesTool =
                        RawJms.connect(stack.url(0), "alice", alice.token(stack.authUri()));
                RawJms davesTool =
                        RawJms.connect(stack.url(1), "dave", dave.token(stack.authUri()))) {
            stream(alicesTool, "bob", good);
            stream(
                    alicesTool,
                    "bob",
                    good); // a resend: same id, the broker's duplicate detection drops it
            stream(alicesTool, "bob", tampered);
            stream(davesTool, "bob", intruder);
        }
        Path bobsMachine = tmp.resolve("bob-machine-2");
        try (TestClient bobs = TestClient.login(bobsMachine, stack.authUri(), bob)) {
            Wait.until(
                    Wait.LONG,
                    "bob to judge the group files",
                    () ->
                            bobs.events.incoming().size()
                                    + " shown, "
                                    + bobs.events.rejections
                                    + "; "
                                    + stack.whereIsMailFor("bob"),
                    s -> bobs.events.incoming().size() >= 1 && bobs.events.rejections.size() >= 2);
            Wait.until("bob's inbox to drain", () -> stack.drained("bob"));
            assertThat(bobs.events.incomingIds()).containsExactly(good.header().id());
            assertThat(bobs.events.rejections).hasSize(2);
            assertThat(bobs.events.rejections)
                    .anySatisfy(r -> assertThat(r).contains("failed its integrity check"));
            assertThat(bobs.events.rejections)
                    .anySatisfy(r -> assertThat(r).contains("dave").contains("not a member"));
            FileAttachment a = FileMessages.attachment(bobs.events.incoming().get(0)).orElseThrow();
            assertThat(Files.readAllBytes(a.path())).isEqualTo(plain);
            assertThat(bobs.session.groups().history(group.id())).hasSize(1);

            // The same bytes again, after bob's client took the first copy (the broker's duplicate
            // cache may have let it through): bob's profile knows the id and shows nothing new.
            try (RawJms alicesTool =
                    RawJms.connect(stack.url(0), "alice", alice.token(stack.authUri()))) {
                stream(alicesTool, "bob", good);
            }
            Wait.until("bob's inbox to drain again", () -> stack.drained("bob"));
            assertThat(bobs.events.incomingIds()).containsExactly(good.header().id());
            assertThat(bobs.session.groups().history(group.id())).hasSize(1);
        }
        // Nothing of the rejected files left under bob's machine, only the good one.
        try (var files = Files.walk(bobsMachine)) {
            assertThat(
                            files.filter(Files::isRegularFile)
                                    .filter(p -> p.toString().contains("/files/"))
                                    .filter(p -> !p.toString().contains("/files/spool/"))
                                    .toList())
                    .singleElement()
                    .satisfies(p -> assertThat(p.toString()).contains(good.header().id()));
        }
    }

    @Test
    void aGroupFileCutOffByLogoutIsStreamedAgainAtTheNextLoginAndReachesEachMemberOnce()
            throws Exception {
        byte[] content = random(24 * 1024 * 1024, 23);
        Path source = tmp.resolve("holiday-photos.bin");
        Files.write(source, content);
        Path alicesMachine = tmp.resolve("alice-machine-3");
        String groupId;
        String id;
        TestClient alices = TestClient.login(alicesMachine, stack.authUri(), alice);
        try {
            groupId = createGroupOfThree(alices, "Resend").id();
            FileTransfer t = alices.session.groups().sendFile(groupId, source);
            // Encryption is the first half of the progress, then one quarter per member: past 0.8
            // the first member's inbox has it and the second one's is being streamed.
            java.util.concurrent.CountDownLatch pastFirst =
                    new java.util.concurrent.CountDownLatch(1);
            t.onProgress(
                    f -> {
                        if (f > 0.8) {
                            pastFirst.countDown();
                        }
                    });
            assertThat(pastFirst.await(Wait.LONG.toSeconds(), TimeUnit.SECONDS)).isTrue();
            alices.session.logout();
            Wait.until("the cut-off transfer to end", () -> t.result().isDone());
            // It was really cut off: not sent, and its chunk file kept for the next login.
            assertThat(t.result()).isCompletedExceptionally();
            StoredMessage cut = alices.session.groups().history(groupId).get(0);
            assertThat(cut.state()).isEqualTo(MessageState.SENDING);
            id = cut.id();
            try (var files = Files.walk(alicesMachine)) {
                assertThat(files.filter(f -> f.toString().endsWith(id + ".chunks")).toList())
                        .hasSize(1);
            }
        } finally {
            alices.close();
        }
        try (TestClient again = TestClient.login(alicesMachine, stack.authUri(), alice)) {
            Wait.until(
                    Wait.LONG,
                    "alice's group file to be sent",
                    () -> again.session.groups().history(groupId).get(0).state(),
                    s -> s == MessageState.SENT);
        }
        for (var who : List.of(bob, carol)) {
            try (TestClient c =
                    TestClient.login(
                            tmp.resolve(who.username() + "-machine-3"), stack.authUri(), who)) {
                Wait.until(
                        Wait.LONG,
                        who.username() + " to get the group file",
                        () ->
                                c.events.incoming().size()
                                        + " shown, "
                                        + c.events.rejections
                                        + "; "
                                        + stack.whereIsMailFor(who.username()),
                        s -> !c.events.incoming().isEmpty());
                Wait.until(
                        who.username() + "'s inbox to drain", () -> stack.drained(who.username()));
                assertThat(c.events.rejections).isEmpty();
                assertThat(c.events.incomingIds()).containsExactly(id);
                assertThat(c.session.groups().history(groupId)).hasSize(1);
                FileAttachment a =
                        FileMessages.attachment(c.events.incoming().get(0)).orElseThrow();
                assertThat(sha256(Files.readAllBytes(a.path()))).isEqualTo(sha256(content));
            }
        }
    }
}
