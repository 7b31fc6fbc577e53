package org.parley.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.parley.broker.BrokerNodeConfig;
import org.parley.client.exceptions.InboxFullException;
import org.parley.client.exceptions.InboxShareFullException;
import org.parley.model.Ids;

/**
 * Past a broker's limits on an inbox (its size, one sender's share of it) a send fails at once,
 * clearly and not retryable, and other inboxes still take messages.
 */
class JmsTransportInboxLimitsTest {
    private static final int PAGE_LIMIT = 200;
    private static final int SHARE = 3;

    @TempDir Path tmp;

    @RegisterExtension final BrokerFixture brokers = new BrokerFixture();

    private JmsTransport aliceOn(UnaryOperator<BrokerNodeConfig.Builder> limits) throws Exception {
        String url = brokers.start("n1", tmp.resolve("n1"), limits).url();
        JmsTransport alice =
                BrokerFixture.transport(brokers.credentials("alice"), 64, List.of(url));
        brokers.closing(alice).start(batch -> {}, null);
        return alice;
    }

    @Test
    void sendToAFullInboxFailsAsNotRetryableInboxFullAndOtherInboxesStillTakeMessages()
            throws Exception {
        JmsTransport t =
                aliceOn(b -> b.inboxMaxBytes(64 * 1024).inboxPageLimitMessages(PAGE_LIMIT));
        byte[] body = new byte[1024];
        TransportException refused = null;
        int accepted = 0;
        // 64 KiB in memory is about 60 such messages, then PAGE_LIMIT on disk; the page cursor
        // applies the limit a little late, so allow generous slack but far fewer than "unbounded".
        for (int i = 0; i < 20 * PAGE_LIMIT && refused == null; i++) {
            try {
                t.send("bob", Ids.newId(), body);
                accepted++;
            } catch (TransportException e) {
                refused = e;
            }
        }
        assertThat(refused).as("a send refused after " + accepted + " accepted").isNotNull();
        assertThat(accepted).isGreaterThanOrEqualTo(PAGE_LIMIT);
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.getCause())
                .isInstanceOf(InboxFullException.class)
                .hasMessageContaining("bob's inbox is full");
        assertThat(((InboxFullException) refused.getCause()).recipient()).isEqualTo("bob");

        t.send("carol", Ids.newId(), body); // throws if carol's inbox or the connection suffered
        assertThat(JmsTransport.isAddressFull(new RuntimeException("x"))).isFalse();
    }

    @Test
    void aSendPastTheSendersShareFailsAsNotRetryableInboxShareFullForTextsAndFiles()
            throws Exception {
        JmsTransport t = aliceOn(b -> b.inboxSenderShareMessages(SHARE));
        for (int i = 0; i < SHARE; i++) {
            t.send("bob", Ids.newId(), new byte[100]);
        }
        TransportException text =
                catchThrowableOfType(
                        TransportException.class, () -> t.send("bob", Ids.newId(), new byte[100]));
        assertThat(text.retryable()).isFalse();
        assertThat(text.getCause())
                .isInstanceOf(InboxShareFullException.class)
                .hasMessageContaining("as the server keeps from one sender");
        assertThat(((InboxShareFullException) text.getCause()).recipient()).isEqualTo("bob");

        TransportException file =
                catchThrowableOfType(
                        TransportException.class,
                        () ->
                                t.sendStream(
                                        "bob",
                                        Ids.newId(),
                                        new ByteArrayInputStream(new byte[300 * 1024])));
        assertThat(file.retryable()).isFalse();
        assertThat(file.getCause()).isInstanceOf(InboxShareFullException.class);

        t.send("carol", Ids.newId(), new byte[100]); // her share of another inbox is untouched
    }
}
