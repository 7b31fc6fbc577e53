package org.parley.broker.console;

import java.nio.file.Path;

/**
 * Where a node's operator console listens.
 *
 * @param host interface to listen on; loopback by default, so the console is reached through an SSH
 *     tunnel or a reverse proxy that adds TLS
 * @param port HTTP port, 0 for a free one
 * @param workDir the unpacked console and Jetty's scratch files
 */
public record ConsoleConfig(String host, int port, Path workDir) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8161;

    public ConsoleConfig {
        if (host == null || host.isBlank() || !host.matches("[A-Za-z0-9._:-]{1,253}")) {
            throw new IllegalArgumentException(
                    "The console host must be a host name or IP address, got '" + host + "'.");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(
                    "The console port must be 0 to 65535, got " + port + ".");
        }
        if (workDir == null) {
            throw new IllegalArgumentException("The console needs a work directory.");
        }
        workDir = workDir.toAbsolutePath().normalize();
    }
}
