package org.parley.client.transport;

import java.util.List;

/**
 * Takes a batch of inbox messages. The transport acknowledges the batch to the broker only after
 * this returns normally, so an implementation must have stored what it keeps durably by then. If it
 * throws, the batch is redelivered.
 */
@FunctionalInterface
public interface InboundHandler {
    void onBatch(List<InboundMessage> batch) throws Exception;
}
