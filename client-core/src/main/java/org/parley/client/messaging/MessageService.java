package org.parley.client.messaging;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.parley.client.MessageState;
import org.parley.client.OutgoingMessage;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.contacts.ContactService;
import org.parley.client.contacts.UsernameInput;
import org.parley.client.envelopes.ContentTypes;
import org.parley.client.envelopes.Outbox;
import org.parley.client.envelopes.OutgoingStates;
import org.parley.client.exceptions.InvalidInputException;
import org.parley.client.exceptions.MessageTooLongException;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.ProfileStoreException;
import org.parley.client.exceptions.UnknownUserException;
import org.parley.client.files.FileService;
import org.parley.client.groups.GroupMessageService;
import org.parley.client.store.HeldEnvelope;
import org.parley.client.store.PendingEnvelope;
import org.parley.client.store.ProfileStore;
import org.parley.client.transport.InboundHandler;
import org.parley.client.transport.InboundMessage;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.primitives.CryptoException;
import org.parley.model.Envelope;
import org.parley.model.EnvelopeHeader;
import org.parley.model.Ids;
import org.parley.model.Json;
import org.parley.model.PublicKeys;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sending and the receive pipeline of 1:1 messages.
 *
 * <p>Receiving, per envelope: parse; hand group envelopes to {@link GroupMessageService}; refuse
 * envelopes not addressed to me, and a {@code from} that differs from the broker-stamped validated
 * user; drop ids already seen; open with the sender's pinned key (pinning it on first contact); on
 * failure, check for a key change (then the envelope is held, not shown, until the user accepts the
 * key) or refuse it as tampered. Texts are stored, receipts mark our messages delivered. The whole
 * batch is then committed with one fsync, and only then do listeners hear about it and the
 * transport acknowledge it. Refusals are reported through {@link SessionListener#onRejected} and
 * never stored as messages.
 */
public final class MessageService implements InboundHandler {
    private static final Logger log = LoggerFactory.getLogger(MessageService.class);
    private static final int MAX_RECEIPT_IDS = 1000;

    /** Batches at least this large are parsed and opened in parallel first (see openAhead). */
    private static final int PARALLEL_OPEN_MIN_BATCH = 16;

    record TextBody(String text) {}

    record ReceiptBody(List<String> ids, String state) {}

    private final String me;
    private final EnvelopeCrypto crypto;
    private final ProfileStore store;
    private final ContactService contacts;
    private final SessionListener events;
    private final Clock clock;
    private final int maxTextLength;
    private final Outbox outbox;
    private final GroupMessageService groups;
    private final FileService files;
    private final Object pipelineLock = new Object();

    private final ReceiptSchedule receiptSchedule;
    private final Map<String, List<String>> pendingReceipts = new LinkedHashMap<>();
    private boolean receiptFlushScheduled;

    /**
     * @param groups judges group envelopes and resends group messages
     * @param files receives file messages and resends unfinished file transfers
     * @param receiptSchedule when collected delivery receipts go out
     */
    public MessageService(
            String me,
            EnvelopeCrypto crypto,
            ProfileStore store,
            ContactService contacts,
            Outbox outbox,
            SessionListener events,
            Clock clock,
            int maxTextLength,
            GroupMessageService groups,
            FileService files,
            ReceiptSchedule receiptSchedule) {
        this.me = me;
        this.crypto = crypto;
        this.store = store;
        this.contacts = contacts;
        this.outbox = outbox;
        this.events = events;
        this.clock = clock;
        this.maxTextLength = maxTextLength;
        this.groups = Objects.requireNonNull(groups);
        this.files = Objects.requireNonNull(files);
        this.receiptSchedule = Objects.requireNonNull(receiptSchedule);
    }

    // ---- sending -------------------------------------------------------------------------------

    /**
     * Validates, seals, stores (SENDING, written) and queues a text. Blocking (directory lookup,
     * file write): call it on the session's {@link org.parley.client.envelopes.SendLane}. Throws if
     * nothing was stored; once the text is stored, a failure only fails the returned future, which
     * completes when a broker has it.
     */
    public CompletableFuture<OutgoingMessage> sendText(String rawTo, String text) {
        String to = UsernameInput.recipient(rawTo, me, "a message");
        if (text == null || text.isBlank()) {
            throw new InvalidInputException("The message is empty.");
        }
        if (text.length() > maxTextLength) {
            throw new MessageTooLongException(text.length(), maxTextLength);
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new InvalidInputException("A message cannot contain a NUL character.");
        }
        PublicKeys keys = contacts.keysForSending(to);
        EnvelopeHeader header = EnvelopeHeader.direct(me, to, clock.millis(), ContentTypes.TEXT);
        byte[] body = seal(header, Json.write(new TextBody(text)), keys).toBytes();
        StoredMessage stored = store.addOutgoing(header.id(), to, text, header.ts(), body);
        // Written, not fsynced (decision 0010): once the broker has it (the future below) the
        // broker
        // keeps it durably; until then the written SENDING record resends it with the same id after
        // the app crashes. Only a power loss in the second before the periodic sync can lose a
        // message not yet acknowledged, as in any store that does not fsync every commit.
        CompletableFuture<Void> sending = outbox.enqueue(to, header.id(), body);
        try {
            store.write();
        } catch (ProfileStoreException e) {
            return CompletableFuture.failedFuture(e); // stored and queued all the same
        }
        events.onMessage(stored);
        return OutgoingStates.track(store, events, header.id(), to, sending);
    }

    private Envelope seal(EnvelopeHeader header, String json, PublicKeys keys) {
        try {
            return crypto.sealDirect(header, json.getBytes(StandardCharsets.UTF_8), keys);
        } catch (CryptoException e) {
            throw new ParleyException("The message could not be encrypted: " + e.getMessage(), e);
        }
    }

    private CompletableFuture<OutgoingMessage> transmit(String id, String to, byte[] body) {
        return OutgoingStates.track(store, events, id, to, outbox.enqueue(to, id, body));
    }

    /** Queues every message a previous session left in SENDING, with its original id and bytes. */
    public void resendPending() {
        for (PendingEnvelope p : store.pendingOutgoing()) {
            if (files.resend(p)) {
                continue;
            }
            if (GroupMessageService.isGroupConversation(p.to())) {
                groups.resend(p);
                continue;
            }
            transmit(p.id(), p.to(), p.envelope())
                    .exceptionally(
                            e -> {
                                log.info(
                                        "Resending {} did not complete: {}",
                                        p.id(),
                                        e.getMessage());
                                return null;
                            });
        }
    }

    // ---- receiving -----------------------------------------------------------------------------

    /** What a batch produced; reported after the commit. */
    private static final class Batch {
        final List<StoredMessage> messages = new ArrayList<>();
        final List<StoredMessage> stateChanges = new ArrayList<>();
        final List<String> rejections = new ArrayList<>();
        final Map<String, List<String>> receipts = new LinkedHashMap<>();

        /**
         * After its messages were taken from the inbox: group membership is judged as confirmed
         * since.
         */
        final long startedNanos = System.nanoTime();
    }

    /** An envelope parsed (and, with the keys pinned at the time, opened) ahead of the pipeline. */
    private record Opened(Envelope envelope, @Nullable PublicKeys keys, byte @Nullable [] plain) {}

    /**
     * Parsing and opening are most of a message's work and depend on nothing the pipeline changes,
     * so a large batch (a backlog after login) does them on every core first. The pipeline then
     * makes every decision itself, in order, as before; it uses an opened plaintext only if the
     * keys pinned when it gets there are the ones it was opened with, else it opens again.
     */
    private @Nullable Opened[] openAhead(List<InboundMessage> inbound) {
        @Nullable Opened[] ahead = new Opened[inbound.size()];
        if (inbound.size() >= PARALLEL_OPEN_MIN_BATCH) {
            IntStream.range(0, ahead.length)
                    .parallel()
                    .forEach(i -> ahead[i] = tryOpen(inbound.get(i)));
        }
        return ahead;
    }

    private @Nullable Opened tryOpen(InboundMessage in) {
        if (in.body() == null || in.spooled() != null) {
            return null;
        }
        try {
            Envelope env = Envelope.parse(in.body());
            EnvelopeHeader h = env.header();
            if (h.isGroup() || !me.equals(h.to()) || !h.from().equals(in.validatedUser())) {
                return new Opened(env, null, null);
            }
            Optional<PublicKeys> keys = contacts.pinned(h.from());
            return keys.isEmpty()
                    ? new Opened(env, null, null)
                    : new Opened(env, keys.get(), crypto.openDirect(env, keys.get()));
        } catch (CryptoException | RuntimeException e) {
            return null; // the pipeline meets the same problem again and reports it
        }
    }

    @Override
    public void onBatch(List<InboundMessage> inbound) {
        Opened[] ahead = openAhead(inbound);
        synchronized (pipelineLock) {
            Batch b = new Batch();
            for (int i = 0; i < inbound.size(); i++) {
                InboundMessage in = inbound.get(i);
                try {
                    process(in, b, ahead[i]);
                } catch (ProfileStoreException e) {
                    throw e; // nothing of the batch may be acknowledged
                } catch (RuntimeException e) {
                    // A bug must not block the inbox (or send the batch to the dead-letter queue).
                    log.error("Processing an envelope failed", e);
                    reject(b, "An envelope could not be processed and was dropped: " + e);
                }
            }
            finish(b);
        }
    }

    private void finish(Batch b) {
        store.commit(); // one fsync for the whole batch, before the transport acknowledges it
        for (String r : b.rejections) {
            events.onRejected(r);
        }
        for (StoredMessage m : b.messages) {
            events.onMessage(m);
        }
        for (StoredMessage m : b.stateChanges) {
            events.onMessageStateChanged(m.id(), m.state());
        }
        b.receipts.forEach(this::queueReceipt);
    }

    /**
     * Receipts are a second broker message per text, so under load they are collected until the
     * {@link ReceiptSchedule} flushes them, and sent as one per peer. Only the sender's DELIVERED
     * mark waits; a receipt lost in a crash leaves a message shown as SENT, as a lost receipt
     * always did.
     */
    private void queueReceipt(String peer, List<String> ids) {
        boolean schedule;
        synchronized (pendingReceipts) {
            pendingReceipts.computeIfAbsent(peer, k -> new ArrayList<>()).addAll(ids);
            schedule = !receiptFlushScheduled;
            receiptFlushScheduled = true;
        }
        if (schedule) {
            try {
                receiptSchedule.schedule(this::flushReceipts);
            } catch (RejectedExecutionException e) {
                synchronized (pendingReceipts) {
                    receiptFlushScheduled = false;
                    log.debug("Session closing; {} receipt ids not sent", pendingReceipts.size());
                }
            }
        }
    }

    /** Sends every collected receipt now (before a tool exits, and from the timer). */
    public void flushReceipts() {
        Map<String, List<String>> due;
        synchronized (pendingReceipts) {
            due = new LinkedHashMap<>(pendingReceipts);
            pendingReceipts.clear();
            receiptFlushScheduled = false;
        }
        due.forEach(this::sendReceipt);
    }

    private void process(InboundMessage in, Batch b) {
        process(in, b, null);
    }

    private void process(InboundMessage in, Batch b, @Nullable Opened ahead) {
        in = files.withEnvelope(in);
        if (in.body() == null) {
            reject(b, "A broker message that is not a Parley envelope was dropped.");
            return;
        }
        Envelope env;
        if (ahead != null) {
            env = ahead.envelope();
        } else {
            try {
                env = Envelope.parse(in.body());
            } catch (CryptoException e) {
                reject(b, "A malformed envelope was dropped: " + e.getMessage());
                return;
            }
        }
        EnvelopeHeader h = env.header();
        if (h.isGroup()) {
            GroupMessageService.Outcome outcome = groups.receive(env, in, b.startedNanos);
            if (outcome instanceof GroupMessageService.Stored stored) {
                b.messages.add(stored.message());
            } else if (outcome instanceof GroupMessageService.Rejected rejected) {
                reject(b, rejected.reason());
            } else if (outcome instanceof GroupMessageService.GroupFile gf) {
                // No delivery receipts for groups, as for group texts.
                files.receive(gf.header(), gf.plain(), gf.spooled(), r -> reject(b, r))
                        .ifPresent(b.messages::add);
            }
            return;
        }
        if (!me.equals(h.to())) {
            reject(
                    b,
                    "An envelope addressed to "
                            + h.to()
                            + " arrived in your inbox and was dropped.");
            return;
        }
        if (!h.from().equals(in.validatedUser())) {
            reject(
                    b,
                    "An envelope claiming to be from "
                            + h.from()
                            + " was sent by "
                            + in.senderLabel()
                            + " and was dropped.");
            return;
        }
        if (store.isSeen(h.id())) {
            log.debug("Dropping duplicate envelope {}", h.id());
            return;
        }
        PublicKeys pinned;
        try {
            pinned = contacts.keysForReceiving(h.from());
        } catch (UnknownUserException e) {
            reject(b, "An envelope from " + h.from() + ", who is not a Parley user, was dropped.");
            return;
        } catch (ParleyException e) {
            // A new correspondent and no directory: keep it (durably) and judge it when the
            // directory answers.
            store.hold(
                    new HeldEnvelope(
                            h.id(),
                            h.from(),
                            in.body(),
                            in.validatedUser(),
                            clock.millis(),
                            HeldEnvelope.Reason.KEY_LOOKUP));
            return;
        }
        openAndHandle(env, pinned, in, b, ahead);
    }

    private void openAndHandle(
            Envelope env, PublicKeys pinned, InboundMessage in, Batch b, @Nullable Opened ahead) {
        EnvelopeHeader h = env.header();
        byte[] plain;
        try {
            plain =
                    ahead != null && ahead.plain() != null && pinned.equals(ahead.keys())
                            ? ahead.plain()
                            : crypto.openDirect(env, pinned);
        } catch (CryptoException e) {
            Optional<PublicKeys> candidate = contacts.pending(h.from());
            if (candidate.isEmpty()) {
                candidate = contacts.changedDirectoryKeys(h.from());
            }
            if (candidate.isPresent() && opensWith(env, candidate.get())) {
                contacts.recordKeyChange(h.from(), candidate.get());
                store.hold(
                        new HeldEnvelope(
                                h.id(),
                                h.from(),
                                Objects.requireNonNull(in.body(), "process() drops bodiless ones"),
                                in.validatedUser(),
                                clock.millis(),
                                HeldEnvelope.Reason.KEY_CHANGE));
                reject(
                        b,
                        "A message from "
                                + h.from()
                                + " is held back until you accept their new key.");
                return;
            }
            reject(
                    b,
                    "A message claiming to be from "
                            + h.from()
                            + " failed its integrity check and was dropped.");
            return;
        }
        handleContent(h, plain, in.spooled(), b);
    }

    private boolean opensWith(Envelope env, PublicKeys keys) {
        try {
            crypto.openDirect(env, keys);
            return true;
        } catch (CryptoException e) {
            return false;
        }
    }

    private void handleContent(
            EnvelopeHeader h, byte[] plain, java.nio.file.@Nullable Path spooled, Batch b) {
        String json = new String(plain, StandardCharsets.UTF_8);
        switch (h.type()) {
            case ContentTypes.TEXT -> {
                TextBody body = parseText(json);
                if (body == null
                        || body.text().length() > ContentTypes.MAX_INCOMING_TEXT
                        || body.text().indexOf('\u0000') >= 0) {
                    store.markSeen(h.id());
                    reject(b, "A malformed or oversized text from " + h.from() + " was dropped.");
                    return;
                }
                b.messages.add(store.addIncoming(h.id(), h.from(), body.text(), h.ts()));
                b.receipts.computeIfAbsent(h.from(), k -> new ArrayList<>()).add(h.id());
            }
            case ContentTypes.FILE -> {
                files.receive(h, plain, spooled, r -> reject(b, r))
                        .ifPresent(
                                m -> {
                                    b.messages.add(m);
                                    b.receipts
                                            .computeIfAbsent(h.from(), k -> new ArrayList<>())
                                            .add(h.id());
                                });
            }
            case ContentTypes.RECEIPT -> {
                store.markSeen(h.id());
                ReceiptBody body = parse(json, ReceiptBody.class);
                if (body == null || body.ids() == null || !"delivered".equals(body.state())) {
                    reject(b, "A malformed receipt from " + h.from() + " was dropped.");
                    return;
                }
                for (String id : body.ids()) {
                    if (!Ids.isValid(id)) {
                        continue;
                    }
                    Optional<StoredMessage> mine =
                            store.message(id)
                                    .filter(m -> !m.incoming() && m.peer().equals(h.from()));
                    if (mine.isPresent()) {
                        store.advanceState(id, MessageState.DELIVERED)
                                .ifPresent(b.stateChanges::add);
                    }
                }
            }
            default -> {
                store.markSeen(h.id());
                reject(
                        b,
                        "A message of unsupported type '"
                                + h.type()
                                + "' from "
                                + h.from()
                                + " was dropped.");
            }
        }
    }

    /**
     * The text body, or null unless {@code text} is a JSON string: plain Gson would read {@code
     * {"text": 123}} or {@code true} as the text "123" or "true".
     */
    private static @Nullable TextBody parseText(String json) {
        JsonObject object = parse(json, JsonObject.class);
        JsonElement text = object == null ? null : object.get("text");
        if (text == null || !text.isJsonPrimitive() || !text.getAsJsonPrimitive().isString()) {
            return null;
        }
        return new TextBody(text.getAsString());
    }

    private static <T> @Nullable T parse(String json, Class<T> type) {

        try {
            return Json.parse(json, type);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void reject(Batch b, String reason) {
        log.info("Rejected: {}", reason);
        b.rejections.add(reason);
    }

    private void sendReceipt(String peer, List<String> ids) {
        Optional<PublicKeys> keys = contacts.pinned(peer);
        if (keys.isEmpty()) {
            return;
        }
        for (int i = 0; i < ids.size(); i += MAX_RECEIPT_IDS) {
            List<String> chunk =
                    List.copyOf(ids.subList(i, Math.min(ids.size(), i + MAX_RECEIPT_IDS)));
            EnvelopeHeader header =
                    EnvelopeHeader.direct(me, peer, clock.millis(), ContentTypes.RECEIPT);
            try {
                byte[] body =
                        seal(header, Json.write(new ReceiptBody(chunk, "delivered")), keys.get())
                                .toBytes();
                outbox.enqueue(peer, header.id(), body)
                        .exceptionally(
                                e -> {
                                    log.debug("Receipt to {} not sent: {}", peer, e.getMessage());
                                    return null;
                                });
            } catch (ParleyException e) {
                log.info("Could not seal a receipt to {}: {}", peer, e.getMessage());
            }
        }
    }

    // ---- held envelopes ------------------------------------------------------------------------

    /** Opens the envelopes from {@code peer} held for a key change, now that a key was accepted. */
    public void releaseHeld(String peer) {
        synchronized (pipelineLock) {
            Batch b = new Batch();
            for (HeldEnvelope held : store.heldFrom(peer)) {
                if (held.reason() == HeldEnvelope.Reason.KEY_CHANGE) {
                    reexamine(held, b);
                }
            }
            finish(b);
        }
    }

    /** Retries envelopes held because the key directory was unreachable. */
    public void retryHeldLookups() {
        synchronized (pipelineLock) {
            List<HeldEnvelope> waiting = store.held(HeldEnvelope.Reason.KEY_LOOKUP);
            if (waiting.isEmpty()) {
                return;
            }
            Batch b = new Batch();
            for (HeldEnvelope held : waiting) {
                try {
                    contacts.keysForReceiving(held.from());
                } catch (UnknownUserException e) {
                    // handled by reexamine below through the normal path
                } catch (ParleyException e) {
                    break; // directory still unreachable
                }
                reexamine(held, b);
            }
            finish(b);
        }
    }

    private void reexamine(HeldEnvelope held, Batch b) {
        store.release(held.id());
        process(new InboundMessage(held.envelope(), held.validatedUser()), b);
    }
}
