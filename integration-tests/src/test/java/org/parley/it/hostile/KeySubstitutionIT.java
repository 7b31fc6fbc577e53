package org.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.StoredMessage;
import org.parley.client.exceptions.KeyChangedException;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.IdentityKeyPair;
import org.parley.model.Envelope;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Json;
import org.parley.model.PublicKeys;
import org.parley.testing.Wait;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.LocalStack;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;

/**
 * A compromised server swaps alice's identity keys for its own: it rewrites her row in the database
 * (so the key directory serves the new keys) and, with a token for alice (it signs them), puts a
 * message sealed with its own key into bob's inbox as "alice". Bob had verified alice. Asserted:
 * bob's client reports the key change ({@code onKeyChanged}), shows nothing sealed with the new
 * key, refuses to send to alice ({@code KeyChangedException}, re-verify required) until bob
 * verifies again, and only then shows the held message and sends.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class KeySubstitutionIT {
    @RegisterExtension static final LocalStack stack = LocalStack.perClass();
    @Account static TestAccount alice;
    @Account static TestAccount bob;

    @Test
    void aSubstitutedKeyIsShownAndBlocksSendingToAVerifiedContactUntilReverified()
            throws Exception {
        Path bobsMachine = stack.machine("bob");
        try (TestClient alicesClient = stack.login(alice);
                TestClient bobsClient = TestClient.login(bobsMachine, stack.authUri(), bob)) {
            String first =
                    TestClient.await(bobsClient.session.sendText("alice", "hello alice")).id();
            Wait.until(
                    "alice to get bob's first message",
                    () -> alicesClient.events.incomingIds().contains(first));
            TestClient.await(bobsClient.session.markVerified("alice"));
        }

        // The server turns: alice's keys in the directory become the attacker's.
        IdentityKeyPair attacker = IdentityKeyPair.generate(new SecureRandom());
        PublicKeys substituted = attacker.publicKeys();
        try (Connection c = stack.stack.database().dataSource().getConnection();
                PreparedStatement update =
                        c.prepareStatement(
                                "UPDATE accounts SET signing_public = ?, agreement_public = ? WHERE username = 'alice'")) {
            update.setBytes(1, substituted.signing());
            update.setBytes(2, substituted.agreement());
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        assertThat(
                        TestAccount.api(stack.authUri())
                                .userKeys(bob.token(stack.authUri()), "alice")
                                .publicKeys())
                .as("the directory now serves the attacker's keys")
                .isEqualTo(substituted);

        try (TestClient bobsClient = TestClient.login(bobsMachine, stack.authUri(), bob)) {
            // Sending: the first send of a session asks the directory again and notices the change.
            assertRefusedForKeyChange(
                    () -> TestClient.await(bobsClient.session.sendText("alice", "are you there?")));
            assertThat(bobsClient.events.keyChanges).contains("alice");

            // Receiving: a message sealed with the substituted key, sent as "alice" with a token
            // the server made.
            EnvelopeHeader header =
                    EnvelopeHeader.direct("alice", "bob", System.currentTimeMillis(), "text");
            Envelope forged =
                    new EnvelopeCrypto("alice", attacker)
                            .sealDirect(
                                    header,
                                    Json.write(java.util.Map.of("text", "it is me, send the code"))
                                            .getBytes(StandardCharsets.UTF_8),
                                    bob.publicKeys());
            try (RawJms asAlice =
                    RawJms.connect(bobsClient.broker(), "alice", alice.token(stack.authUri()))) {
                asAlice.send("parley.inbox.bob", forged.toBytes(), header.id());
            }
            Wait.until(
                    "bob's client to handle the forged message",
                    () -> stack.drained("bob") && !bobsClient.events.rejections.isEmpty());
            assertThat(bobsClient.events.incoming())
                    .as("nothing sealed with the new key is shown")
                    .isEmpty();
            assertThat(bobsClient.session.history("alice"))
                    .extracting(StoredMessage::id)
                    .doesNotContain(header.id());
            assertThat(bobsClient.events.rejections)
                    .anySatisfy(r -> assertThat(r).contains("held back"));

            // Still refused: accepting is not enough for a contact bob had verified.
            TestClient.await(bobsClient.session.acceptKeyChange("alice"));
            assertRefusedForKeyChange(
                    () -> TestClient.await(bobsClient.session.sendText("alice", "still there?")));

            // Only re-verifying (bob compared the new safety number) lets it through. Both calls
            // are
            // awaited: accepting already releases the held message, so waiting for that alone could
            // send "ok" before the verification is stored.
            TestClient.await(bobsClient.session.markVerified("alice"));
            Wait.until(
                    "the held message to be shown after re-verifying",
                    () -> bobsClient.events.incomingIds().contains(header.id()));
            assertThat(TestClient.await(bobsClient.session.sendText("alice", "ok")).to())
                    .isEqualTo("alice");
        }
    }

    /** The send fails, synchronously or through its future, because of the key change. */
    private static void assertRefusedForKeyChange(
            org.assertj.core.api.ThrowableAssert.ThrowingCallable send) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(send);
        assertThat(thrown).as("sending to alice").isNotNull();
        Throwable t = thrown;
        while (t != null && !(t instanceof KeyChangedException)) {
            t = t.getCause();
        }
        assertThat(t)
                .as("a KeyChangedException in " + thrown)
                .isInstanceOf(KeyChangedException.class);
    }
}
