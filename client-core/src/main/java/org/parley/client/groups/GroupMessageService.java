package org.parley.client.groups;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.parley.client.Groups;
import org.parley.client.OutgoingMessage;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.contacts.ContactService;
import org.parley.client.envelopes.ContentTypes;
import org.parley.client.envelopes.Outbox;
import org.parley.client.envelopes.OutgoingStates;
import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.MessageTooLongException;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.ProfileStoreException;
import org.parley.client.exceptions.ProtocolException;
import org.parley.client.exceptions.UnknownGroupException;
import org.parley.client.exceptions.UnknownUserException;
import org.parley.client.store.HeldEnvelope;
import org.parley.client.store.PendingEnvelope;
import org.parley.client.store.ProfileStore;
import org.parley.client.transport.InboundMessage;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.GroupState;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.Envelope;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Json;
import org.parley.model.PublicKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group messages: sealed once with a random content key wrapped for every member of the current
 * verified membership (never anyone else), stored once in the group's conversation, and put in each
 * other member's inbox. On receipt: the broker-stamped sender must match {@code from}, the
 * signature must verify with the sender's pinned key, and the sender (and I) must be members at the
 * membership epoch the sealed content names, by the verified chain; the sender must also be a
 * member at my current verified epoch (never only at the epoch the sender wrote).
 */
public final class GroupMessageService {
    private static final Logger log = LoggerFactory.getLogger(GroupMessageService.class);

    /** Plaintext of a group text: the text and the membership epoch it was sealed for. */
    record GroupTextBody(String text, Long epoch) {}

    /** What receiving one group envelope came to. */
    public sealed interface Outcome {}

    public record Stored(StoredMessage message) implements Outcome {}

    public record Rejected(String reason) implements Outcome {}

    /**
     * A group {@code file} envelope that passed the group checks (signature, sender and I members
     * at its epoch); the file checks (length, digest, chunks) are the file service's.
     */
    public record GroupFile(
            EnvelopeHeader header, byte[] plain, java.nio.file.@Nullable Path spooled)
            implements Outcome {}

    /**
     * Whom a group message is sealed for: the other members at {@code epoch}, with their pinned
     * keys.
     */
    public record Recipients(String groupId, long epoch, Map<String, PublicKeys> keys) {}

    /** The epoch a group file's plaintext carries beside the descriptor's fields. */
    private record EpochOnly(Long epoch) {}

    /**
     * Kept durably to be judged when the server answers (KEY_LOOKUP hold), or a duplicate: nothing
     * to report.
     */
    record Quiet() implements Outcome {}

    private final String me;
    private final EnvelopeCrypto crypto;
    private final ProfileStore store;
    private final ContactService contacts;
    private final GroupDirectory directory;
    private final Outbox outbox;
    private final SessionListener events;
    private final Clock clock;
    private final int maxTextLength;

    public GroupMessageService(
            String me,
            EnvelopeCrypto crypto,
            ProfileStore store,
            ContactService contacts,
            GroupDirectory directory,
            Outbox outbox,
            SessionListener events,
            Clock clock,
            int maxTextLength) {
        this.me = me;
        this.crypto = crypto;
        this.store = store;
        this.contacts = contacts;
        this.directory = directory;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
        this.maxTextLength = maxTextLength;
    }

    public static boolean isGroupConversation(String peer) {
        return Groups.groupOf(peer).isPresent();
    }

    /** The members a sealed group envelope was encrypted for (a resend goes to them, none more). */
    public static List<String> sealedFor(byte[] envelope) throws CryptoException {
        Map<String, byte[]> keys =
                Objects.requireNonNull(
                        Envelope.parse(envelope).keys(), "parse() checks a group envelope's keys");
        return new ArrayList<>(keys.keySet());
    }

    // ---- sending -------------------------------------------------------------------------------

