package org.parley.it.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends exactly the bytes it is given to an HTTP server over a fresh TCP connection (so a request
 * can be as broken as a fuzzer likes: bad request lines, lying lengths, invalid UTF-8),
 * half-closes, and reads whatever comes back until the server closes.
 */
final class HttpProbe {
    /** What came back: {@code status} is 0 when the server closed without an HTTP response. */
    record Reply(int status, Map<String, String> headers, byte[] body, boolean timedOut) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private static final int MAX_REPLY = 1 << 20;

    private final String host;
    private final int port;
    private final int timeoutMillis;
    private final java.net.InetAddress localAddress;

    HttpProbe(URI server, int timeoutMillis) {
        this(server, timeoutMillis, null);
    }

    /**
     * @param localAddress the source address to send from (another loopback address is another
     *     client); null: any
     */
    HttpProbe(URI server, int timeoutMillis, java.net.InetAddress localAddress) {
        this.host = server.getHost();
        this.port = server.getPort();
        this.timeoutMillis = timeoutMillis;
        this.localAddress = localAddress;
    }

    String hostHeader() {
        return host + ":" + port;
    }

    Reply send(byte[] request) throws IOException {
        try (Socket socket = new Socket()) {
            if (localAddress != null) {
                socket.bind(new InetSocketAddress(localAddress, 0));
            }
            socket.connect(new InetSocketAddress(host, port), timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                // A request that claims more body than it has gets EOF instead of a 30 s idle wait.
                socket.shutdownOutput();
            } catch (IOException e) {
                // The server may refuse and close before it has read everything (e.g. a huge
                // header): read its answer.
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            boolean timedOut = false;
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) >= 0 && reply.size() < MAX_REPLY) {
                    reply.write(buf, 0, n);
                }
            } catch (SocketTimeoutException e) {
                timedOut = true;
            } catch (IOException e) {
                // connection reset after the answer: what was read counts
            }
            return parse(reply.toByteArray(), timedOut);
        }
    }

    /** Parses one HTTP/1.1 response (Content-Length, chunked, or until close). */
    static Reply parse(byte[] raw, boolean timedOut) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || headEnd < 0) {
            return new Reply(0, Map.of(), raw, timedOut);
        }
        String[] lines = text.substring(0, headEnd).split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(
                        lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        byte[] rest = java.util.Arrays.copyOfRange(raw, headEnd + 4, raw.length);
        byte[] body = rest;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(rest);
        } else if (headers.containsKey("content-length")) {
            int length = Integer.parseInt(headers.get("content-length"));
            body = java.util.Arrays.copyOf(rest, Math.min(length, rest.length));
        }
        return new Reply(status, headers, body, timedOut);
    }

    private static byte[] dechunk(byte[] chunked) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String s = new String(chunked, StandardCharsets.ISO_8859_1);
        int pos = 0;
        while (pos < s.length()) {
            int lineEnd = s.indexOf("\r\n", pos);
            if (lineEnd < 0) {
                break;
            }
            int size = Integer.parseInt(s.substring(pos, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                break;
            }
            int start = lineEnd + 2;
            out.write(chunked, start, Math.min(size, chunked.length - start));
            pos = start + size + 2;
        }
        return out.toByteArray();
    }
}
