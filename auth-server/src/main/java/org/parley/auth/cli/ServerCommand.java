package org.parley.auth.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Spec;

/**
 * A {@code parley-server} command that runs a server until the process is stopped. Its settings
 * come from its flags, then environment variables, then the {@code --config} file. The flags are a
 * table ({@link #settingFlags()}), so a flag is stated once, not as an option, a field and an entry
 * in the key mapping; {@link AddOptions}, the command's model transformer, turns them into options.
 */
abstract class ServerCommand implements Callable<Integer> {

    static final String CONFIG = "--config";

    @Spec CommandSpec spec;

    /** The help text of {@code --config}. */
    abstract String configFileHelp();

    abstract List<SettingFlag> settingFlags();

    /** Adds {@code --config} and the {@link #settingFlags()} to a {@link ServerCommand}. */
    static final class AddOptions implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            ServerCommand server = (ServerCommand) command.userObject();
            command.addOption(
                    OptionSpec.builder(CONFIG)
                            .paramLabel("FILE")
                            .description(server.configFileHelp())
                            .type(Path.class)
                            .build());
            for (SettingFlag flag : server.settingFlags()) {
                command.addOption(flag.option());
            }
            return command;
        }
    }

    /** The {@code --config} file, if one was given. */
    final @Nullable Path configFile() {
        return spec.findOption(CONFIG).getValue();
    }

    /** The setting flags that were given, as configuration keys and values. */
    final Map<String, String> givenFlags() {
        Map<String, String> given = new LinkedHashMap<>();
        for (SettingFlag flag : settingFlags()) {
            Object value = spec.findOption(flag.name()).getValue();
            if (value instanceof List<?> values) {
                if (!values.isEmpty()) {
                    given.put(
                            flag.key(),
                            String.join(",", values.stream().map(String::valueOf).toList()));
                }
            } else if (value != null) {
                given.put(flag.key(), value.toString());
            }
        }
        return given;
    }

    /**
     * Starts the server, prints {@code readyLines} once it is up, then blocks until the process is
     * stopped (see {@link UntilStopped}).
     */
    final <S extends AutoCloseable> void runUntilStopped(
            Supplier<S> start, Function<S, List<String>> readyLines, String name)
            throws InterruptedException {
        UntilStopped.run(
                start,
                server -> {
                    PrintWriter out = spec.commandLine().getOut();
                    readyLines.apply(server).forEach(out::println);
                    out.flush();
                },
                name);
    }
}
