package org.parley.auth.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

class SettingFlagTest {

    @Command(name = "demo", modelTransformer = SettingFlag.AddOptions.class)
    static final class Demo implements Callable<Integer>, SettingFlag.Owner {
        static final List<SettingFlag> FLAGS =
                List.of(
                        SettingFlag.of("port", "PORT", "Port."),
                        SettingFlag.of("bind-host", "HOST", "Host."),
                        new SettingFlag("--broker", "brokers", "URL", "Broker.", true));

        @Spec CommandSpec spec;

        @Override
        public Integer call() {
            return 0;
        }

        @Override
        public List<SettingFlag> settingFlags() {
            return FLAGS;
        }
    }

    @Test
    void givenFlagsBecomeTheirKeysAndRepeatedOnesAreJoinedWithCommas() {
        Demo demo = new Demo();
        new CommandLine(demo)
                .parseArgs("--port", "8080", "--broker", "tcp://a:1", "--broker", "tcp://b:2");

        assertThat(SettingFlag.given(demo.spec, Demo.FLAGS))
                .containsExactly(entry("port", "8080"), entry("brokers", "tcp://a:1,tcp://b:2"));
    }

    @Test
    void flagsNotGivenAreLeftToTheEnvironmentAndTheFile() {
        Demo demo = new Demo();
        new CommandLine(demo).parseArgs();

        assertThat(SettingFlag.given(demo.spec, Demo.FLAGS)).isEmpty();
    }
}
