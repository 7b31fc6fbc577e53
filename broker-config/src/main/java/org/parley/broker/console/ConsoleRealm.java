package org.parley.broker.console;

import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.Configuration;
import org.jspecify.annotations.Nullable;

/**
 * The JAAS realm hawtio logs operators in with, installed programmatically (no login.config file):
 * {@value #REALM} has exactly one required module, {@link OperatorLoginModule}. Other realm names
 * fall through to whatever configuration the JVM had before.
 *
 * <p>JAAS configuration is JVM-wide, and so are hawtio's {@code hawtio.*} settings: one operator
 * store serves every console in a JVM (the local stack runs one console for all its nodes).
 */
public final class ConsoleRealm extends Configuration {

    public static final String REALM = "parley-console";
    public static final String OPERATOR_ROLE = "parley-operator";

    // The JVM's configuration before this realm; null if it had none.
    private final @Nullable Configuration previous;
    private final AppConfigurationEntry[] entries;

    private ConsoleRealm(@Nullable Configuration previous, OperatorAuthenticator operators) {
        this.previous = previous;
        this.entries =
                new AppConfigurationEntry[] {
                    new AppConfigurationEntry(
                            OperatorLoginModule.class.getName(),
                            AppConfigurationEntry.LoginModuleControlFlag.REQUIRED,
                            Map.of(OperatorLoginModule.AUTHENTICATOR, operators))
                };
    }

    /** Makes {@value #REALM} check credentials with {@code operators} from now on. */
    public static synchronized void install(OperatorAuthenticator operators) {
        Configuration current = currentOrNull();
        Configuration base = current instanceof ConsoleRealm realm ? realm.previous : current;
        Configuration.setConfiguration(new ConsoleRealm(base, operators));
    }

    private static @Nullable Configuration currentOrNull() {
        try {
            return Configuration.getConfiguration();
        } catch (SecurityException e) {
            // No default configuration (no login.config anywhere): fine, ours is the only realm.
            return null;
        }
    }

    @Override
    public AppConfigurationEntry @Nullable [] getAppConfigurationEntry(String name) {
        if (REALM.equals(name)) {
            return entries.clone();
        }
        return previous == null ? null : previous.getAppConfigurationEntry(name);
    }

    @Override
    public void refresh() {
        if (previous != null) {
            previous.refresh();
        }
    }
}
