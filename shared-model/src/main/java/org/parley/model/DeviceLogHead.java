package org.parley.model;

/**
 * {@code POST /api/v1/devices} response: the device log's newest entry after the append.
 *
 * @param head {@link DeviceEntry#hash()} of entry {@code seq}, the next entry's {@code prev}
 */
public record DeviceLogHead(String username, long seq, String head) {}
