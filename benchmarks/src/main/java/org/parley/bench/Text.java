package org.parley.bench;

/**
 * Message bodies: {@code <seq>|<send nanoTime>|} padded with filler to the target size, so the
 * receiver can check each message arrives once and measure latency (same JVM, same clock).
 */
final class Text {
    private Text() {}

    static String make(long seq, long sentNanos, int size) {
        StringBuilder sb = new StringBuilder(size);
        sb.append(seq).append('|').append(sentNanos).append('|');
        while (sb.length() < size) {
            sb.append((char) ('a' + (sb.length() % 26)));
        }
        return sb.toString();
    }

    static long seq(String text) {
        return Long.parseLong(text.substring(0, text.indexOf('|')));
    }

    static long sentNanos(String text) {
        int a = text.indexOf('|');
        return Long.parseLong(text.substring(a + 1, text.indexOf('|', a + 1)));
    }

    static byte[] bytes(long seq, long sentNanos, int size) {
        return make(seq, sentNanos, size).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
