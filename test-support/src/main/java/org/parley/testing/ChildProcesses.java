package org.parley.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The processes a test started, killed after it if they still run (a failing test must not leave a
 * server holding ports and files):
 *
 * <pre>
 * &#64;RegisterExtension final ChildProcesses children = new ChildProcesses();
 * Process p = children.start(new ProcessBuilder(...));
 * </pre>
 */
public final class ChildProcesses implements AfterEachCallback {
    private final List<Process> started = new CopyOnWriteArrayList<>();

    /**
     * The command line that runs the {@code java} of the JVM this test runs on with {@code args}; a
     * mutable list, to add more to.
     */
    public static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        return command;
    }

    public Process start(ProcessBuilder builder) throws IOException {
        Process process = builder.start();
        started.add(process);
        return process;
    }

    /** How many processes this test started so far. */
    public int count() {
        return started.size();
    }

    /** The position of {@code process} among those started, from 0. */
    public int indexOf(Process process) {
        return started.indexOf(process);
    }

    @Override
    public void afterEach(ExtensionContext context) throws InterruptedException {
        for (Process process : started) {
            if (process.isAlive()) {
                process.destroyForcibly();
                process.waitFor(60, TimeUnit.SECONDS);
            }
        }
        started.clear();
    }
}
