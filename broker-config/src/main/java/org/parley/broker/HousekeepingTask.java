package org.parley.broker;

import java.util.stream.Stream;
import org.apache.activemq.artemis.core.postoffice.impl.LocalQueueBinding;
import org.apache.activemq.artemis.core.server.ActiveMQServer;
import org.apache.activemq.artemis.core.server.Queue;
import org.slf4j.LoggerFactory;

/**
 * A job the node repeats on its housekeeping thread. A failed round is logged and the next one
 * tries again: an exception escaping to the scheduler would end the schedule for good.
 */
abstract class HousekeepingTask implements Runnable {

    private final ActiveMQServer server;
    private final String what;

    /**
     * @param server the node's server, which the task looks after
     * @param what what one round does, for the warning when it fails ("Looking for idle inboxes")
     */
    HousekeepingTask(ActiveMQServer server, String what) {
        this.server = server;
        this.what = what;
    }

    final ActiveMQServer server() {
        return server;
    }

    @Override
    public final void run() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            // Logged as the task's own class, like its other messages.
            LoggerFactory.getLogger(getClass()).warn("{} failed; trying again later", what, e);
        }
    }

    /** One round. */
    abstract void runOnce();

    /** The queues bound on this node (not the remote bindings of its cluster peers). */
    final Stream<Queue> localQueues() {
        return server.getPostOffice()
                .getAllBindings()
                .filter(b -> b instanceof LocalQueueBinding)
                .map(b -> ((LocalQueueBinding) b).getQueue());
    }
}
