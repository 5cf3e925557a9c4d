import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOConcurrencyHelpers
import Testing
@testable import Sidecar
import Validation

/// `access-log`: one `exchange` line per finished exchange, with the same correlation ID as the problem document.
@Suite(.serialized, .timeLimit(.minutes(1)))
struct AccessLogTests {
    /// The `exchange` lines, as objects.
    static func accessLines(_ lines: [String]) -> [[String: Any]] {
        lines.compactMap { line in
            guard line.contains(#""event":"exchange""#) else { return nil }
            return try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
        }
    }

    @Test func offByDefault() async throws {
        let harness = try await Harness.start(respond: ProxyForwardingTests.createdItem)
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        let logs = harness.logs.all
        await harness.stop()
        #expect(result.responses.first?.status == 200)
        #expect(Self.accessLines(logs).isEmpty)
    }

    @Test func everyExchangeGetsOneLineInOrder() async throws {
        let harness = try await Harness.start(configure: { $0.accessLog = true }, respond: ProxyForwardingTests.createdItem)
        let invalid = RequestIDTests.invalidPost()
        let pipelined = "GET /items/1?secret=q1 HTTP/1.1\r\nHost: h\r\nX-Request-Id: acc-1\r\n\r\n" + invalid
        let result = RawClient.exchange(port: harness.port, pipelined, expectedResponses: 2)
        let refused = RawClient.exchange(port: harness.port, "POST /items HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                                         expectedResponses: 1)
        let logs = harness.logs.all
        await harness.stop()
        try #require(result.responses.count == 2)
        let lines = Self.accessLines(logs)
        try #require(lines.count == 3)
        #expect(lines[0]["request_id"] as? String == "acc-1")
        #expect(lines[0]["status"] as? Int == 200)
        #expect(lines[0]["outcome"] as? String == "forwarded")
        #expect(lines[0]["method"] as? String == "GET")
        #expect(lines[0]["path"] as? String == "/items/1")
        #expect(lines[0]["operation"] as? String == "GET /items/{id}")
        #expect((lines[0]["duration_us"] as? Int).map { $0 >= 0 } == true)
        // The upstream's part: at most the whole, and only for a proxied answer.
        let upstream = try #require(lines[0]["upstream_us"] as? Int)
        #expect(upstream >= 0 && upstream <= (lines[0]["duration_us"] as? Int ?? -1))
        #expect(lines[1]["upstream_us"] == nil && lines[2]["upstream_us"] == nil)
        #expect(lines[1]["request_id"] as? String == RequestIDTests.requestIdMember(result.responses[1].body))
        #expect(lines[1]["status"] as? Int == 400)
        #expect(lines[1]["outcome"] as? String == "rejected")
        #expect(lines[1]["operation"] as? String == "POST /items")
        // A request that could not be framed: no head, still a line, with the problem's ID.
        #expect(lines[2]["status"] as? Int == 400)
        #expect(lines[2]["outcome"] as? String == "rejected")
        #expect(lines[2]["request_id"] as? String == refused.responses.first.flatMap { RequestIDTests.requestIdMember($0.body) })
        #expect(!logs.joined().contains("secret=q1"))
    }

    /// Another log handler (a library user's) gets the same line through swift-log's metadata.
    @Test func anotherLogHandlerGetsTheLineAsMetadata() async throws {
        let recorded = NIOLockedValueBox<[Logger.Metadata]>([])
        struct Recording: LogHandler {
            let recorded: NIOLockedValueBox<[Logger.Metadata]>
            var logLevel: Logger.Level = .info
            var metadata: Logger.Metadata = [:]
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String,
                     function: String, line: UInt) {
                if message.description == "exchange" { recorded.withLockedValue { $0.append(metadata ?? [:]) } }
            }
        }
        let logger = Logger(label: "custom") { _ in Recording(recorded: recorded) }
        let harness = try await Harness.start(logger: logger, configure: { $0.accessLog = true }, respond: ProxyForwardingTests.createdItem)
        let result = RawClient.exchange(port: harness.port, "GET /items/1 HTTP/1.1\r\nHost: h\r\nX-Request-Id: own-1\r\n\r\n", expectedResponses: 1)
        await harness.stop()
        #expect(result.responses.first?.status == 200)
        let lines = recorded.withLockedValue { $0 }
        try #require(lines.count == 1)
        #expect(lines[0]["request_id"] == "own-1")
        #expect(lines[0]["outcome"] == "forwarded")
        #expect(lines[0]["status"]?.description == "200")
        #expect(lines[0]["path"] == "/items/1")
        #expect(lines[0]["upstream_us"] != nil)
    }

    @Test func theMockLogsItsAnswers() async throws {
        let harness = try await Harness.start(kind: .mock, configure: { $0.accessLog = true })
        let result = RawClient.exchange(port: harness.port, "GET /items/3 HTTP/1.1\r\nHost: h\r\n\r\n", expectedResponses: 1)
        let logs = harness.logs.all
        await harness.stop()
        #expect(result.responses.first?.status == 200)
        let lines = Self.accessLines(logs)
        #expect(lines.count == 1)
        #expect(lines.first?["outcome"] as? String == "mocked")
        #expect((lines.first?["request_id"] as? String).map(RequestIDTests.isVersion4UUID) == true)
    }

    @Test func theConfigFileTurnsItOnInBothSections() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = try directory.write("specguard.yaml", "proxy: {access-log: true}\nmock: {access-log: true}\n")
        let root = try ConfigFile.read(path: path).get()
        for section in ["proxy", "mock"] {
            var settings = SidecarSettings(specPath: "")
            try ConfigFile.apply(root, section: section, to: &settings).get()
            #expect(settings.accessLog, "\(section)")
        }
    }
}

