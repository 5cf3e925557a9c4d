import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// A test upstream that answers each request (a head ending in an empty line; no request bodies) with the next
/// raw byte script, written in the given pieces, so tests can send exactly the framing they want to check.
final class ScriptedUpstream: Sendable {
    struct Reply: Sendable {
        /// Written one after another, flushed separately.
        var pieces: [[UInt8]]
        /// Close the connection after the reply.
        var close = false

        init(pieces: [String], close: Bool = false) {
            self.pieces = pieces.map { Array($0.utf8) }
            self.close = close
        }

        /// A reply of raw bytes (say, a field value that is not UTF-8).
        init(bytes pieces: [[UInt8]], close: Bool = false) {
            self.pieces = pieces
            self.close = close
        }
    }

    private let channel: Channel
    private let state: NIOLockedValueBox<(replies: [Reply], connections: Int, requests: Int)>
    let port: Int
    var connectionCount: Int { state.withLockedValue { $0.connections } }
    var requestCount: Int { state.withLockedValue { $0.requests } }

    private init(channel: Channel, state: NIOLockedValueBox<(replies: [Reply], connections: Int, requests: Int)>) {
        self.channel = channel
        self.state = state
        self.port = channel.localAddress?.port ?? 0
    }

    static func start(group: EventLoopGroup, replies: [Reply]) async throws -> ScriptedUpstream {
        let state = NIOLockedValueBox<(replies: [Reply], connections: Int, requests: Int)>((replies, 0, 0))
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                state.withLockedValue { $0.connections += 1 }
                do {
                    try channel.pipeline.syncOperations.addHandler(Answerer(state: state))
                    return channel.eventLoop.makeSucceededVoidFuture()
                } catch {
                    return channel.eventLoop.makeFailedFuture(error)
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return ScriptedUpstream(channel: channel, state: state)
    }

    func stop() async { try? await channel.close() }

    private final class Answerer: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let state: NIOLockedValueBox<(replies: [Reply], connections: Int, requests: Int)>
        var received: [UInt8] = []
        init(state: NIOLockedValueBox<(replies: [Reply], connections: Int, requests: Int)>) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            received.append(contentsOf: unwrapInboundIn(data).readableBytesView)
            while let end = headEnd() {
                received.removeFirst(end)
                let reply: Reply? = state.withLockedValue { state in
                    state.requests += 1
                    return state.replies.isEmpty ? nil : state.replies.removeFirst()
                }
                guard let reply else { context.close(promise: nil); return }
                for piece in reply.pieces {
                    context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: piece)), promise: nil)
                }
                if reply.close { context.close(promise: nil); return }
            }
        }

        private func headEnd() -> Int? {
            guard received.count >= 4 else { return nil }
            for index in 0...(received.count - 4) where received[index] == 13 && received[index + 1] == 10
                && received[index + 2] == 13 && received[index + 3] == 10 {
                return index + 4
            }
            return nil
        }
    }
}
