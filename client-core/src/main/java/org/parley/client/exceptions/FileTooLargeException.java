package org.parley.client.exceptions;

/** A file over the size limit; refused before any of it is read. */
public final class FileTooLargeException extends InvalidInputException {

    private final long size;
    private final long limit;

    public FileTooLargeException(String message, long size, long limit) {
        super(message);
        this.size = size;
        this.limit = limit;
    }

    public long size() {
        return size;
    }

    public long limit() {
        return limit;
    }
}
