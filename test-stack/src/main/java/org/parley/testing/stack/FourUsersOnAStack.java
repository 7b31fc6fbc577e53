package org.parley.testing.stack;

import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.parley.client.GroupInfo;

/**
 * The set-up most stack tests share, as a base class: one {@link LocalStack} per test class, with
 * alice, bob and carol (a group of three) and dave (someone outside it) signed up before the
 * class's {@code @BeforeAll} methods run. A class that needs more people declares more {@link
 * Account} fields.
 *
 * <p>The fields are static and shared by every subclass, so the classes must run one at a time, as
 * the integration tests do (one JVM, one class at a time): the extension sets them before each
 * class and stops the stack after it.
 */
// The accounts are set by the extension before @BeforeAll, not by a constructor or initializer.
@SuppressWarnings("NullAway.Init")
public abstract class FourUsersOnAStack {
    @RegisterExtension protected static final LocalStack stack = LocalStack.perClass();
    @Account protected static TestAccount alice;
    @Account protected static TestAccount bob;
    @Account protected static TestAccount carol;
    @Account protected static TestAccount dave;

    /** The group {@code name} of alice, bob and carol, created by alice through {@code alices}. */
    protected static GroupInfo createGroupOfThree(TestClient alices, String name) {
        return TestClient.await(alices.session.groups().create(name, List.of("bob", "carol")));
    }
}
