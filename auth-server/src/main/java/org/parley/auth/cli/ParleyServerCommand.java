package org.parley.auth.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Properties;
import org.parley.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code parley-server}: runs Parley's server processes: {@code auth}, {@code broker}, or {@code
 * stack} (all of them on one machine), and {@code admin} (operator accounts). Every sub-command
 * inherits {@code --help} and {@code --version} from here.
 */
@Command(
        name = "parley-server",
        scope = CommandLine.ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = ParleyServerCommand.Version.class,
        description = "Runs Parley's servers.",
        subcommands = {
            AuthCommand.class,
            BrokerCommand.class,
            StackCommand.class,
            AdminCommand.class
        })
public final class ParleyServerCommand implements Runnable {

    /**
     * Where the launcher's logging configuration is; logs go to stderr so stdout stays for the
     * ready line.
     */
    static final String LOGBACK_CONFIG = "org/parley/auth/parley-server-logback.xml";

    @Spec private CommandSpec spec;

    public static void main(String[] args) {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK_CONFIG);
        }
        System.exit(
                execute(
                        args,
                        new PrintWriter(System.out, true, Charset.defaultCharset()),
                        new PrintWriter(System.err, true, Charset.defaultCharset())));
    }

    /**
     * Runs the command line and returns the exit code (0 ok, 1 failed at run time, 2 bad usage).
     */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new ParleyServerCommand());
        commandLine.setOut(out);
        commandLine.setErr(err);
        // One line per failure: a wall of usage text hides what was actually wrong.
        commandLine.setParameterExceptionHandler(
                (e, arguments) -> {
                    CommandLine failed = e.getCommandLine();
                    failed.getErr()
                            .println(
                                    "parley-server: "
                                            + e.getMessage()
                                            + " (see '"
                                            + failed.getCommandSpec().qualifiedName()
                                            + " --help')");
                    return CommandLine.ExitCode.USAGE;
                });
        commandLine.setExecutionExceptionHandler(
                (e, failed, parseResult) -> {
                    if (e instanceof ConfigException bad) {
                        // Every problem at once, one line each, so one run shows all there is to
                        // fix.
                        for (String problem : bad.problems()) {
                            failed.getErr().println("parley-server: " + oneLine(problem));
                        }
                        return CommandLine.ExitCode.USAGE;
                    }
                    failed.getErr().println("parley-server: " + oneLine(e));
                    return e instanceof IllegalArgumentException
                            ? CommandLine.ExitCode.USAGE
                            : CommandLine.ExitCode.SOFTWARE;
                });
        return commandLine.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "Missing command: auth, broker, stack or admin");
    }

    static String oneLine(Throwable e) {
        return oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String oneLine(String message) {
        return message.replaceAll("\\s*\\R\\s*", " ");
    }

    /** The Maven project version, filtered into {@code version.properties} at build time. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties properties = new Properties();
            try (InputStream in =
                    ParleyServerCommand.class.getResourceAsStream(
                            "/org/parley/auth/version.properties")) {
                if (in != null) {
                    properties.load(in);
                }
            }
            return new String[] {
                "parley-server " + properties.getProperty("version", "(unknown version)")
            };
        }
    }
}
