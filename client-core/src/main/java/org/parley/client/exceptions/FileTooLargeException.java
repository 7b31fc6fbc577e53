package org.parley.client.exceptions;

import org.parley.client.files.FileAttachment;

/** A file over the size limit; refused before any of it is read. */
public final class FileTooLargeException extends InvalidInputException {

    private final long size;
    private final long limit;

    public FileTooLargeException(String name, long size, long limit) {
        super(
                name
                        + " is "
                        + FileAttachment.humanSize(size)
                        + "; files can be at most "
                        + FileAttachment.humanSize(limit)
                        + ".");
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
