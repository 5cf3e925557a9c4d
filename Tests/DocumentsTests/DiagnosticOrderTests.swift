import Documents
import Testing

/// Sorting findings by position and removing repeats (what every report does last).
@Suite("diagnostic order and repeats")
struct DiagnosticOrderTests {
    func finding(_ code: String, _ file: String, _ line: Int, _ column: Int, message: String = "m") -> Diagnostic {
        .warning(code, message, at: SourceLocation(file: file, line: line, column: column))
    }

    @Test func sortsByFileInOrderOfFirstAppearanceThenLineAndColumnAndIsStable() {
        let list = [finding("a", "z.yaml", 5, 1), finding("b", "a.yaml", 1, 1), finding("c", "z.yaml", 2, 7),
                    finding("d", "z.yaml", 2, 3), finding("e", "z.yaml", 2, 3), finding("f", "a.yaml", 1, 1)]
        #expect(list.sortedByPosition().map(\.code) == ["d", "e", "c", "a", "b", "f"])
    }

    @Test func removesRepeatsKeepingTheFirst() {
        let list = [finding("a", "s.yaml", 1, 1), finding("b", "s.yaml", 1, 1), finding("a", "s.yaml", 1, 1),
                    finding("a", "s.yaml", 2, 1), finding("a", "s.yaml", 1, 1, message: "other")]
        let kept = list.sortedByPosition().removingRepeats()
        #expect(kept.map(\.code) == ["a", "b", "a", "a"])
        #expect(kept.map(\.message) == ["m", "m", "other", "m"])
    }

    @Test func aFindingAtTheSamePlaceWithAnotherSeverityIsNotARepeat() {
        var error = finding("a", "s.yaml", 1, 1)
        error.severity = .error
        #expect([finding("a", "s.yaml", 1, 1), error].removingRepeats().count == 2)
    }

    @Test func manyFindingsAtOnePlaceAreStillComparedAll() {
        // Past 32 findings at one place, the check switches from comparing to a set.
        let distinct = (0..<100).map { finding("rule-\($0)", "s.yaml", 3, 4) }
        let list = distinct + distinct.reversed() + distinct
        let kept = list.sortedByPosition().removingRepeats()
        #expect(kept == distinct)
    }

    @Test func theSameFileNameIsOneFile() {
        let list = [finding("a", "x.yaml", 9, 1), finding("b", "y.yaml", 1, 1), finding("c", "x" + ".yaml", 1, 1)]
        #expect(list.sortedByPosition().map(\.code) == ["c", "a", "b"])
    }
}
