package org.parley.model;

/** Body of {@code POST /api/v1/devices}: the next signed entry of the caller's device log. */
public record DeviceChangeRequest(DeviceEntry entry) {}
