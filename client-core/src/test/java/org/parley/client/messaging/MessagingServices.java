package org.parley.client.messaging;

import java.time.Clock;
import java.util.concurrent.Executors;
import org.parley.client.SessionListener;
import org.parley.client.contacts.ContactService;
import org.parley.client.contacts.KeyDirectory;
import org.parley.client.envelopes.Outbox;
import org.parley.client.files.FileService;
import org.parley.client.groups.GroupDirectory;
import org.parley.client.groups.GroupMessageService;
import org.parley.client.store.ProfileStore;
import org.parley.client.transport.Transport;
import org.parley.crypto.EnvelopeCrypto;
import org.parley.crypto.IdentityKeyPair;

/**
 * One account's messaging services, wired as a session wires them, but with receipts sent at once
 * and no auth server behind the group directory.
 */
final class MessagingServices implements AutoCloseable {
    private static final int MAX_TEXT_LENGTH = 4000;
    private static final long MAX_FILE_BYTES = 1024 * 1024;

    final Outbox outbox;
    final ContactService contacts;
    final FileService files;
    final MessageService messages;

    MessagingServices(
            String name,
            IdentityKeyPair keys,
            ProfileStore store,
            Transport transport,
            SessionListener events,
            KeyDirectory directory,
            Clock clock) {
        outbox = new Outbox(transport, Executors.defaultThreadFactory(), name);
        outbox.start();
        contacts = new ContactService(name, keys.publicKeys(), store, directory, clock, events);
        EnvelopeCrypto crypto = new EnvelopeCrypto(name, keys);
        GroupMessageService groups =
                new GroupMessageService(
                        name,
                        crypto,
                        store,
                        contacts,
                        new GroupDirectory(name, keys.publicKeys(), null, null, contacts),
                        outbox,
                        events,
                        clock,
                        MAX_TEXT_LENGTH);
        files =
                new FileService(
                        name,
                        crypto,
                        store,
                        contacts,
                        groups,
                        transport,
                        events,
                        clock,
                        Executors.defaultThreadFactory(),
                        MAX_FILE_BYTES);
        messages =
                new MessageService(
                        name,
                        crypto,
                        store,
                        contacts,
                        outbox,
                        events,
                        clock,
                        MAX_TEXT_LENGTH,
                        groups,
                        files,
                        ReceiptSchedule.AT_ONCE);
    }

    @Override
    public void close() {
        files.close();
        outbox.close();
    }
}
