package org.parley.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.FileTransfer;
import org.parley.client.StoredMessage;
import org.parley.client.envelopes.ContentTypes;
import org.parley.client.exceptions.FileTooLargeException;
import org.parley.client.exceptions.SendFailedException;
import org.parley.client.files.FileAttachment;
import org.parley.client.files.FileMessages;
import org.parley.client.session.ClientConfig;
import org.parley.client.session.ParleyClient;
import org.parley.crypto.FileCrypto;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Json;
import org.parley.testing.TestImages;
import org.parley.testing.Wait;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;

/**
 * Issue 6, "done" item 2, on a real stack: file messages made by a hostile sender (alice's real
 * keys, a plain JMS producer, so the broker stamps them as hers and only bob's client judges them)
 * with reordered, dropped, duplicated or bit-flipped chunks, or a wrong digest, are rejected and
 * leave no file behind; a file named {@code ../../etc/passwd} is saved inside bob's profile as
 * {@code passwd}; a file over the limit is refused before anything reaches a broker; an image sent
 * through client-core arrives byte-identical with its preview.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class FileTransferIT {

    @TempDir static Path tmp;

    @RegisterExtension static final LocalStack stack = LocalStack.perClass();
    @Account static TestAccount alice;
    @Account static TestAccount bob;

    /**
     * A file message as client-core would make it, for alice to bob, with its parts exposed for
     * tampering.
     */
    record Crafted(EnvelopeHeader header, byte[] envelope, byte[] chunks, byte[] plain) {
        byte[] body() {
            return EncryptedFile.body(envelope, chunks);
        }

        Crafted withChunks(byte[] other) {
            return new Crafted(header, envelope, other, plain);
        }
    }

    static Crafted craft(String name, byte[] plain, boolean wrongDigest) throws Exception {
        EncryptedFile file = EncryptedFile.of(name, plain, wrongDigest);
        EnvelopeHeader header =
                EnvelopeHeader.direct(
                        "alice", "bob", System.currentTimeMillis(), ContentTypes.FILE);
        byte[] envelope =
                alice.crypto()
                        .sealDirect(
                                header,
                                Json.write(file.descriptor()).getBytes(UTF_8),
                                bob.publicKeys())
                        .toBytes();
        return new Crafted(header, envelope, file.chunks(), plain);
    }

    static void streamAsAlice(RawJms jms, Crafted c) throws Exception {
        EncryptedFile.stream(jms, "bob", c.header().id(), c.body());
    }

    static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static final int CT = FileCrypto.CHUNK_BYTES + 16;

    @Test
    void
            tamperedChunksAndAWrongDigestAreRejectedWithNoFileLeftAndAHostileNameIsSavedInsideTheProfile()
                    throws Exception {
        byte[] plain = random(4 * FileCrypto.CHUNK_BYTES + 1000, 1); // five chunks
        List<Crafted> hostile = new ArrayList<>();
        hostile.add(reordered(craft("reordered.txt", plain, false)));
        hostile.add(dropped(craft("dropped.txt", plain, false)));
        hostile.add(duplicated(craft("duplicated.txt", plain, false)));
        Crafted flip = craft("flipped.txt", plain, false);
        byte[] flipped = flip.chunks().clone();
        flipped[3 * CT + 77] ^= 0x01;
        hostile.add(flip.withChunks(flipped));
        hostile.add(craft("wrong-digest.txt", plain, true));
        Crafted passwd =
                craft("../../etc/passwd", "root:x:0:0::/root:/bin/sh\n".getBytes(UTF_8), false);

        try (RawJms alicesTool =
                RawJms.connect(stack.url(0), "alice", alice.token(stack.authUri()))) {
            for (Crafted c : hostile) {
                streamAsAlice(alicesTool, c);
            }
            streamAsAlice(alicesTool, passwd);
        }
        Path bobsMachine = stack.machine("bob");
        try (TestClient bobsClient = TestClient.login(bobsMachine, stack.authUri(), bob)) {
            Wait.until(
                    Wait.LONG,
                    "bob to judge all six file messages",
                    () ->
                            bobsClient.events.rejections.size()
                                    + " rejected, "
                                    + bobsClient.events.incoming().size()
                                    + " shown; "
                                    + stack.whereIsMailFor("bob"),
                    s ->
                            bobsClient.events.rejections.size() >= hostile.size()
                                    && bobsClient.events.incoming().size() >= 1);
            Wait.until("bob's inbox to drain", () -> stack.drained("bob"));
            assertThat(bobsClient.events.rejections)
                    .hasSize(hostile.size())
                    .allSatisfy(r -> assertThat(r).contains("failed its integrity check"));
            List<StoredMessage> shown = bobsClient.events.incoming();
            assertThat(shown).extracting(StoredMessage::id).containsExactly(passwd.header().id());
            FileAttachment a = FileMessages.attachment(shown.get(0)).orElseThrow();
            assertThat(a.name()).isEqualTo("passwd");
            Path saved = a.path();
            assertThat(saved.normalize())
                    .startsWith(bobsMachine)
                    .endsWith(Path.of(passwd.header().id(), "passwd"));
            assertThat(Files.readAllBytes(saved)).isEqualTo(passwd.plain());
            // No partial plaintext or spool of the rejected ones anywhere under bob's machine.
            try (Stream<Path> files = Files.walk(bobsMachine)) {
                assertThat(
                                files.filter(Files::isRegularFile)
                                        .filter(p -> p.toString().contains("/files/"))
                                        .map(p -> bobsMachine.relativize(p).toString()))
                        .containsExactly(bobsMachine.relativize(saved).toString());
            }
            assertThat(bobsClient.session.history("alice")).hasSize(1);
            assertThat(stack.deadLetters()).isZero();
        }
    }

    /** Chunks 1 and 2 swapped. */
    private static Crafted reordered(Crafted c) {
        byte[] out = c.chunks().clone();
        System.arraycopy(c.chunks(), CT, out, 2 * CT, CT);
        System.arraycopy(c.chunks(), 2 * CT, out, CT, CT);
        return c.withChunks(out);
    }

    private static Crafted dropped(Crafted c) {
        byte[] out = new byte[c.chunks().length - CT];
        System.arraycopy(c.chunks(), 0, out, 0, CT);
        System.arraycopy(c.chunks(), 2 * CT, out, CT, c.chunks().length - 2 * CT);
        return c.withChunks(out);
    }

    private static Crafted duplicated(Crafted c) {
        // Chunk 1 twice, the last chunk cut so the length still matches the size.
        byte[] out = c.chunks().clone();
        System.arraycopy(c.chunks(), CT, out, 2 * CT, CT);
        return c.withChunks(out);
    }

    @Test
    void aFileOverTheLimitIsRefusedBeforeAnythingIsSent() throws Exception {
        Path big = tmp.resolve("too-big.bin");
        Files.write(big, random(4096, 2));
        ParleyClient client =
                new ParleyClient(
                        ClientConfig.builder(stack.machine("carol")).maxFileBytes(4095).build());
        TestAccount carol = TestAccount.create(stack.authUri(), "carol");
        try (org.parley.client.Session session =
                TestClient.await(
                        client.login(stack.authUri(), "carol", carol.password(), null, null))) {
            FileTransfer t = session.sendFile("bob", big);
            ExecutionException e =
                    org.junit.jupiter.api.Assertions.assertThrows(
                            ExecutionException.class, () -> t.result().get(30, TimeUnit.SECONDS));
            assertThat(e.getCause())
                    .isInstanceOfSatisfying(
                            SendFailedException.class, f -> assertThat(f.kept()).isFalse());
            assertThat(e.getCause().getCause())
                    .isInstanceOf(FileTooLargeException.class)
                    .hasMessageStartingWith("too-big.bin is 4.0 KiB; files can be at most");
            assertThat(session.history("bob")).isEmpty();
        }
        assertThat(stack.inboxCount(0, "bob") + stack.inboxCount(1, "bob")).isZero();
    }

    @Test
    void anImageSentThroughClientCoreArrivesByteIdenticalWithItsPreview() throws Exception {
        Path image = TestImages.writeGradientPng(tmp.resolve("sunset.png"), 800, 600, 0x40);
        TestAccount dave = TestAccount.create(stack.authUri(), "dave");
        TestAccount erin = TestAccount.create(stack.authUri(), "erin");
        try (TestClient daves = stack.login(dave);
                TestClient erins = stack.login(erin)) {
            String id = TestClient.await(daves.session.sendFile("erin", image).result()).id();
            Wait.until("erin to receive the image", () -> erins.events.incoming().size() == 1);
            FileAttachment a =
                    FileMessages.attachment(erins.events.incoming().get(0)).orElseThrow();
            assertThat(erins.events.incoming().get(0).id()).isEqualTo(id);
            assertThat(a.mime()).isEqualTo("image/png");
            assertThat(a.thumbnail()).isNotNull();
            java.awt.image.BufferedImage thumb =
                    javax.imageio.ImageIO.read(new ByteArrayInputStream(a.thumbnail()));
            assertThat(Math.max(thumb.getWidth(), thumb.getHeight())).isEqualTo(320);
            assertThat(sha(Files.readAllBytes(a.path()))).isEqualTo(sha(Files.readAllBytes(image)));
            Wait.until(
                    "dave to see it delivered",
                    () -> daves.events.states.contains(id + ":DELIVERED"));
        }
    }

    private static String sha(byte[] b) throws Exception {
        return java.util.HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
