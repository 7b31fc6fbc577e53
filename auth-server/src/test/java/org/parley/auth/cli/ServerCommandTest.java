package org.parley.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

class ServerCommandTest {

    @Command(name = "demo", modelTransformer = ServerCommand.AddOptions.class)
    static final class Demo extends ServerCommand {
        static final List<SettingFlag> FLAGS =
                List.of(
                        SettingFlag.of("port", "PORT", "Port."),
                        SettingFlag.of("bind-host", "HOST", "Host."),
                        new SettingFlag("--broker", "brokers", "URL", "Broker.", true));

        @Override
        public Integer call() {
            return 0;
        }

        @Override
        String configFileHelp() {
            return "Config.";
        }

        @Override
        List<SettingFlag> settingFlags() {
            return FLAGS;
        }
    }

    @Test
    void givenFlagsBecomeTheirKeysAndRepeatedOnesAreJoinedWithCommas() {
        Demo demo = new Demo();
        new CommandLine(demo)
                .parseArgs(
                        "--config",
                        "demo.properties",
                        "--port",
                        "8080",
                        "--broker",
                        "tcp://a:1",
                        "--broker",
                        "tcp://b:2");

        assertThat(demo.givenFlags())
                .containsExactly(entry("port", "8080"), entry("brokers", "tcp://a:1,tcp://b:2"));
    }

    @Test
    void flagsNotGivenAreLeftToTheEnvironmentAndTheConfigFile() {
        Demo demo = new Demo();
        new CommandLine(demo).parseArgs();

        assertThat(demo.givenFlags()).isEmpty();
    }
}
