package org.parley.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsAndAddressesTest {

    @Test
    void newIdsAre32LowercaseHexAndDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = Ids.newId();
            assertThat(id).matches("[0-9a-f]{32}");
            assertThat(Ids.isValid(id)).isTrue();
            assertThat(seen.add(id)).isTrue();
        }
    }

    @Test
    void idConvertsToItsSixteenBytesAndBack() {
        String id = "00ff10203040506070808090a0b0c0d0";
        byte[] bytes = Ids.toBytes(id);
        assertThat(bytes).hasSize(16);
        assertThat(bytes[1]).isEqualTo((byte) 0xff);
        assertThat(Ids.fromBytes(bytes)).isEqualTo(id);
    }

    @Test
    void malformedIdsAreRefused() {
        for (String bad :
                new String[] {
                    null,
                    "",
                    "00FF10203040506070808090A0B0C0D0",
                    "00ff1020304050607080809",
                    "00ff10203040506070808090a0b0c0d0a",
                    "00ff10203040506070808090a0b0c0dg",
                    "+0ff10203040506070808090a0b0c0d0"
                }) {
            assertThat(Ids.isValid(bad)).as(bad).isFalse();
            assertThatThrownBy(() -> Ids.toBytes(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void addressesAreNamedAfterValidUsersOnly() {
        assertThat(Addresses.inbox("alice")).isEqualTo("parley.inbox.alice");
        assertThat(Addresses.presence("alice")).isEqualTo("parley.presence.alice");
        assertThatThrownBy(() -> Addresses.inbox("alice.#"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Addresses.inbox("*")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Addresses.presence("Alice"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void inboxOwnerIsFoundOnlyForExactInboxAddresses() {
        assertThat(Addresses.inboxOwner("parley.inbox.bob.smith"))
                .isEqualTo(Optional.of("bob.smith"));
        assertThat(Addresses.inboxOwner("parley.inbox.#")).isEmpty();
        assertThat(Addresses.inboxOwner("parley.inbox.")).isEmpty();
        assertThat(Addresses.inboxOwner("parley.inbox.bob.*")).isEmpty();
        assertThat(Addresses.inboxOwner("parley.presence.bob")).isEmpty();
        assertThat(Addresses.inboxOwner("xparley.inbox.bob")).isEmpty();
        assertThat(Addresses.inboxOwner(null)).isEmpty();
        assertThat(Addresses.presenceOwner("parley.presence.bob")).isEqualTo(Optional.of("bob"));
    }
}
