package org.parley.it.hostile;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.slf4j.LoggerFactory;

/**
 * Seeded generators of hostile bytes and JSON shared by the fuzz tests. Every run prints its seed;
 * {@code -Dparley.fuzz.seed=N} repeats the same kinds of input, mutations and positions in the same
 * order. What the fresh stack makes anew each run (keys, tokens, envelope ids and nonces, the port)
 * differs, so the bytes around a mutation can.
 */
final class Fuzz {
    private Fuzz() {}

    /**
     * The run's seed: {@code parley.fuzz.seed} if given, else fresh; logged and printed so a
     * failure can be replayed.
     */
    static long seed(Class<?> test) {
        String given = System.getProperty("parley.fuzz.seed", "");
        long seed =
                given.isBlank()
                        ? System.nanoTime() ^ Double.doubleToLongBits(Math.random())
                        : Long.parseLong(given);
        String line =
                test.getSimpleName()
                        + " fuzz seed "
                        + seed
                        + " (re-run with -Dparley.fuzz.seed="
                        + seed
                        + ")";
        LoggerFactory.getLogger(test).info(line);
        return seed;
    }

    static String seedMessage(long seed) {
        return "fuzz seed " + seed + " (re-run with -Dparley.fuzz.seed=" + seed + ")";
    }

    /** Values of every wrong kind, for any field. */
    static JsonElement hostileValue(Random r) {
        return switch (r.nextInt(24)) {
            case 0 -> JsonNull.INSTANCE;
            case 1 -> new JsonPrimitive(r.nextBoolean());
            case 2 -> new JsonPrimitive(r.nextLong());
            case 3 -> new JsonPrimitive(r.nextDouble() * 1e300);
            case 4 -> JsonParser.parseString("1e400");
            case 5 -> JsonParser.parseString("-0");
            case 6 -> JsonParser.parseString("123456789012345678901234567890");
            case 7 -> new JsonPrimitive("");
            case 8 -> new JsonPrimitive(repeat('A', 1 + r.nextInt(100_000)));
            case 9 -> new JsonArray();
            case 10 -> new JsonObject();
            case 11 -> nested(r.nextInt(2000) + 1);
            case 12 -> new JsonPrimitive(badBase64(r));
            case 13 -> new JsonPrimitive("\ud800");
            case 14 -> new JsonPrimitive("a\u0000b");
            case 15 -> new JsonPrimitive("\u202eevil\u200b\ufeff");
            case 16 -> new JsonPrimitive("../../etc/passwd");
            case 17 -> new JsonPrimitive("ALICE");
            case 18 -> new JsonPrimitive("parley-cluster");
            case 19 -> new JsonPrimitive("<script>alert(1)</script>");
            case 20 -> new JsonPrimitive("' OR 1=1 --");
            case 21 -> new JsonPrimitive(randomText(r, 1 + r.nextInt(64)));
            case 22 -> {
                JsonArray a = new JsonArray();
                for (int i = r.nextInt(50); i > 0; i--) {
                    a.add(r.nextInt(256));
                }
                yield a;
            }
            default -> new JsonPrimitive("\ud83d\ude00 \u00e9\u0301 \uffff");
        };
    }

    static String badBase64(Random r) {
        String[] bad = {
            "@@@@",
            "AAA",
            "AB==",
            "AAB=",
            "A===",
            "====",
            "AAAA=AAA",
            "-_-_",
            "AA==AA==",
            " AAAA",
            "AAAA\n",
            "QUJD\r\nREVG",
            "////////////////////////////////////////////AB=="
        };
        return bad[r.nextInt(bad.length)];
    }

