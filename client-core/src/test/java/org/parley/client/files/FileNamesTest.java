package org.parley.client.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FileNamesTest {

    @Test
    void pathTraversalKeepsOnlyTheLastSegment() {
        assertEquals("passwd", FileNames.sanitize("../../etc/passwd"));
        assertEquals("evil.exe", FileNames.sanitize("..\\..\\Windows\\System32\\evil.exe"));
        assertEquals("file", FileNames.sanitize(".."));
        assertEquals("file", FileNames.sanitize("../"));
        assertEquals("file", FileNames.sanitize("/"));
        assertEquals("bashrc", FileNames.sanitize(".bashrc"));
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

    @Test
    void windowsDeviceNamesArePrefixed() {
        assertEquals("_CON.txt", FileNames.sanitize("CON.txt"));
        assertEquals("_nul", FileNames.sanitize("nul"));
        assertEquals("console.txt", FileNames.sanitize("console.txt"));
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
