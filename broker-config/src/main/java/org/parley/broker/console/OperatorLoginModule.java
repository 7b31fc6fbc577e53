package org.parley.broker.console;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.jspecify.annotations.Nullable;

/**
 * The console realm's only login module: name and password are checked by the {@link
 * OperatorAuthenticator} handed in through the JAAS options (key {@value #AUTHENTICATOR}). A
 * success adds the operator's {@link UserPrincipal} (hawtio reads the name from a principal of that
 * simple name) and the {@value ConsoleRealm#OPERATOR_ROLE} {@link RolePrincipal} that hawtio
 * requires.
 */
public final class OperatorLoginModule implements LoginModule {

    static final String AUTHENTICATOR = "org.parley.operatorAuthenticator";

    // Set by initialize() and login()/commit() in JAAS' order; null before and after logout().
    private @Nullable Subject subject;
    private @Nullable CallbackHandler callbacks;
    private @Nullable OperatorAuthenticator authenticator;
    private @Nullable String operator;
    private @Nullable UserPrincipal user;
    private @Nullable RolePrincipal role;

    @Override
    public void initialize(
            Subject subject,
            CallbackHandler callbackHandler,
            Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
        Object configured = options.get(AUTHENTICATOR);
        this.authenticator = configured instanceof OperatorAuthenticator a ? a : null;
    }

    @Override
    public boolean login() throws LoginException {
        if (authenticator == null || callbacks == null) {
            throw new LoginException("The operator console has no operator store");
        }
        NameCallback name = new NameCallback("Operator: ");
        PasswordCallback password = new PasswordCallback("Password: ", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (IOException | UnsupportedCallbackException e) {
            throw new LoginException("Cannot read the operator's credentials: " + e.getMessage());
        }
        char[] secret = password.getPassword();
        password.clearPassword();
        if (name.getName() == null || secret == null) {
            throw new FailedLoginException("Operator name and password are required");
        }
        Optional<String> checked = authenticator.authenticate(name.getName(), new String(secret));
        java.util.Arrays.fill(secret, '\0');
        if (checked.isEmpty()) {
            throw new FailedLoginException("Wrong operator name or password");
        }
        operator = checked.get();
        return true;
    }

    @Override
    public boolean commit() {
        if (operator == null) {
            return false;
        }
        Subject s = Objects.requireNonNull(subject, "JAAS calls initialize() before commit()");
        user = new UserPrincipal(operator);
        role = new RolePrincipal(ConsoleRealm.OPERATOR_ROLE);
        s.getPrincipals().add(user);
        s.getPrincipals().add(role);
        return true;
    }

    @Override
    public boolean abort() {
        logout();
        return true;
    }

    @Override
    public boolean logout() {
        if (subject != null) {
            if (user != null) {
                subject.getPrincipals().remove(user);
            }
            if (role != null) {
                subject.getPrincipals().remove(role);
            }
        }
        operator = null;
        user = null;
        role = null;
        return true;
    }
}
