package org.parley.client.files;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * Turns a file name chosen by a (possibly hostile) sender into one that is safe to create in a
 * directory of ours: only the last path segment survives, control, format (bidi override) and
 * separator characters go, characters Windows refuses are replaced, leading dots and trailing
 * dots/spaces are trimmed (no hidden or "."/".." files), device names get a prefix, and the result
 * is at most {@value #MAX_BYTES} UTF-8 bytes with the extension kept.
 */
public final class FileNames {

    public static final int MAX_BYTES = 150;
    private static final String FALLBACK = "file";
    private static final Set<String> DEVICES =
            Set.of(
                    "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6",
                    "com7", "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7",
                    "lpt8", "lpt9");

    private FileNames() {}

    public static String sanitize(String raw) {
        if (raw == null) {
            return FALLBACK;
        }
        String s = Normalizer.normalize(raw, Normalizer.Form.NFC);
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(cut + 1);
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints()
                .forEach(
                        cp -> {
                            int type = Character.getType(cp);
                            if (Character.isISOControl(cp)
                                    || type == Character.FORMAT
                                    || type == Character.LINE_SEPARATOR
                                    || type == Character.PARAGRAPH_SEPARATOR
                                    || type == Character.UNASSIGNED
                                    || type == Character.SURROGATE
                                    || type == Character.PRIVATE_USE) {
                                return;
                            }
                            if ("<>:\"|?*".indexOf(cp) >= 0) {
                                b.append('_');
                            } else if (Character.isWhitespace(cp)) {
                                b.append(' ');
                            } else {
                                b.appendCodePoint(cp);
                            }
                        });
        s = b.toString().strip();
        s = s.replaceAll("^[.\\s]+", "").replaceAll("[.\\s]+$", "");
        if (s.isEmpty()) {
            return FALLBACK;
        }
        String stem = s.contains(".") ? s.substring(0, s.indexOf('.')) : s;
        if (DEVICES.contains(stem.toLowerCase(Locale.ROOT))) {
            s = "_" + s;
        }
        return truncate(s);
    }

    private static String truncate(String s) {
        if (utf8(s) <= MAX_BYTES) {
            return s;
        }
        int dot = s.lastIndexOf('.');
        String ext = dot > 0 && s.length() - dot <= 16 ? s.substring(dot) : "";
        String stem = ext.isEmpty() ? s : s.substring(0, dot);
        while (!stem.isEmpty() && utf8(stem) + utf8(ext) > MAX_BYTES) {
            int end = stem.offsetByCodePoints(stem.length(), -1);
            stem = stem.substring(0, end);
        }
        String out = (stem.isEmpty() ? FALLBACK : stem.strip()) + ext;
        return out.isEmpty() ? FALLBACK : out;
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
