package org.parley.fx.group;

/** One member line of the group panel. */
public record MemberItem(String name, boolean admin, boolean you, boolean removable) {}
