package org.parley.model;

/** {@code POST /api/v1/signup} response (201). */
public record SignupResponse(String username) {}
