package org.parley.client;

/** Progress of a login or signup, for a progress bar. Called from a worker thread. */
@FunctionalInterface
public interface ProgressListener {
    String DERIVING_KEY = "Deriving key…";
    String CONTACTING_SERVER = "Contacting server…";
    String CONNECTING = "Connecting…";
    String SYNCING = "Syncing messages…";

    ProgressListener NONE = (stage, fraction) -> {};

    /**
     * @param stage one of the constants above, for display
     * @param fraction overall progress, 0..1
     */
    void onProgress(String stage, double fraction);
}
