package org.parley.config;

import java.util.List;

/**
 * A configuration that cannot be used, with every problem found (not just the first), each a
 * sentence that starts with the key it is about. An {@link IllegalArgumentException}, so callers
 * that treat bad input as a usage error keep doing so.
 */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super("Invalid configuration: " + String.join("; ", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Throws one exception listing all {@code problems}, if there are any. */
    public static void throwIfAny(List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /** One entry per problem, in the order found. */
    public List<String> problems() {
        return problems;
    }
}
