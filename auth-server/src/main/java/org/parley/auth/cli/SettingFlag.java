package org.parley.auth.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A flag that sets one configuration key: given, it overrides the key's environment variable and
 * config file entry. The server commands list theirs in a table, so a flag is stated once, not as
 * an option, a field and an entry in the key mapping.
 *
 * @param name the flag, e.g. {@code --port}
 * @param key the configuration key it sets
 * @param repeatable whether it may be given more than once; the values are joined with commas
 */
record SettingFlag(
        String name, String key, String paramLabel, String description, boolean repeatable) {

    /** A flag named after its key ({@code --KEY}), given at most once. */
    static SettingFlag of(String key, String paramLabel, String description) {
        return new SettingFlag("--" + key, key, paramLabel, description, false);
    }

    /** A command whose setting flags {@link AddOptions} declares. */
    interface Owner {
        List<SettingFlag> settingFlags();
    }

    /** Adds an {@link Owner}'s setting flags to its command as options (a model transformer). */
    static final class AddOptions implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            for (SettingFlag flag : ((Owner) command.userObject()).settingFlags()) {
                command.addOption(flag.option());
            }
            return command;
        }
    }

    /** The flags of {@code command} that were given, as configuration keys and values. */
    static Map<String, String> given(CommandSpec command, List<SettingFlag> flags) {
        Map<String, String> given = new LinkedHashMap<>();
        for (SettingFlag flag : flags) {
            Object value = command.findOption(flag.name()).getValue();
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

    private OptionSpec option() {
        OptionSpec.Builder option =
                OptionSpec.builder(name).paramLabel(paramLabel).description(description);
        return repeatable
                ? option.type(List.class).auxiliaryTypes(String.class).build()
                : option.type(String.class).build();
    }
}
