package org.parley.db;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Run in a child JVM by {@link EmbeddedRestartIT}: starts the embedded database, adds an account,
 * says READY, and waits to be killed (SIGKILL: no shutdown hook runs, PostgreSQL is left running as
 * an orphan).
 */
public final class OrphanMaker {
    private OrphanMaker() {}

    public static void main(String[] args) throws Exception {
        Database db = Database.start(DatabaseConfig.embedded(Path.of(args[0])).withMaxPoolSize(2));
        TestRows.insertAccount(db.dataSource(), args[1]);
        System.out.println("READY");
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