    /** Replaces, removes, adds or duplicates fields anywhere in the object tree. */
    static String mutateJson(Random r, String json) {
        JsonElement tree = JsonParser.parseString(json);
        int edits = 1 + r.nextInt(3);
        for (int i = 0; i < edits; i++) {
            List<JsonObject> objects = new ArrayList<>();
            collectObjects(tree, objects);
            JsonObject target = objects.get(r.nextInt(objects.size()));
            List<String> keys = new ArrayList<>(target.keySet());
            int op = keys.isEmpty() ? 2 : r.nextInt(4);
            switch (op) {
                case 0, 1 -> target.add(keys.get(r.nextInt(keys.size())), hostileValue(r));
                case 2 -> target.add(r.nextBoolean() ? "extra" : randomText(r, 8), hostileValue(r));
                default -> target.remove(keys.get(r.nextInt(keys.size())));
            }
        }
        if (r.nextInt(10) == 0) {
            // A duplicate key: strict readers must not pick one silently in a way that differs from
            // others.
            String text = tree.toString();
            return text.length() > 1 ? "{\"username\":\"mallory\"," + text.substring(1) : text;
        }
        return tree.toString();
    }

    private static void collectObjects(JsonElement e, List<JsonObject> out) {
        if (e.isJsonObject()) {
            out.add(e.getAsJsonObject());
            for (Map.Entry<String, JsonElement> child : e.getAsJsonObject().entrySet()) {
                collectObjects(child.getValue(), out);
            }
        } else if (e.isJsonArray()) {
            for (JsonElement child : e.getAsJsonArray()) {
                collectObjects(child, out);
            }
        }
    }

    /** Byte-level damage: flips, cuts, insertions (invalid UTF-8 among them), duplicates. */
    static byte[] mutateBytes(Random r, byte[] input) {
        byte[] b = input.clone();
        int edits = 1 + r.nextInt(4);
        for (int i = 0; i < edits; i++) {
            if (b.length == 0) {
                b = randomBytes(r, 1 + r.nextInt(32));
                continue;
            }
            int at = r.nextInt(b.length);
            switch (r.nextInt(6)) {
                case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
                case 1 -> b = java.util.Arrays.copyOf(b, at); // truncate
                case 2 ->
                        b = splice(b, at, Math.min(b.length, at + 1 + r.nextInt(16)), new byte[0]);
                case 3 -> b = splice(b, at, at, invalidUtf8(r));
                case 4 ->
                        b =
                                splice(
                                        b,
                                        at,
                                        at,
                                        java.util.Arrays.copyOfRange(
                                                b, at, Math.min(b.length, at + 1 + r.nextInt(64))));
                default -> b[at] = (byte) STRUCTURE.charAt(r.nextInt(STRUCTURE.length()));
            }
        }
        return b;
    }

    private static final String STRUCTURE = "{}[]\",:\\ 0aZ=+/";

    static byte[] invalidUtf8(Random r) {
        byte[][] bad = {
            {(byte) 0xff},
            {(byte) 0xc3, 0x28},
            {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
            {(byte) 0xc0, (byte) 0xaf},
            {(byte) 0xf8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80},
            {(byte) 0xe2, (byte) 0x82},
            {0x00},
            {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}
        };
        return bad[r.nextInt(bad.length)];
    }

    static byte[] splice(byte[] b, int from, int to, byte[] insert) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + insert.length);
        out.write(b, 0, from);
        out.write(insert, 0, insert.length);
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }

    static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    static String randomText(Random r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) (r.nextInt(10) == 0 ? r.nextInt(0x3000) : 0x20 + r.nextInt(0x5f)));
        }
        return sb.toString();
    }

    static String repeat(char c, int n) {
        return String.valueOf(c).repeat(n);
    }

    static JsonElement nested(int depth) {
        return JsonParser.parseString(
                "[".repeat(Math.min(depth, 200)) + "]".repeat(Math.min(depth, 200)));
    }

    /** Deeper than any JSON reader should follow (Gson stops at 255): as raw text. */
    static String deeplyNestedText(int depth) {
        return "{\"username\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    }

    static byte[] utf8(String s) {
        return s.getBytes(UTF_8);
    }
}