/// The log line's exact text: level, label, message, then the metadata by key, values escaped, integers as numbers.
@Suite struct JSONLogHandlerTests {
    /// The direct path writes what the metadata path writes, the handler's own metadata merged in by key.
    @Test func fieldsAreWrittenAsTheSameMetadataWouldBe() {
        let direct = LogLines(), viaMetadata = LogLines()
        for own: Logger.Metadata in [[:], ["aa": "1", "m": "2", "zz": .stringConvertible(3)], ["path": "handler's, overridden"]] {
            var handler = JSONLogHandler(label: "l", sink: { direct.append($0) })
            handler.metadata = own
            handler.emit(.info, message: "exchange", fields: [("client", .text("c\"1")), ("duration_us", .number(-5)), ("path", .text("/a\nb")),
                                                             ("status", .number(200)),
                                                             ("violations", .objects([[("in", "body"), ("keyword", "k\t")], [], [("name", "n")]]))])
            var logger = Logger(label: "l") { _ in
                var other = JSONLogHandler(label: "l", sink: { viaMetadata.append($0) })
                other.metadata = own
                return other
            }
            logger.logLevel = .info
            logger.info("exchange", metadata: ["client": "c\"1", "duration_us": .stringConvertible(-5), "path": "/a\nb",
                                               "status": .stringConvertible(200),
                                               "violations": .array([.dictionary(["keyword": "k\t", "in": "body"]), .dictionary([:]),
                                                                     .dictionary(["name": "n"])])])
        }
        #expect(direct.all.count == 3)
        #expect(direct.all == viaMetadata.all)
        // Below the handler's level nothing is written.
        var quiet = JSONLogHandler(label: "l", sink: { direct.append($0) })
        quiet.logLevel = .error
        quiet.emit(.info, message: "exchange", fields: [])
        #expect(direct.all.count == 3)
    }

    @Test func aLineIsWrittenByKeyWithItsValuesEscaped() {
        let lines = LogLines()
        var logger = lines.logger
        logger[metadataKey: "zone"] = "z"
        logger.warning("re\"jected\n", metadata: [
            "status": .stringConvertible(400), "client": "127.0.0.1", "ratio": .stringConvertible(0.5),
            "violations": .array([.dictionary(["keyword": "minLength", "in": "body"]), "tab\there"]), "empty": .array([]),
            "nested": .dictionary([:]),
        ])
        #expect(lines.all == [#"{"level":"warning","label":"test","message":"re\"jected\n","client":"127.0.0.1","empty":[],"nested":{},"ratio":"0.5","#
                              + #""status":400,"violations":[{"in":"body","keyword":"minLength"},"tab\there"],"zone":"z"}"#])
    }
}

extension LineBatcher {
    /// The lines of these tests are arrays; the handler passes its bytes in place.
    fileprivate func append(_ line: [UInt8]) { line.withUnsafeBufferPointer { append($0) } }
}

/// Log lines written on an event loop go out once per round of the loop, in order; off a loop at once.
@Suite struct LineBatcherTests {
    final class Writes: Sendable {
        private let box = NIOLockedValueBox<[[UInt8]]>([])
        var all: [[UInt8]] { box.withLockedValue { $0 } }
        func record(_ bytes: [UInt8]) { box.withLockedValue { $0.append(bytes) } }
    }

    @Test func aRoundsLinesAreOneWriteAtItsEnd() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let writes = Writes()
        let batcher = LineBatcher(write: { writes.record($0) })
        let seenInRound = try await group.next().submit { () -> Int in
            for index in 0..<5 { batcher.append(Array("line \(index)\n".utf8)) }
            return writes.all.count
        }.get()
        // The flush runs after the task that logged: wait for the loop to pass it.
        try await group.next().submit {}.get()
        #expect(seenInRound == 0)
        #expect(writes.all == [Array("line 0\nline 1\nline 2\nline 3\nline 4\n".utf8)])
        // A next round is another write.
        try await group.next().submit { batcher.append(Array("next\n".utf8)) }.get()
        try await group.next().submit {}.get()
        #expect(writes.all.count == 2)
        try await group.shutdownGracefully()
    }

    @Test func offALoopLinesAreWrittenAtOnceAndABigRoundIsWrittenEarly() async throws {
        let writes = Writes()
        let batcher = LineBatcher(write: { writes.record($0) })
        batcher.append(Array("alone\n".utf8))
        #expect(writes.all == [Array("alone\n".utf8)])
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: 1023) + [UInt8(ascii: "\n")]
        let countInRound = try await group.next().submit { () -> Int in
            for _ in 0..<(LineBatcher.flushThreshold / 1024 + 1) { batcher.append(line) }
            return writes.all.count
        }.get()
        try await group.next().submit {}.get()
        #expect(countInRound == 2)
        #expect(writes.all.count == 3)
        #expect(writes.all.dropFirst().reduce(0) { $0 + $1.count } == (LineBatcher.flushThreshold / 1024 + 1) * 1024)
        try await group.shutdownGracefully()
    }

    @Test func whatAThreadGatheredIsWrittenWhenItEnds() async throws {
        let writes = Writes()
        let batcher = LineBatcher(write: { writes.record($0) })
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        // Logged in the loop's last task before shutdown: the flush task may never run, the thread's end writes it.
        group.next().execute { batcher.append(Array("last\n".utf8)) }
        try await group.shutdownGracefully()
        #expect(writes.all.flatMap { $0 } == Array("last\n".utf8))
    }
}
