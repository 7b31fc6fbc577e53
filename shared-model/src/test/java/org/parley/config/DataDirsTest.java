package org.parley.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DataDirsTest {

    @Test
    void linuxUsesXdgDataHomeWhenAbsolute() {
        assertThat(
                        DataDirs.userDataDir(
                                "parley", "Linux", Map.of("XDG_DATA_HOME", "/data/x"), "/home/ann"))
                .isEqualTo(Path.of("/data/x/parley"));
        assertThat(DataDirs.userDataDir("parley", "Linux", Map.of(), "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.local/share/parley"));
        // The XDG spec says a relative value is invalid and must be ignored.
        assertThat(
                        DataDirs.userDataDir(
                                "parley", "Linux", Map.of("XDG_DATA_HOME", "rel/x"), "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.local/share/parley"));
        assertThat(
                        DataDirs.userDataDir(
                                "parley", "FreeBSD", Map.of("XDG_DATA_HOME", ""), "/home/ann"))
                .isEqualTo(Path.of("/home/ann/.local/share/parley"));
    }

    @Test
    void macUsesApplicationSupport() {
        assertThat(
                        DataDirs.userDataDir(
                                "parley",
                                "Mac OS X",
                                Map.of("XDG_DATA_HOME", "/data/x"),
                                "/Users/ann"))
                .isEqualTo(Path.of("/Users/ann/Library/Application Support/parley"));
    }

    @Test
    void windowsUsesAppData() {
        // Paths are built with this platform's file system; an absolute APPDATA is taken as is.
        Path appData = Path.of("/appdata").toAbsolutePath();
        assertThat(
                        DataDirs.userDataDir(
                                "parley",
                                "Windows 11",
                                Map.of("APPDATA", appData.toString()),
                                "/home/ann"))
                .isEqualTo(appData.resolve("parley"));
        assertThat(DataDirs.userDataDir("parley", "Windows 11", Map.of(), "/home/ann"))
                .isEqualTo(Path.of("/home/ann", "AppData", "Roaming", "parley"));
    }

    @Test
    void realPlatformGivesAnAbsolutePathEndingInTheAppName() {
        Path dir = DataDirs.userDataDir("parley");
        assertThat(dir).isAbsolute();
        assertThat(dir.getFileName().toString()).isEqualTo("parley");
    }

    @Test
    void rejectsNamesThatAreNotPlainDirectoryNames() {
        for (String bad : new String[] {null, "", " ", "..", "../x", "a/b", "a\\b", ".hidden"}) {
            assertThatThrownBy(() -> DataDirs.userDataDir(bad, "Linux", Map.of(), "/home/ann"))
                    .as(String.valueOf(bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("plain directory name");
        }
    }
}
