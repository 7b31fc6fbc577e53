package org.parley.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A server's configuration as named keys ({@code port}, {@code token-ttl}, {@code
 * cluster-password}), layered from three sources, later ones winning:
 *
 * <ol>
 *   <li>a properties file (UTF-8, {@code key=value}),
 *   <li>environment variables named {@code <PREFIX><KEY>}: the key in upper case with {@code .} and
 *       {@code -} as {@code _} (see {@link #envName}),
 *   <li>command-line flags (keys as in the file).
 * </ol>
 *
 * <p>The typed getters never throw: a bad value becomes a problem naming its key, and the fallback
 * is used so that the rest can still be checked. {@link #build} then throws one {@link
 * ConfigException} listing every problem, those of the record's own validation included, so one run
 * shows everything that is wrong. A key nobody knows is a problem too (a typo must not be silently
 * ignored). Blank values count as unset.
 */
public final class Settings {

    private final Map<String, String> values;
    private final List<String> problems = new ArrayList<>();

    private Settings(Set<String> keys, Map<String, String> values, List<String> problems) {
        this.values = values;
        this.problems.addAll(problems);
        for (String key : new TreeSet<>(values.keySet())) {
            if (!keys.contains(key)) {
                this.problems.add("unknown key '" + key + "'");
            }
        }
    }

    /**
     * Layers {@code file} (may be null), then the environment variables of {@code keys}, then
     * {@code flags}.
     */
    public static Settings load(
            Set<String> keys,
            String envPrefix,
            @Nullable Path file,
            Map<String, String> env,
            Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        if (file != null) {
            readFile(file, values, problems);
        }
        for (String key : keys) {
            String value = env.get(envName(envPrefix, key));
            if (value != null) {
                values.put(key, value);
            }
        }
        values.putAll(flags);
        return new Settings(keys, values, problems);
    }

    /** Settings from one flat map (tests, or a caller that has layered them itself). */
    public static Settings of(Set<String> keys, Map<String, String> values) {
        return new Settings(keys, new LinkedHashMap<>(values), List.of());
    }

    /**
     * {@code PARLEY_AUTH_} and {@code throttle.user-failures}: {@code
     * PARLEY_AUTH_THROTTLE_USER_FAILURES}.
     */
    public static String envName(String envPrefix, String key) {
        return envPrefix + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static void readFile(Path file, Map<String, String> values, List<String> problems) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            problems.add("Cannot read configuration file " + file + ": " + e.getMessage());
            return;
        }
        for (String name : properties.stringPropertyNames()) {
            values.put(name.trim(), properties.getProperty(name));
        }
    }

    /** Whether {@code key} has a non-blank value. */
    public boolean has(String key) {
        return string(key) != null;
    }

    /** The trimmed value, or null if unset or blank. */
    public @Nullable String string(String key) {
        String value = values.get(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    public @Nullable String string(String key, @Nullable String fallback) {
        String value = string(key);
        return value == null ? fallback : value;
    }

    public int integer(String key, int fallback) {
        Integer value = value(key, fallback, Integer::valueOf, "a whole number");
        return value == null ? fallback : value;
    }

    public long longInteger(String key, long fallback) {
        Long value = value(key, fallback, Long::valueOf, "a whole number");
        return value == null ? fallback : value;
    }

    public boolean bool(String key, boolean fallback) {
        Boolean value = value(key, fallback, Settings::parseBoolean, "true or false");
        return value == null ? fallback : value;
    }

    /** In the syntax of {@link Durations#parse}. */
    public @Nullable Duration duration(String key, @Nullable Duration fallback) {
        return value(key, fallback, Durations::parse, Durations.EXPECTED);
    }

    public @Nullable Path path(String key, @Nullable Path fallback) {
        return value(key, fallback, Path::of, "a file or directory path");
    }

    /** The trimmed value as a {@link Secret} (never echoed in a problem), or null if unset. */
    public @Nullable Secret secret(String key) {
        return Secret.ofNullable(string(key));
    }

    /**
     * The secret in the file named by {@code fileKey} (trimmed) if that is set, else that of {@code
     * key}; null if neither is set. Files keep secrets out of process listings and environments.
     */
    public @Nullable Secret secret(String key, String fileKey) {
        Path file = path(fileKey, null);
        if (file == null) {
            return secret(key);
        }
        try {
            return Secret.of(Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException e) {
            problems.add(fileKey + ": cannot read " + file + ": " + e.getMessage());
            return null;
        }
    }

    /**
     * {@code parse} of the trimmed value, or {@code fallback} if it is unset or cannot be parsed
     * (then a problem says what {@code key} must be).
     */
    public <T> @Nullable T value(
            String key, @Nullable T fallback, Function<String, T> parse, String expected) {
        String raw = string(key);
        if (raw == null) {
            return fallback;
        }
        try {
            return parse.apply(raw);
        } catch (IllegalArgumentException | ArithmeticException e) {
            problems.add(key + " must be " + expected + ", got '" + raw + "'");
            return fallback;
        }
    }

    /** Records a problem found by the caller; it should start with the key it is about. */
    public void problem(String problem) {
        problems.add(problem);
    }

    /**
     * Runs {@code construct} (typically a record's constructor, which validates) and throws one
     * {@link ConfigException} with the problems found while reading the values and those of the
     * constructor, if there are any.
     */
    public <T> T build(Supplier<T> construct) {
        @Nullable T built = null;
        try {
            built = construct.get();
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        ConfigException.throwIfAny(problems);
        // No problem means the constructor ran and returned.
        return Objects.requireNonNull(built);
    }

    private static boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> true;
            case "false", "no", "off" -> false;
            default -> throw new IllegalArgumentException("not a boolean: " + text);
        };
    }
}
