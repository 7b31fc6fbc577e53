package org.parley.auth.cli;

import java.util.List;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A flag that sets one configuration key: given, it overrides the key's environment variable and
 * config file entry. A {@link ServerCommand} lists its flags in a table.
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

    OptionSpec option() {
        OptionSpec.Builder option =
                OptionSpec.builder(name).paramLabel(paramLabel).description(description);
        return repeatable
                ? option.type(List.class).auxiliaryTypes(String.class).build()
                : option.type(String.class).build();
    }
}
