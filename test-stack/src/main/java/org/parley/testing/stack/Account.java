package org.parley.testing.stack;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a static {@link TestAccount} field of a test class that registers a {@link LocalStack}
 * extension, or of a superclass of it: the account is signed up on the stack (named after the
 * field, or {@link #value()}) and set in the field before the class's {@code @BeforeAll} methods
 * run.
 */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Account {
    /** The username; empty means the field's name. */
    String value() default "";
}
