package org.parley.model;

/** {@code POST /api/v1/signup/challenge} request: the username the signup will be for. */
public record SignupChallengeRequest(String username) {}
