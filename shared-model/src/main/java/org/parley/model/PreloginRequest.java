package org.parley.model;

/** {@code POST /api/v1/prelogin} request. */
public record PreloginRequest(String username) {}
