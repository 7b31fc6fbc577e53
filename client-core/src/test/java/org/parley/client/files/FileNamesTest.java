package org.parley.client.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FileNamesTest {

    @ParameterizedTest(name = "{0} becomes {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    ../../etc/passwd                    | passwd
                    ..\\..\\Windows\\System32\\evil.exe | evil.exe
                    ..                                  | file
                    ../                                 | file
                    /                                   | file
                    .bashrc                             | bashrc
                    """)
    void pathTraversalKeepsOnlyTheLastSegment(String name, String sanitized) {
        assertEquals(sanitized, FileNames.sanitize(name));
    }

    @Test
    void controlFormatAndReservedCharactersGo() {
        assertEquals("ab.txt", FileNames.sanitize("a\u0000b.txt"));
        assertEquals("lineone.txt", FileNames.sanitize("line\none.txt"));
        // A right-to-left override would show "txt.exe" as "exe.txt".
        assertEquals("photoexe.txt", FileNames.sanitize("photo\u202Eexe.txt"));
        assertEquals("a_b_c_.txt", FileNames.sanitize("a<b>c?.txt"));
        assertEquals("report", FileNames.sanitize("  report. . "));
    }

    @ParameterizedTest(name = "{0} becomes {1}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
                    CON.txt     | _CON.txt
                    nul         | _nul
                    console.txt | console.txt
                    """)
    void windowsDeviceNamesArePrefixed(String name, String sanitized) {
        assertEquals(sanitized, FileNames.sanitize(name));
    }

    @Test
    void longNamesAreCutToTheByteLimitKeepingTheExtension() {
        String name = "\u00e9".repeat(300) + ".jpeg";
        String safe = FileNames.sanitize(name);
        assertTrue(safe.getBytes(StandardCharsets.UTF_8).length <= FileNames.MAX_BYTES, safe);
        assertTrue(safe.endsWith(".jpeg"), safe);
    }

    @Test
    void ordinaryNamesAreKeptAndTheResultIsAlwaysOneSegment() {
        assertEquals("Holiday photo (2).jpg", FileNames.sanitize("Holiday photo (2).jpg"));
        assertEquals("Übersicht.pdf", FileNames.sanitize("Übersicht.pdf"));
        for (String hostile :
                new String[] {
                    "../../etc/passwd", "a/b/../../c", "\\\\server\\share\\x", "...", "\u0001"
                }) {
            String safe = FileNames.sanitize(hostile);
            Path p = Path.of("/base").resolve(safe).normalize();
            assertEquals(Path.of("/base"), p.getParent(), hostile + " -> " + safe);
        }
    }

    @Test
    void sizesReadWell() {
        assertEquals("12 bytes", FileAttachment.humanSize(12));
        assertEquals("1.5 KiB", FileAttachment.humanSize(1536));
        assertEquals("100 MiB", FileAttachment.humanSize(100L * 1024 * 1024));
    }
}