    /**
     * Blocking (directory, fsync): call on the session's {@link
     * org.parley.client.envelopes.SendLane}. Throws if nothing was stored; once the text is stored,
     * a failure only fails the returned future.
     */
    CompletableFuture<OutgoingMessage> sendText(String groupId, String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("The message is empty.");
        }
        if (text.length() > maxTextLength) {
            throw new MessageTooLongException(text.length(), maxTextLength);
        }
        Recipients recipients = recipients(groupId);
        EnvelopeHeader header =
                EnvelopeHeader.group(me, groupId, clock.millis(), ContentTypes.TEXT);
        byte[] body;
        try {
            body =
                    crypto.sealGroup(
                                    header,
                                    Json.write(new GroupTextBody(text, recipients.epoch()))
                                            .getBytes(StandardCharsets.UTF_8),
                                    recipients.keys())
                            .toBytes();
        } catch (CryptoException e) {
            throw new ParleyException("The message could not be encrypted: " + e.getMessage(), e);
        }
        String conversation = Groups.conversationKey(groupId);
        StoredMessage stored =
                store.addOutgoing(header.id(), conversation, text, header.ts(), body);
        try {
            store.commit(); // a crash from here on resends it, same id and recipients, at next
            // login
        } catch (ProfileStoreException e) {
            return CompletableFuture.failedFuture(e); // in the history, not sent
        }
        events.onMessage(stored);
        return transmit(
                header.id(), conversation, new ArrayList<>(recipients.keys().keySet()), body);
    }

    /**
     * The other members of the current verified membership, with their pinned keys. Blocking
     * (directory). Fails if I am not a member, the group is deleted, or I am alone in it.
     */
    public Recipients recipients(String groupId) {
        GroupState state = directory.current(groupId).state();
        if (!state.isMember(me) || state.deleted()) {
            throw new UnknownGroupException(groupId);
        }
        Map<String, PublicKeys> recipients = new LinkedHashMap<>();
        for (String member : state.members()) {
            if (!member.equals(me)) {
                recipients.put(member, contacts.keysForReceiving(member));
            }
        }
        if (recipients.isEmpty()) {
            throw new InvalidInputException(
                    "You are the only member of this group; add someone first.");
        }
        return new Recipients(groupId, state.epoch(), recipients);
    }

    /** Puts the envelope in every recipient's inbox; SENT once all of them have it. */
    private CompletableFuture<OutgoingMessage> transmit(
            String id, String conversation, List<String> recipients, byte[] body) {
        CompletableFuture<?>[] sends = new CompletableFuture<?>[recipients.size()];
        for (int i = 0; i < recipients.size(); i++) {
            sends[i] = outbox.enqueue(recipients.get(i), id, body);
        }
        return OutgoingStates.track(
                store, events, id, conversation, CompletableFuture.allOf(sends));
    }

    /**
     * Resends a group message a previous session left SENDING, to the members it was sealed for.
     */
    public void resend(PendingEnvelope p) {
        List<String> recipients;
        try {
            recipients = sealedFor(p.envelope());

        } catch (CryptoException | RuntimeException e) {
            log.warn("Cannot resend group message {}: {}", p.id(), e.getMessage());
            return;
        }
        recipients.remove(me);
        transmit(p.id(), p.to(), recipients, p.envelope())
                .exceptionally(
                        e -> {
                            log.info("Resending {} did not complete: {}", p.id(), e.getMessage());
                            return null;
                        });
    }

    // ---- receiving -----------------------------------------------------------------------------

    /**
     * Judges one parsed group envelope. Called under the receive pipeline's lock.
     *
     * @param takenNanos {@link System#nanoTime} before the message was taken from the inbox (its
     *     batch's start): the membership it is judged by is confirmed by the server after that
     */
    public Outcome receive(Envelope env, InboundMessage in, long takenNanos) {
        EnvelopeHeader h = env.header();
        if (!h.from().equals(in.validatedUser())) {
            return new Rejected(
                    "A group message claiming to be from "
                            + h.from()
                            + " was sent by "
                            + in.senderLabel()
                            + " and was dropped.");
        }
        if (store.isSeen(h.id())) {
            return new Quiet();
        }
        if (!Objects.requireNonNull(env.keys(), "parse() checks a group envelope's keys")
                .containsKey(me)) {
            return drop(
                    h,
                    "A group message from "
                            + h.from()
                            + " was not encrypted for you and was dropped.");
        }
        PublicKeys senderKeys;
        try {
            senderKeys = contacts.keysForReceiving(h.from());
        } catch (UnknownUserException e) {
            return new Rejected(
                    "A group message from "
                            + h.from()
                            + ", who is not a Parley user, was dropped.");
        } catch (ParleyException e) {
            return hold(h, in);
        }
        byte[] plain;
        try {
            plain = crypto.openGroup(env, senderKeys);
        } catch (CryptoException e) {
            return new Rejected(
                    "A group message claiming to be from "
                            + h.from()
                            + " failed its checks and was dropped: "
                            + e.getMessage());
        }
        boolean file = ContentTypes.FILE.equals(h.type());
        if (!ContentTypes.TEXT.equals(h.type()) && !file) {
            return drop(
                    h,
                    "A group message of unsupported type '"
                            + h.type()
                            + "' from "
                            + h.from()
                            + " was dropped.");
        }
        GroupTextBody body;
        try {
            body =
                    file
                            ? new GroupTextBody(
                                    "",
                                    Json.parse(
                                                    new String(plain, StandardCharsets.UTF_8),
                                                    EpochOnly.class)
                                            .epoch())
                            : Json.parse(
                                    new String(plain, StandardCharsets.UTF_8), GroupTextBody.class);
        } catch (IllegalArgumentException | NullPointerException e) {
            body = null;
        }
        if (body == null
                || body.text() == null
                || body.epoch() == null
                || body.epoch() < 0
                || body.text().length() > ContentTypes.MAX_INCOMING_TEXT
                || (!file && body.text().indexOf('\u0000') >= 0)) {
            return drop(
                    h,
                    "A malformed or oversized group "
                            + (file ? "file" : "text")
                            + " from "
                            + h.from()
                            + " was dropped.");
        }
        GroupState state;
        try {
            state =
                    directory
                            .forReceiving(
                                    Objects.requireNonNull(h.group(), "a group envelope"),
                                    body.epoch(),
                                    takenNanos)
                            .state();
        } catch (UnknownGroupException | ProtocolException | UnknownUserException e) {
            return drop(
                    h,
                    "A message for group "
                            + h.group()
                            + " from "
                            + h.from()
                            + " was dropped: "
                            + e.getMessage());
        } catch (ParleyException e) {
            return hold(h, in);
        }
        if (!state.wasMember(h.from(), body.epoch())) {
            return drop(
                    h,
                    "A group message from "
                            + h.from()
                            + ", who was not a member of group "
                            + h.group()
                            + " at epoch "
                            + body.epoch()
                            + ", was dropped.");
        }
        // The epoch is the sender's word: a removed member can still write an old one. What counts
        // is my current verified membership. A message a member sent just before being removed and
        // that reaches me after I have seen the removal is refused too (no clock orders the two).
        if (!state.isMember(h.from()) || state.deleted()) {
            return drop(
                    h,
                    "A group message from "
                            + h.from()
                            + ", who is no longer a member of group "
                            + h.group()
                            + " (epoch "
                            + state.epoch()
                            + "), was dropped.");
        }
        if (!state.wasMember(me, body.epoch())) {
            return drop(
                    h, "A group message for an epoch at which you were not a member was dropped.");
        }
        if (file) {
            return new GroupFile(h, plain, in.spooled());
        }
        return new Stored(
                store.addIncomingGroup(
                        h.id(),
                        Groups.conversationKey(
                                Objects.requireNonNull(h.group(), "a group envelope")),
                        h.from(),
                        body.text(),
                        h.ts()));
    }

    /** Refuses the envelope for good: its id counts as seen, so a redelivery is quiet. */
    private Outcome drop(EnvelopeHeader h, String reason) {
        store.markSeen(h.id());
        return new Rejected(reason);
    }

    private Outcome hold(EnvelopeHeader h, InboundMessage in) {
        store.hold(
                new HeldEnvelope(
                        h.id(),
                        h.from(),
                        Objects.requireNonNull(in.body(), "a parsed envelope has a body"),
                        in.validatedUser(),
                        clock.millis(),
                        HeldEnvelope.Reason.KEY_LOOKUP));
        return new Quiet();
    }
}
