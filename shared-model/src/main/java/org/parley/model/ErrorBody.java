package org.parley.model;

/** Body of every HTTP error: a stable machine code and a sentence for a person. */
public record ErrorBody(String error, String message) {}
