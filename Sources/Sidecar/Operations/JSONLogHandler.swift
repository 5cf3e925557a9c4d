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
    /// Where lines go; nil: standard error (written from their bytes, without a `String` in between).
    private let sink: (@Sendable (String) -> Void)?

    /// A handler for logger `label` writing each line to `sink`, or to standard error.
    public init(label: String, sink: (@Sendable (String) -> Void)? = nil) {
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

    /// Writes the line's bytes directly: `level`, `label`, `message`, then the metadata by key. (Building a `JSONValue`
    /// object first cost more than all the rest: each object indexes its keys.)
    private func emit(level: Logger.Level, message: Logger.Message, metadata explicit: Logger.Metadata?) {
        // The handler's own metadata is usually empty: then the line's is used as it is (a merge copied it into a new
        // dictionary, and a lookup per sorted key hashed every key again).
        let merged: Logger.Metadata
        if let explicit {
            merged = self.metadata.isEmpty ? explicit : self.metadata.merging(explicit) { $1 }
        } else {
            merged = self.metadata
        }
        var line = lineStart(level, message: message.description)
        for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
            line.append(UInt8(ascii: ","))
            JSONWriter.writeString(key, into: &line)
            line.append(UInt8(ascii: ":"))
            Self.writeValue(value, into: &line)
        }
        line.append(UInt8(ascii: "}"))
        finish(line)
    }

    /// A value of a line written by `emit(_:message:fields:)`.
    enum Field {
        case text(String)
        case number(Int)
        /// An array of objects of text members, each object's keys in order (as `fields`' keys, written as they are).
        case objects([[(key: String, value: String)]])
    }

    /// Writes a line from fields given in key order, without `Logger.Metadata` (a dictionary built, sorted and cast
    /// value by value cost the access log's line about 18,000 instructions more): for the lines written for every
    /// exchange. The handler's own metadata is merged in by key as for any other line. Keys are written without escapes:
    /// only names of letters, digits and `_` may be passed.
    func emit(_ level: Logger.Level, message: String, fields: [(key: String, value: Field)]) {
        guard level >= logLevel else { return }
        var line = lineStart(level, message: message)
        let own = metadata.isEmpty ? [] : metadata.filter { key, _ in !fields.contains { $0.key == key } }.sorted { $0.key < $1.key }
        var ownIndex = 0
        for (key, value) in fields {
            Self.writeOwn(own, from: &ownIndex, before: key, into: &line)
            // The keys are the caller's own names (letters, digits, `_`): written as they are, no escape to look for.
            line.append(",\"")
            line.append(key)
            line.append("\":")
            switch value {
            case .text(let text): JSONWriter.writeString(text, into: &line)
            case .number(let number): line.append(String(number))
            case .objects(let objects):
                line.append(UInt8(ascii: "["))
                for (index, object) in objects.enumerated() {
                    line.append(index > 0 ? ",{" as StaticString : "{")
                    for (position, member) in object.enumerated() {
                        line.append(position == 0 ? "\"" as StaticString : ",\"")
                        line.append(member.key)
                        line.append("\":")
                        JSONWriter.writeString(member.value, into: &line)
                    }
                    line.append(UInt8(ascii: "}"))
                }
                line.append(UInt8(ascii: "]"))
            }
        }
        Self.writeOwn(own, from: &ownIndex, before: nil, into: &line)
        line.append(UInt8(ascii: "}"))
        finish(line)
    }

    /// The handler's own metadata members (`own`, sorted) from `index` on whose keys sort before `key` (all, for nil).
    private static func writeOwn(_ own: [(key: String, value: Logger.Metadata.Value)], from index: inout Int, before key: String?,
                                 into line: inout ByteSink) {
        while index < own.count, key.map({ own[index].key < $0 }) ?? true {
            line.append(UInt8(ascii: ","))
            JSONWriter.writeString(own[index].key, into: &line)
            line.append(UInt8(ascii: ":"))
            writeValue(own[index].value, into: &line)
            index += 1
        }
    }

    /// A line's bytes up to its metadata: `{"level":...,"label":...,"message":...`.
    private func lineStart(_ level: Logger.Level, message: String) -> ByteSink {
        var line = ByteSink(capacity: 320)
        line.append("{\"level\":")
        JSONWriter.writeString(level.rawValue, into: &line)
        line.append(",\"label\":")
        JSONWriter.writeString(label, into: &line)
        line.append(",\"message\":")
        JSONWriter.writeString(message, into: &line)
        return line
    }

    private func finish(_ line: consuming ByteSink) {
        if let sink {
            line.withBytes { sink(String(decoding: $0, as: UTF8.self)) }
        } else {
            line.append(UInt8(ascii: "\n"))
            line.withBytes { Self.standardErrorLines.append($0) }
        }
    }

    /// Lines for standard error, written a loop round at a time (`LineBatcher`).
    static let standardErrorLines = LineBatcher(write: { writeToStandardError($0) })

    /// A metadata value as JSON: an `Int` as a number, any other convertible as its description, dictionaries by key.
    static func writeValue(_ value: Logger.Metadata.Value, into line: inout ByteSink) {
        switch value {
        case .string(let text): JSONWriter.writeString(text, into: &line)
        case .stringConvertible(let convertible):
            if let number = convertible as? Int {
                line.append(String(number))
            } else {
                JSONWriter.writeString(convertible.description, into: &line)
            }
        case .array(let values):
            line.append(UInt8(ascii: "["))
            for (index, element) in values.enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                writeValue(element, into: &line)
            }
            line.append(UInt8(ascii: "]"))
        case .dictionary(let dictionary):
            line.append(UInt8(ascii: "{"))
            for (index, (key, element)) in dictionary.sorted(by: { $0.key < $1.key }).enumerated() {
                if index > 0 { line.append(UInt8(ascii: ",")) }
                JSONWriter.writeString(key, into: &line)
                line.append(UInt8(ascii: ":"))
                writeValue(element, into: &line)
            }
            line.append(UInt8(ascii: "}"))
        }
    }

    /// Writes a line to standard error.
    @Sendable public static func standardError(_ line: String) {
        writeToStandardError(Array((line + "\n").utf8))
    }

    @Sendable static func writeToStandardError(_ bytes: [UInt8]) {
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

extension JSONLogHandler.Field {
    /// The same value as swift-log metadata, for another log handler (`Logger.logFields`).
    var metadataValue: Logger.MetadataValue {
        switch self {
        case .text(let text): return .string(text)
        case .number(let number): return .stringConvertible(number)
        case .objects(let objects):
            return .array(objects.map { object in .dictionary(Dictionary(object.map { ($0.key, .string($0.value)) }, uniquingKeysWith: { $1 })) })
        }
    }
}

extension Logger {
    /// Logs a line given as fields in key order: straight to a `JSONLogHandler` (`emit(_:message:fields:)`, without
    /// `Logger.Metadata`), as metadata to any other handler (a library user's). For the lines written per exchange.
    func logFields(_ level: Logger.Level, _ message: String, _ fields: [(key: String, value: JSONLogHandler.Field)]) {
        if let json = handler as? JSONLogHandler {
            json.emit(level, message: message, fields: fields)
            return
        }
        var metadata = Logger.Metadata(minimumCapacity: fields.count)
        for (key, value) in fields { metadata[key] = value.metadataValue }
        log(level: level, "\(message)", metadata: metadata, source: "specguard")
    }
}
