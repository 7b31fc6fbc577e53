package org.parley.client;

public enum Direction {
    INCOMING,
    OUTGOING
}
