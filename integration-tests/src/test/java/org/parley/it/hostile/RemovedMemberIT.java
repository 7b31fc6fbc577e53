package org.parley.it.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.parley.client.GroupInfo;
import org.parley.client.StoredMessage;
import org.parley.model.Addresses;
import org.parley.model.PublicKeys;
import org.parley.testing.Wait;
import org.parley.testing.stack.Account;
import org.parley.testing.stack.FourUsersOnAStack;
import org.parley.testing.stack.RawJms;
import org.parley.testing.stack.SealedGroupText;
import org.parley.testing.stack.TestAccount;
import org.parley.testing.stack.TestClient;

/**
 * A member removed from a group keeps writing to it (issue 22, attack 3). Before the fix the
 * receiver checked membership at the epoch the sender wrote into the sealed content, so a message
 * labelled with the epoch before the removal was shown to every remaining member.
 *
 * <p>Asserted, on a real stack: mallory, removed at epoch 1, seals a group text labelled epoch 0
 * for the remaining members with her real keys and puts it into their inboxes with a raw JMS client
 * and her own token (so the broker stamps her as the sender, as it would any client); no remaining
 * member shows it, each gets a rejection naming her, and a message from a current member sent
 * afterwards still shows. A message mallory sent with her real client while she was still a member,
 * which reaches carol only after the removal, is refused the same way (the documented answer to
 * that race).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class RemovedMemberIT extends FourUsersOnAStack {

    @TempDir static Path tmp;

    @Account static TestAccount mallory;

    private static List<String> texts(TestClient client, String groupId) {
        return client.session.groups().history(groupId).stream().map(StoredMessage::text).toList();
    }

    /** A rejection that names mallory as no longer a member. */
    private static boolean refusesMalloryAsFormerMember(String rejection) {
        return rejection.contains("mallory") && rejection.contains("no longer");
    }

    private static void awaitRejectionOfMallory(String member, TestClient client) {
        Wait.until(
                member + " to reject mallory's message",
                () ->
                        client.events.rejections.stream()
                                .anyMatch(RemovedMemberIT::refusesMalloryAsFormerMember));
    }

    @Test
    void aRemovedMemberCannotPostByLabellingAMessageWithAnOldEpoch() throws Exception {
        try (TestClient alices = TestClient.login(tmp.resolve("alice"), stack.authUri(), alice);
                TestClient bobs = TestClient.login(tmp.resolve("bob"), stack.authUri(), bob)) {
            String groupId;
            String sentBeforeRemoval;
            try (TestClient mallorys =
                    TestClient.login(tmp.resolve("mallory"), stack.authUri(), mallory)) {
                GroupInfo group =
                        TestClient.await(
                                alices.session
                                        .groups()
                                        .create("Four", List.of("bob", "carol", "mallory")));
                groupId = group.id();
                assertThat(group.epoch()).isZero();
                TestClient.await(alices.session.groups().sendText(groupId, "welcome"));
                Wait.until(
                        "bob to get alice's first message",
                        () -> texts(bobs, groupId).contains("welcome"));
                Wait.until("mallory to get it", () -> texts(mallorys, groupId).contains("welcome"));
                // carol is offline: this one, sent while mallory is a member, waits in carol's
                // inbox.
                sentBeforeRemoval =
                        TestClient.await(
                                        mallorys.session
                                                .groups()
                                                .sendText(groupId, "sent just before my removal"))
                                .id();
                Wait.until(
                        "bob to get it while mallory is a member",
                        () -> texts(bobs, groupId).contains("sent just before my removal"));
            }

            GroupInfo after = TestClient.await(alices.session.groups().remove(groupId, "mallory"));
            assertThat(after.epoch()).isEqualTo(1);
            assertThat(after.members()).containsExactly("alice", "bob", "carol");

            // mallory's crafted message: her own keys, labelled epoch 0, sealed for the three.
            Map<String, PublicKeys> recipients = new LinkedHashMap<>();
            recipients.put("alice", alice.publicKeys());
            recipients.put("bob", bob.publicKeys());
            recipients.put("carol", carol.publicKeys());
            SealedGroupText forged =
                    SealedGroupText.seal(
                            mallory, groupId, "still here after removal", 0, recipients);
            try (RawJms tool =
                    RawJms.connect(stack.url(0), "mallory", mallory.token(stack.authUri()))) {
                for (String member : List.of("alice", "bob", "carol")) {
                    tool.send(Addresses.inbox(member), forged.envelope(), null);
                }
            }
            awaitRejectionOfMallory("bob", bobs);
            awaitRejectionOfMallory("alice", alices);

            // A current member's message afterwards still shows.
            TestClient.await(bobs.session.groups().sendText(groupId, "bob after the removal"));
            Wait.until(
                    "alice to get bob's message",
                    () -> texts(alices, groupId).contains("bob after the removal"));

            try (TestClient carols =
                    TestClient.login(tmp.resolve("carol"), stack.authUri(), carol)) {
                Wait.until(
                        "carol to get alice's and bob's messages",
                        () ->
                                texts(carols, groupId)
                                        .containsAll(List.of("welcome", "bob after the removal")));
                Wait.until("carol's inbox to be drained", () -> stack.drained("carol"));
                assertThat(texts(carols, groupId))
                        .doesNotContain("still here after removal", "sent just before my removal");
                assertThat(carols.session.groups().history(groupId))
                        .extracting(StoredMessage::id)
                        .doesNotContain(forged.header().id(), sentBeforeRemoval);
                assertThat(carols.events.rejections)
                        .filteredOn(RemovedMemberIT::refusesMalloryAsFormerMember)
                        .hasSize(2);
            }
            assertThat(texts(alices, groupId)).doesNotContain("still here after removal");
            assertThat(texts(bobs, groupId)).doesNotContain("still here after removal");
        }
    }
}
