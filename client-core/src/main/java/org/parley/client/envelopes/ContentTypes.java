package org.parley.client.envelopes;

/**
 * What a sealed envelope carries, named by its header's {@code type} (docs/PROTOCOL.md); the same
 * names for 1:1 and group envelopes.
 */
public final class ContentTypes {
    public static final String TEXT = "text";
    public static final String RECEIPT = "receipt";
    public static final String FILE = "file";

    /** Incoming texts longer than this are refused (our own limit for sending is far lower). */
    public static final int MAX_INCOMING_TEXT = 65_536;

    private ContentTypes() {}
}
