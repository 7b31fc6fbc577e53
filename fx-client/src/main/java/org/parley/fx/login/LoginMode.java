package org.parley.fx.login;

/** Whether the login screen logs in to an existing account or creates one. */
public enum LoginMode {
    LOG_IN,
    SIGN_UP
}
