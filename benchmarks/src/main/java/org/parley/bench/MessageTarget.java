package org.parley.bench;

/** What a paced or flat-out phase needs of a side: senders that send, and receivers that report. */
interface MessageTarget {
    String name();

    /** Where received messages are reported from now on. */
    void track(Tracker tracker);

    /** Sender {@code i} sends one text to receiver {@code i}, returning when the broker has it. */
    void send(int sender, String text) throws Exception;
}
