package org.parley.model;

/** The envelope and token format version; a change to docs/PROTOCOL.md bumps it. */
public final class ProtocolVersion {

    public static final int CURRENT = 1;

    private ProtocolVersion() {}

    public static boolean isSupported(int version) {
        return version == CURRENT;
    }
}
