package org.parley.model;

import java.util.List;

/**
 * {@code GET /api/v1/users/{name}/devices} response: the account's device log as stored, oldest
 * first; empty for an account that has none yet. The reader verifies it ({@code
 * DeviceChain.verify}) against the account key it trusts: the server cannot sign an entry.
 */
public record DeviceLogResponse(String username, List<DeviceEntry> log) {}
