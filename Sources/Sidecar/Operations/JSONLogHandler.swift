import Documents
import Logging
import NIOConcurrencyHelpers
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A swift-log handler writing one JSON object per line (`level`, `label`, `message` and the metadata
/// as members) to standard error or to a closure (tests).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let sink: @Sendable (String) -> Void

    /// A handler for logger `label` writing each line to `sink`.
    public init(label: String, sink: @escaping @Sendable (String) -> Void = JSONLogHandler.standardError) {
        self.label = label
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        emit(level: event.level, message: event.message, metadata: event.metadata)
    }

    public func log(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?,
                    source: String, file: String, function: String, line: UInt) {
        emit(level: level, message: message, metadata: explicit)
    }

    private func emit(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?) {
        var members: [(String, JSONValue)] = [("level", .string(level.rawValue)), ("label", .string(label)),
                                              ("message", .string(message.description))]
        var merged = self.metadata
        if let explicit { merged.merge(explicit) { $1 } }
        for key in merged.keys.sorted() {
            if let value = merged[key] { members.append((key, Self.json(value))) }
        }
        sink(JSONWriter.compact(.object(members)))
    }

    static func json(_ value: Logger.Metadata.Value) -> JSONValue {
        switch value {
        case .string(let text): return .string(text)
        case .stringConvertible(let convertible):
            if let number = convertible as? Int { return .integer(number) }
            return .string(convertible.description)
        case .array(let values): return .array(values.map(json))
        case .dictionary(let dictionary): return .object(dictionary.keys.sorted().compactMap { key in dictionary[key].map { (key, json($0)) } })
        }
    }

    /// Writes a line to standard error.
    @Sendable public static func standardError(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(2, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
