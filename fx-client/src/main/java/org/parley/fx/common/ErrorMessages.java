package org.parley.fx.common;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import org.parley.client.exceptions.InvalidCredentialsException;
import org.parley.client.exceptions.ParleyException;
import org.parley.client.exceptions.SendFailedException;
import org.parley.client.exceptions.ServerUnavailableException;
import org.parley.client.exceptions.SessionClosedException;
import org.parley.client.exceptions.SessionExpiredException;
import org.parley.client.exceptions.ThrottledException;

/**
 * Sentences for people from client-core failures; client-core's own messages where they already
 * are.
 */
public final class ErrorMessages {
    private ErrorMessages() {}

    public static String of(ParleyException e) {
        if (e instanceof SendFailedException failed) {
            return of(failed.reason());
        }
        if (e instanceof InvalidCredentialsException) {
            return "Wrong username or password.";
        }
        if (e instanceof ThrottledException) {
            return messageOf(e);
        }
        if (e instanceof ServerUnavailableException unavailable) {
            return unavailable(unavailable);
        }
        if (e instanceof SessionExpiredException) {
            return "Your session has expired. Log out and log in again.";
        }
        if (e instanceof SessionClosedException) {
            return "You are logged out.";
        }
        return messageOf(e);
    }

    private static String messageOf(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? "Something went wrong." : message;
    }

    private static String unavailable(ServerUnavailableException e) {
        String server = e.server();
        if (causedBy(e, UnknownHostException.class)
                || causedBy(e, UnresolvedAddressException.class)) {
            return "Unknown server: " + server + " could not be found. Check the server address.";
        }
        if (causedBy(e, HttpTimeoutException.class)) {
            return "The Parley server at " + server + " did not answer in time. Try again later.";
        }
        if (causedBy(e, ConnectException.class)) {
            return "The Parley server at " + server + " is not reachable. Is it running?";
        }
        if (e.getCause() == null) {
            return "The Parley server at " + server + " is unavailable right now. Try again later.";
        }
        return messageOf(e);
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
