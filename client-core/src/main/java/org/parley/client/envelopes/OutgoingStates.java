package org.parley.client.envelopes;

import java.util.concurrent.CompletableFuture;
import org.parley.client.MessageState;
import org.parley.client.OutgoingMessage;
import org.parley.client.SessionListener;
import org.parley.client.StoredMessage;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.SessionClosedException;
import org.parley.client.store.ProfileStore;

/**
 * Where a stored outgoing message goes once its sending ends, for texts, group texts and files
 * alike: SENT, or FAILED; the listener hears of either.
 */
public final class OutgoingStates {
    private OutgoingStates() {}

    /**
     * {@code sending} as the message it sends: marks it SENT when {@code sending} completes, FAILED
     * when it fails (the returned future then fails with the reason as a {@link ParleyException}).
     */
    public static CompletableFuture<OutgoingMessage> track(
            ProfileStore store,
            SessionListener events,
            String id,
            String conversation,
            CompletableFuture<?> sending) {
        return sending.handle(
                (ok, failure) -> {
                    if (failure == null) {
                        return sent(store, events, id, conversation);
                    }
                    ParleyException pe = ParleyException.unwrap(failure);
                    failed(store, events, id, pe);
                    throw pe;
                });
    }

    /** Marks {@code id} SENT; returns the message as it now stands. */
    public static OutgoingMessage sent(
            ProfileStore store, SessionListener events, String id, String conversation) {
        // Not fsynced on its own: losing it only means one more (deduplicated) resend.
        store.advanceState(id, MessageState.SENT)
                .ifPresent(m -> events.onMessageStateChanged(id, MessageState.SENT));
        StoredMessage m = store.message(id).orElseThrow();
        return new OutgoingMessage(id, conversation, m.text(), m.sentAt(), m.state());
    }

    /**
     * Marks {@code id} FAILED, fsynced at once, unless the session closed: then it stays SENDING
     * and the next login resends it.
     */
    public static void failed(
            ProfileStore store, SessionListener events, String id, ParleyException reason) {
        if (!(reason instanceof SessionClosedException)) {
            store.advanceState(id, MessageState.FAILED)
                    .ifPresent(
                            m -> {
                                store.commit();
                                events.onMessageStateChanged(id, MessageState.FAILED);
                            });
        }
    }
}
