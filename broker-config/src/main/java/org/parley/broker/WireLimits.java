package org.parley.broker;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.security.auth.Subject;
import org.apache.activemq.artemis.api.core.Interceptor;
import org.apache.activemq.artemis.api.core.Message;
import org.apache.activemq.artemis.core.protocol.core.Packet;
import org.apache.activemq.artemis.core.protocol.core.impl.PacketImpl;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendContinuationMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendLargeMessage;
import org.apache.activemq.artemis.core.protocol.core.impl.wireformat.SessionSendMessage;
import org.apache.activemq.artemis.core.remoting.impl.netty.ActiveMQFrameDecoder2;
import org.apache.activemq.artemis.core.remoting.impl.netty.NettyConnection;
import org.apache.activemq.artemis.core.server.plugin.ActiveMQServerConnectionPlugin;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbox limits of {@link InboxMessageLimitsPlugin}, applied on the wire (CORE protocol) where
 * they cost the broker least. Artemis itself bounds neither a frame nor a large message.
 *
 * <ul>
 *   <li><b>Frames</b> are at most {@value #MAX_FRAME_BYTES} bytes: Artemis' frame decoder would
 *       otherwise buffer whatever length a client announces (a raw client that raises its {@code
 *       minLargeMessageSize} sends a 500 MiB message as one frame) before anything can look at it.
 *       Parley's clients and the cluster bridges stream anything above Artemis' 100 KiB
 *       large-message threshold in chunks of that size, so their frames stay far below. A longer
 *       frame closes the connection at once, without reading it.
 *   <li><b>A large message to an inbox</b> is counted while it streams: once its chunks exceed the
 *       message limit (a non-persistent one: from the start), the rest of them are dropped instead
 *       of written to the large-message file, so the broker stores at most the limit plus two
 *       chunks. The last chunk still goes through, so that Artemis completes the message, the
 *       plugin sees it is too large (or not persistent), refuses it with a clear error to the
 *       sender and deletes the file.
 *   <li><b>A non-persistent send to an inbox that asks for no answer</b> is dropped here, since
 *       refusing it in the plugin would make Artemis log a warning with a stack trace for each one
 *       of a flood. A send that waits for its answer goes on to the plugin and gets the refusal.
 * </ul>
 *
 * The cluster user's connections are exempt (bridges forward what a node already accepted).
 */
final class WireLimits implements Interceptor, ActiveMQServerConnectionPlugin {

    /**
     * Largest CORE frame a client may send; far above the 100 KiB chunks clients and bridges use.
     */
    static final int MAX_FRAME_BYTES = 1024 * 1024;

    /**
     * Artemis' name for the CORE frame decoder in a connection's pipeline (CoreProtocolManager).
     */
    private static final String DECODER = "activemq-decoder";

    private static final Logger log = LoggerFactory.getLogger(WireLimits.class);

    private final long maxMessageBytes;

    /** connection id → session channel id → body bytes of the large message streaming on it. */
    private final Map<Object, Map<Long, long[]>> streams = new ConcurrentHashMap<>();

    WireLimits(long maxMessageBytes) {
        this.maxMessageBytes = maxMessageBytes;
    }

    @Override
    public void afterCreateConnection(RemotingConnection connection) {
        // Called while Artemis sets up the pipeline, before the first frame is decoded.
        if (connection.getTransportConnection() instanceof NettyConnection netty) {
            ChannelPipeline pipeline = netty.getChannel().pipeline();
            if (pipeline.get(DECODER) instanceof ActiveMQFrameDecoder2) {
                pipeline.replace(DECODER, DECODER, new BoundedFrameDecoder(MAX_FRAME_BYTES));
            }
        }
    }

    @Override
    public void afterDestroyConnection(RemotingConnection connection) {
        streams.remove(connection.getID());
    }

    @Override
    public boolean intercept(Packet packet, RemotingConnection connection) {
        switch (packet.getType()) {
            case PacketImpl.SESS_SEND -> {
                SessionSendMessage send = (SessionSendMessage) packet;
                Message message = send.getMessage();
                if (!send.isRequiresResponse()
                        && !message.isDurable()
                        && InboxMessageLimitsPlugin.isInbox(message.getAddress())
                        && !isCluster(connection)) {
                    log.debug(
                            "Dropped a non-persistent message to {} from {}",
                            message.getAddress(),
                            connection.getRemoteAddress());
                    return false;
                }
                return true;
            }
            case PacketImpl.SESS_SEND_LARGE -> {
                Message message = ((SessionSendLargeMessage) packet).getLargeMessage();
                Map<Long, long[]> channels =
                        streams.computeIfAbsent(
                                connection.getID(), id -> new ConcurrentHashMap<>());
                if (InboxMessageLimitsPlugin.isInbox(message.getAddress())
                        && !isCluster(connection)) {
                    // A non-persistent one is refused at its end anyway: none of its chunks is
                    // kept.
                    channels.put(
                            packet.getChannelID(),
                            new long[] {message.isDurable() ? 0 : maxMessageBytes + 1});
                } else {
                    channels.remove(packet.getChannelID());
                }
                return true;
            }
            case PacketImpl.SESS_SEND_CONTINUATION -> {
                SessionSendContinuationMessage chunk = (SessionSendContinuationMessage) packet;
                Map<Long, long[]> channels = streams.get(connection.getID());
                if (channels == null) {
                    return true;
                }
                long[] received = channels.get(packet.getChannelID());
                if (received == null) {
                    return true;
                }
                if (!chunk.isContinues()) {
                    channels.remove(packet.getChannelID());
                    return true;
                }
                boolean over = received[0] > maxMessageBytes;
                received[0] += chunk.getBody() == null ? 0 : chunk.getBody().length;
                if (over) {
                    return false;
                }
                if (received[0] > maxMessageBytes) {
                    log.info(
                            "A message to an inbox from {} passed {} bytes while streaming; the rest is dropped and "
                                    + "the message refused",
                            connection.getRemoteAddress(),
                            maxMessageBytes);
                }
                return true;
            }
            default -> {
                return true;
            }
        }
    }

    private static boolean isCluster(RemotingConnection connection) {
        Subject subject = connection.getSubject();
        if (subject == null) {
            return false;
        }
        for (Principal p : subject.getPrincipals(UserPrincipal.class)) {
            if (TokenSecurityManager.CLUSTER_USER.equals(p.getName())) {
                return true;
            }
        }
        return false;
    }

    /** Artemis' CORE frame decoder with a maximum frame length. */
    static final class BoundedFrameDecoder extends LengthFieldBasedFrameDecoder {
        private final int maxFrameBytes;

        BoundedFrameDecoder(int maxFrameBytes) {
            super(Integer.MAX_VALUE, 0, Integer.BYTES);
            this.maxFrameBytes = maxFrameBytes;
        }

        @Override
        protected @Nullable Object decode(ChannelHandlerContext ctx, ByteBuf in) throws Exception {
            if (in.readableBytes() >= Integer.BYTES) {
                long length = in.getUnsignedInt(in.readerIndex());
                if (length > maxFrameBytes) {
                    log.info(
                            "Closing the connection from {}: it sent a frame of {} bytes (at most {})",
                            ctx.channel().remoteAddress(),
                            length,
                            maxFrameBytes);
                    in.skipBytes(in.readableBytes());
                    ctx.close()
                            .addListener(
                                    closed -> {
                                        if (!closed.isSuccess()) {
                                            log.debug(
                                                    "Closing the connection from {} failed",
                                                    ctx.channel().remoteAddress(),
                                                    closed.cause());
                                        }
                                    });
                    return null;
                }
            }
            return super.decode(ctx, in);
        }

        @Override
        protected ByteBuf extractFrame(
                ChannelHandlerContext ctx, ByteBuf buffer, int index, int length) {
            // As ActiveMQFrameDecoder2: a copy, and the length field skipped.
            ByteBuf frame = ctx.alloc().buffer(length);
            frame.writeBytes(buffer, index, length);
            return frame.skipBytes(Integer.BYTES);
        }
    }
}
