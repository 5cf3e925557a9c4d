import Synchronization

/// Where a node of a document starts: file, 1-based line and 1-based column.
///
/// Columns count Unicode scalars from the start of the line, the way editors
/// and CI annotations count them.
///
/// Every value and key of a document carries one, so it is stored compactly and holds no reference:
/// the file is a number in a process-wide table of file names (`SourceFileNames`), line and column are
/// 32-bit. Copying or destroying a location is a plain memory copy.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file's number in `SourceFileNames` (0: no file).
    let fileNumber: UInt32
    private var storedLine: Int32
    private var storedColumn: Int32

    /// The file the node was read from, as given to the loader (empty for in-memory text).
    public var file: String {
        get { SourceFileNames.name(fileNumber) }
        set { self = SourceLocation(fileNumber: SourceFileNames.number(newValue), line: line, column: column) }
    }
    /// 1-based line number; 0 when unknown.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = Int32(clamping: newValue) }
    }
    /// 1-based column number; 0 when unknown.
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = Int32(clamping: newValue) }
    }

    public init(file: String, line: Int, column: Int) {
        self.init(fileNumber: SourceFileNames.number(file), line: line, column: column)
    }

    /// A location in a file already numbered (readers number their file once, not once per node).
    @inline(__always)
    init(fileNumber: UInt32, line: Int, column: Int) {
        self.fileNumber = fileNumber
        self.storedLine = Int32(clamping: line)
        self.storedColumn = Int32(clamping: column)
    }

    /// A location for values that were not read from any text.
    public static let unknown = SourceLocation(fileNumber: 0, line: 0, column: 0)

    /// `file:line:column`, the form compilers and CI annotations use.
    public var description: String {
        let file = self.file
        return "\(file.isEmpty ? "<input>" : file):\(line):\(column)"
    }
}

/// The process-wide table behind `SourceLocation.file`: each distinct file name gets a number once
/// and keeps it (names are never removed; a process reads a bounded set of spec files).
enum SourceFileNames {
    private struct Table {
        var names: [String] = [""]
        var numbers: [String: UInt32] = ["": 0]
    }

    private static let table = Mutex(Table())

    /// The number of `name`, assigned on first use; the empty name is always 0.
    static func number(_ name: String) -> UInt32 {
        if name.isEmpty { return 0 }
        return table.withLock { table in
            if let number = table.numbers[name] { return number }
            let number = UInt32(truncatingIfNeeded: table.names.count)
            table.names.append(name)
            table.numbers[name] = number
            return number
        }
    }

    /// The name numbered `number` (empty for 0 or an unknown number).
    static func name(_ number: UInt32) -> String {
        if number == 0 { return "" }
        return table.withLock { table in
            Int(number) < table.names.count ? table.names[Int(number)] : ""
        }
    }
}
