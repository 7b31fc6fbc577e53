package org.parley.bench;

/**
 * One side of the comparison: Parley end to end, or plain JMS on an identically configured broker.
 */
// "try": RawTarget.close() passes on BrokerNode.close()'s `throws Exception`; javac's warning about
// an InterruptedException from close() can only be silenced on the type.
@SuppressWarnings("try")
interface Target extends MessageTarget, AutoCloseable {

    /**
     * Creates the users (pairs of sender and receiver, plus one backlog user) and connects them.
     */
    void setUp(int pairs) throws Exception;

    /**
     * User {@code sender} sends one text to the (offline) backlog user: 0 to pairs − 1 are the
     * pairs' senders, pairs to 2 × pairs − 1 their receivers.
     */
    void sendToBacklogUser(int sender, String text) throws Exception;

    /**
     * Logs the backlog user in (connects its consumer) and returns; delivery goes to the tracker.
     */
    void connectBacklogUser(Tracker tracker) throws Exception;

    @Override
    void close() throws Exception;
}
