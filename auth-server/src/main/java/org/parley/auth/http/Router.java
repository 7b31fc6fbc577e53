package org.parley.auth.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Maps a method and path to a {@link Route}. Patterns are literal segments and {@code {name}}
 * placeholders matching exactly one non-empty segment; no wildcards, no regexes, no trailing-slash
 * leniency, so what is routable is exactly what is registered.
 */
public final class Router {

    /** One endpoint. */
    @FunctionalInterface
    public interface Route {
        ApiResponse handle(ApiRequest request);
    }

    /** The outcome of {@link #resolve}. */
    public sealed interface Resolution {}

    public record Found(Route route, Map<String, String> pathParams) implements Resolution {}

    public record MethodNotAllowed(Set<String> allowed) implements Resolution {}

    public record NotFound() implements Resolution {}

    private record Entry(String method, List<String> segments, Route route) {}

    private final List<Entry> entries = new ArrayList<>();

    public Router add(String method, String pattern, Route route) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(route, "route");
        if (!pattern.startsWith("/")) {
            throw new IllegalArgumentException("pattern must start with /: " + pattern);
        }
        entries.add(new Entry(method, segments(pattern), route));
        return this;
    }

    public Resolution resolve(String method, String path) {
        if (path == null || !path.startsWith("/")) {
            return new NotFound();
        }
        List<String> actual = segments(path);
        Set<String> allowed = new TreeSet<>();
        for (Entry entry : entries) {
            Map<String, String> params = match(entry.segments(), actual);
            if (params == null) {
                continue;
            }
            if (entry.method().equals(method)) {
                return new Found(entry.route(), params);
            }
            allowed.add(entry.method());
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    private static @Nullable Map<String, String> match(List<String> pattern, List<String> actual) {
        if (pattern.size() != actual.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String expected = pattern.get(i);
            String segment = actual.get(i);
            if (expected.startsWith("{") && expected.endsWith("}")) {
                if (segment.isEmpty()) {
                    return null;
                }
                params.put(expected.substring(1, expected.length() - 1), segment);
            } else if (!expected.equals(segment)) {
                return null;
            }
        }
        return params;
    }

    /** "/a/b/" is ["a", "b", ""]: a trailing slash is a different path, not the same one. */
    private static List<String> segments(String path) {
        return List.of(path.substring(1).split("/", -1));
    }
}
