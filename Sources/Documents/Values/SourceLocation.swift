/// Where a node of a document starts: file, 1-based line and 1-based column.
///
/// Columns count Unicode scalars from the start of the line, the way editors
/// and CI annotations count them.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file the node was read from, as given to the loader (empty for in-memory text).
    public var file: String
    /// 1-based line number; 0 when unknown.
    public var line: Int
    /// 1-based column number; 0 when unknown.
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// A location for values that were not read from any text.
    public static let unknown = SourceLocation(file: "", line: 0, column: 0)

    /// `file:line:column`, the form compilers and CI annotations use.
    public var description: String {
        "\(file.isEmpty ? "<input>" : file):\(line):\(column)"
    }
}
