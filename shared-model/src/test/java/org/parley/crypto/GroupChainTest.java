package org.parley.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.GroupEntry;
import org.parley.model.Ids;
import org.parley.model.PublicKeys;

class GroupChainTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final IdentityKeyPair alice = IdentityKeyPair.generate(RANDOM);
    private final IdentityKeyPair bob = IdentityKeyPair.generate(RANDOM);
    private final IdentityKeyPair carol = IdentityKeyPair.generate(RANDOM);
    private final Map<String, PublicKeys> directory =
            Map.of(
                    "alice",
                    alice.publicKeys(),
                    "bob",
                    bob.publicKeys(),
                    "carol",
                    carol.publicKeys());
    private final String id = Ids.newId();

    private List<GroupEntry> chainWithBobAndCarol() throws CryptoException {
        List<GroupEntry> log = new ArrayList<>();
        log.add(GroupChain.create(alice, id, "alice", "Friends", List.of("bob"), 1));
        GroupState s = GroupChain.verify(id, log, directory::get);
        log.add(GroupChain.next(s, alice, "alice", GroupEntry.ADD, "carol", null, 2));
        return log;
    }

    @Test
    void aChainOfAdminChangesVerifiesToTheMembersItRecords() throws CryptoException {
        List<GroupEntry> log = chainWithBobAndCarol();
        GroupState s = GroupChain.verify(id, log, directory::get);
        assertThat(s.members()).containsExactly("alice", "bob", "carol");
        assertThat(s.admin()).isEqualTo("alice");
        assertThat(s.epoch()).isEqualTo(1);
        log.add(GroupChain.next(s, alice, "alice", GroupEntry.REMOVE, "bob", null, 3));
        GroupState after = GroupChain.verify(id, log, directory::get);
        assertThat(after.members()).containsExactly("alice", "carol");
        assertThat(after.wasMember("bob", 1)).isTrue();
        assertThat(after.wasMember("bob", 2)).isFalse();
        assertThat(after.wasMember("bob", 3)).isFalse();
    }

    @Test
    void aMemberWhoIsNotAdminCannotAddSomeone() throws CryptoException {
        GroupState s = GroupChain.verify(id, chainWithBobAndCarol(), directory::get);
        assertThatThrownBy(() -> GroupChain.next(s, bob, "bob", GroupEntry.ADD, "mallory", null, 3))
                .isInstanceOf(GroupChain.NotAdminException.class)
                .hasMessageContaining("admin");
    }

    @Test
    void aMemberListChangedAfterSigningFailsVerification() throws CryptoException {
        List<GroupEntry> log = chainWithBobAndCarol();
        GroupEntry last = log.get(1);
        List<String> padded = new ArrayList<>(last.members());
        padded.add("dave");
        log.set(
                1,
                new GroupEntry(
                        last.v(),
                        last.group(),
                        last.seq(),
                        last.prev(),
                        last.action(),
                        last.actor(),
                        last.target(),
                        last.name(),
                        last.admin(),
                        padded,
                        last.ts(),
                        last.sig()));
        assertThatThrownBy(() -> GroupChain.verify(id, log, directory::get))
                .isInstanceOf(CryptoException.class);
    }

    @Test
    void anEntrySignedByAnotherKeyThanTheActorsIsRefused() throws CryptoException {
        List<GroupEntry> log = chainWithBobAndCarol();
        GroupState s = GroupChain.verify(id, log, directory::get);
        // The server (or anyone) signs "alice adds dave" with a key of its own.
        IdentityKeyPair forger = IdentityKeyPair.generate(RANDOM);
        GroupEntry forged = GroupChain.next(s, forger, "alice", GroupEntry.ADD, "dave", null, 3);
        log.add(forged);
        assertThatThrownBy(() -> GroupChain.verify(id, log, directory::get))
                .isInstanceOf(CryptoException.class)
                .hasMessageContaining("no valid signature");
    }

    @Test
    void aMemberMayLeaveButTheAdminMustTransferFirst() throws CryptoException {
        List<GroupEntry> log = chainWithBobAndCarol();
        GroupState s = GroupChain.verify(id, log, directory::get);
        assertThatThrownBy(
                        () ->
                                GroupChain.next(
                                        s, alice, "alice", GroupEntry.LEAVE, "alice", null, 3))
                .hasMessageContaining("admin cannot leave");
        GroupEntry leave = GroupChain.next(s, carol, "carol", GroupEntry.LEAVE, "carol", null, 3);
        GroupState after = GroupChain.apply(s, leave, directory::get);
        assertThat(after.members()).containsExactly("alice", "bob");
        GroupEntry transfer =
                GroupChain.next(after, alice, "alice", GroupEntry.TRANSFER, "bob", null, 4);
        assertThat(GroupChain.apply(after, transfer, directory::get).admin()).isEqualTo("bob");
    }

    @Test
    void aReplayedOrForkedEntryDoesNotFollowTheHead() throws CryptoException {
        List<GroupEntry> log = chainWithBobAndCarol();
        GroupState s = GroupChain.verify(id, log, directory::get);
        assertThatThrownBy(() -> GroupChain.apply(s, log.get(1), directory::get))
                .hasMessageContaining("does not follow");
    }
}
