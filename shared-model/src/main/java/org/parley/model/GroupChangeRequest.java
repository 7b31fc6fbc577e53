package org.parley.model;

/** Body of every group-changing request: the new, signed link of the membership chain. */
public record GroupChangeRequest(GroupEntry entry) {}
