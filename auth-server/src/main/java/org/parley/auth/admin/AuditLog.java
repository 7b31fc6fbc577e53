package org.parley.auth.admin;

import java.util.List;

/**
 * Where operator actions are recorded. Implementations throw {@code StoreUnavailableException} when
 * the store fails.
 */
public interface AuditLog {

    void record(AuditEntry entry);

    /** The newest entries first, at most {@code limit}. */
    List<AuditEntry> recent(int limit);
}
