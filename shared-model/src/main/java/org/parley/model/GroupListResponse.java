package org.parley.model;

import java.util.List;

/** {@code GET /groups}: the groups the caller is a member of, with their chains. */
public record GroupListResponse(List<GroupResponse> groups) {}
