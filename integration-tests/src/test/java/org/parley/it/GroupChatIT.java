package org.parley.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.parley.client.GroupInfo;
import org.parley.client.StoredMessage;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.Addresses;
import org.parley.model.Envelope;
import org.parley.testing.Wait;
import org.parley.testing.stack.FourUsersOnAStack;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;

/**
 * Group chat end to end on a real stack (embedded PostgreSQL, auth server over HTTP, two Artemis
 * nodes): alice creates a group with bob and carol while carol is offline; alice and bob write;
 * carol logs in and gets every message exactly once; alice removes bob; the next message reaches
 * carol and cannot be opened by bob, neither by his client nor from the raw envelope.
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class GroupChatIT extends FourUsersOnAStack {

    private static List<String> texts(List<StoredMessage> history) {
        return history.stream().map(StoredMessage::text).toList();
    }

    @Test
    void offlineMemberGetsEveryMessageOnceAndARemovedMemberCannotReadWhatFollows()
            throws Exception {
        String groupId;
        try (TestClient alices = stack.login(alice);
                TestClient bobs = stack.login(bob)) {
            GroupInfo group = createGroupOfThree(alices, "Trio");
            groupId = group.id();
            assertThat(group.members()).containsExactly("alice", "bob", "carol");
            assertThat(group.admin()).isEqualTo("alice");

            // carol has no client running: her copies wait in her durable inbox.
            TestClient.await(alices.session.groups().sendText(groupId, "hello both"));
            TestClient.await(alices.session.groups().sendText(groupId, "carol is away"));
            Wait.until(
                    "bob to get alice's two group messages",
                    () -> bobs.session.groups().history(groupId).size() == 2);
            TestClient.await(bobs.session.groups().sendText(groupId, "hi alice"));
            Wait.until(
                    "alice to get bob's group message",
                    () -> texts(alices.session.groups().history(groupId)).contains("hi alice"));
            StoredMessage fromBob =
                    alices.session.groups().history(groupId).stream()
                            .filter(m -> m.text().equals("hi alice"))
                            .findFirst()
                            .orElseThrow();
            assertThat(fromBob.from()).isEqualTo("bob");
            assertThat(fromBob.peer()).isEqualTo("#" + groupId);

            // carol logs in and gets all three, exactly once.
            try (TestClient carols = stack.login(carol)) {
                Wait.until(
                        "carol to get the three messages sent while she was away",
                        () -> carols.session.groups().history(groupId).size() >= 3);
                Wait.until(
                        "carol's inbox to be drained: " + stack.whereIsMailFor("carol"),
                        () -> stack.drained("carol"));
                List<StoredMessage> got = carols.session.groups().history(groupId);
                assertThat(texts(got))
                        .containsExactlyInAnyOrder("hello both", "carol is away", "hi alice");
                assertThat(got.stream().map(StoredMessage::id).distinct().count()).isEqualTo(3);
                assertThat(got).allSatisfy(m -> assertThat(m.incoming()).isTrue());
                assertThat(carols.events.rejections).isEmpty();
            }

            // alice removes bob; carol is offline again, so the next envelope waits in her inbox.
            GroupInfo after = TestClient.await(alices.session.groups().remove(groupId, "bob"));
            assertThat(after.members()).containsExactly("alice", "carol");
            String secretId =
                    TestClient.await(
                                    alices.session
                                            .groups()
                                            .sendText(groupId, "bob must not read this"))
                            .id();

            // Nothing went to bob's inbox; his running client stored nothing new.
            Wait.until("bob's inbox to be drained", () -> stack.drained("bob"));
            assertThat(texts(bobs.session.groups().history(groupId)))
                    .doesNotContain("bob must not read this");
            assertThat(bobs.session.groups().history(groupId))
                    .extracting(StoredMessage::id)
                    .doesNotContain(secretId);

            // The raw envelope, taken from carol's inbox with carol's token as any JMS tool could.
            byte[] raw = takeFromInbox("carol", secretId);
            Envelope envelope = Envelope.parse(raw);
            assertThat(envelope.header().group()).isEqualTo(groupId);
            assertThat(envelope.keys().keySet()).containsExactly("carol");
            assertThatThrownBy(() -> bob.crypto().openGroup(envelope, alice.publicKeys()))
                    .isInstanceOf(CryptoException.class)
                    .hasMessageContaining("not encrypted for you");
            // Carol's own key opens it (so the assertion above is about bob, not a broken
            // envelope).
            assertThat(
                            new String(
                                    carol.crypto().openGroup(envelope, alice.publicKeys()),
                                    java.nio.charset.StandardCharsets.UTF_8))
                    .contains("bob must not read this");

            // Put it back into carol's inbox as alice (the broker stamps alice), then carol reads
            // it.
            try (RawJms alicesTool =
                    RawJms.connect(stack.url(0), "alice", alice.token(stack.authUri()))) {
                alicesTool.send(Addresses.inbox("carol"), raw, null);
            }
        }
        try (TestClient carols = stack.login(carol)) {
            Wait.until(
                    "carol to get the message sent after bob's removal",
                    () ->
                            texts(carols.session.groups().history(groupId))
                                    .contains("bob must not read this"));
            assertThat(carols.session.groups().history(groupId)).hasSize(4);
            GroupInfo seenByCarol = TestClient.await(carols.session.groups().refresh(groupId));
            assertThat(seenByCarol.members()).containsExactly("alice", "carol");
        }
    }

    /**
     * Consumes the envelope with {@code id} from {@code user}'s inbox on whichever node holds it.
     */
    private static byte[] takeFromInbox(String user, String id) throws Exception {
        int node =
                Wait.until(
                        Wait.LONG,
                        "the envelope to be in " + user + "'s inbox: " + stack.whereIsMailFor(user),
                        () ->
                                stack.inboxCount(0, user) > 0
                                        ? 0
                                        : stack.inboxCount(1, user) > 0 ? 1 : -1,
                        n -> n >= 0);
        TestAccount account = user.equals("carol") ? carol : user.equals("bob") ? bob : alice;
        try (RawJms tool = RawJms.connect(stack.url(node), user, account.token(stack.authUri()))) {
            Session session = tool.session();
            MessageConsumer consumer =
                    session.createConsumer(session.createQueue(Addresses.inbox(user)));
            Message m = consumer.receive(Wait.LONG.toMillis());
            assertThat(m).as("an envelope in %s's inbox", user).isNotNull();
            assertThat(m.getStringProperty(RawJms.VALIDATED_USER)).isEqualTo("alice");
            byte[] body = RawJms.body(m);
            assertThat(Envelope.parse(body).header().id()).isEqualTo(id);
            return body;
        }
    }
}
