package org.parley.client.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.parley.config.DataDirs;

class ClientConfigTest {

    @Test
    void profilesLiveInTheUserDataDirOfParleyByDefault() {
        assertThat(ClientConfig.defaultProfilesRoot())
                .isEqualTo(DataDirs.userDataDir("parley").resolve("profiles"));
        assertThat(ClientConfig.defaultProfilesRoot().isAbsolute()).isTrue();
        assertThat(ClientConfig.builder(Path.of("/p")).build().profilesRoot())
                .isEqualTo(Path.of("/p"));
    }
}
