import CommandLineTestSupport
import Foundation
import Testing

/// `specguard lint`, `inspect` and `schema validate` end to end, through the debug binary the test build
/// produces (skipped with a message when it is not there): exit codes, and the output the README shows.
@Suite("specguard lint, inspect, schema validate (CLI)")
struct CommandLineTests {
    static let available = SpecguardCommand.available

    func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try SpecguardCommand.run(arguments)
    }

    @Test(.enabled(if: available)) func lintReadsOptionsWrittenWithAnEqualsSign() throws {
        let result = try run(["lint", "--format=json", "--ruleset=all", "specs/petstore.yaml"])
        #expect(result.status == 0)
        #expect(result.output.contains("\"findings\""))
    }

    @Test(.enabled(if: available)) func lintTakesTheLastOfARepeatedOption() throws {
        let result = try run(["lint", "--format", "plain", "--format", "json", "specs/petstore.yaml"])
        #expect(result.status == 0)
        #expect(result.output.contains("\"findings\""))
    }

    @Test(.enabled(if: available)) func lintTunesTheAllocatorAndSaysSoWhenAsked() throws {
        let result = try SpecguardCommand.runCapturingErrors(["lint", "specs/petstore.yaml"], environment: ["SPECGUARD_MALLOC_TUNING": "report"])
        #expect(result.status == 0)
        let line = try #require(result.errors.split(separator: "\n").first { $0.hasPrefix("memory tuning:") })
        if FileManager.default.fileExists(atPath: "/sys/kernel/mm/transparent_hugepage/enabled") {
            // The kernel's own flags for the advised range: `hg` is MADV_HUGEPAGE.
            #expect(line.contains("huge pages advised on"))
            let flags = try #require(line.split(separator: "VmFlags: ").last).dropLast()  // "...)"
            #expect(flags.split(separator: " ").contains("hg"))
            // Each thread heap (the linter starts several) is advised and writable past its first 2 MB at once.
            let heaps = result.errors.split(separator: "\n").filter { $0.hasPrefix("memory tuning: thread heap") }
            #expect(!heaps.isEmpty)
            for heap in heaps {
                let heapFlags = try #require(heap.split(separator: "VmFlags: ").last).dropLast().split(separator: " ")
                #expect(heapFlags.contains("hg") && heapFlags.contains("wr"), "\(heap)")
            }
        }
    }

    @Test(.enabled(if: available)) func lintReportsTheSameWithAndWithoutAllocatorTuning() throws {
        let arguments = ["lint", "--ruleset", "all", "--format", "json", "specs/petstore.yaml", "specs/shop.yaml", "specs/swagger2.yaml"]
        let tuned = try SpecguardCommand.runCapturingErrors(arguments)
        let plain = try SpecguardCommand.runCapturingErrors(arguments, environment: ["SPECGUARD_MALLOC_TUNING": "off"])
        #expect(tuned.status == plain.status)
        #expect(tuned.output == plain.output)
        #expect(tuned.output.contains("\"rule\""))
    }

    @Test(.enabled(if: available)) func lintReadsTheSameWhicheverParserReadsTheCommandLine() throws {
        // `--format json --format json` is left to ArgumentParser (a repeated option); the rest is read quickly.
        let quick = try run(["lint", "--ruleset", "all", "--format", "json", "specs/shop.yaml"])
        let slow = try run(["lint", "--ruleset", "all", "--format", "json", "--format", "json", "specs/shop.yaml"])
        #expect(quick.status == slow.status)
        #expect(quick.output == slow.output)
    }

    @Test(.enabled(if: available)) func lintOfTheBundledSpecsExitsZero() throws {
        let result = try run(["lint", "specs/petstore.yaml", "specs/shop.yaml", "specs/openapi31.yaml", "specs/swagger2.yaml"])
        #expect(result.status == 0)
        #expect(result.output.contains("specs/shop.yaml:") && result.output.contains("warning[security-oauth2-implicit]"))
    }

    @Test(.enabled(if: available)) func lintFailsOnWarningsWhenAsked() throws {
        #expect(try run(["lint", "--fail-on", "warning", "specs/shop.yaml"]).status == 1)
    }

    @Test(.enabled(if: available)) func lintGitHubFormatAnnotatesLines() throws {
        let result = try run(["lint", "--format", "github", "--ruleset", "security", "specs/petstore.yaml"])
        #expect(result.output.split(separator: "\n").contains { $0.hasPrefix("::warning file=specs/petstore.yaml,line=") })
    }

    @Test(.enabled(if: available)) func lintOfAMissingFileExitsTwo() throws {
        #expect(try run(["lint", "specs/no-such-file.yaml"]).status == 2)
    }

    @Test(.enabled(if: available)) func badUsageExitsTwo() throws {
        #expect(try run(["lint"]).status == 2)
        #expect(try run(["inspect", "--format", "xml", "specs/petstore.yaml"]).status == 2)
    }

    @Test(.enabled(if: available)) func inspectJSONHasTheDocumentedFields() throws {
        let result = try run(["inspect", "--format", "json", "specs/petstore.yaml"])
        #expect(result.status == 0)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect(object["operationCount"] as? Int == 4)
        let operations = try #require(object["operations"] as? [[String: Any]])
        #expect(operations.first?["method"] as? String == "GET")
        #expect(operations.first?["path"] as? String == "/pets")
        #expect(operations.first?["operationId"] as? String == "listPets")
    }

    /// A report that could not be written (a full disk: `/dev/full`) exited 0 (found by an audit): now 2, for a file
    /// named with `--output` and for standard output.
    /// `/dev/full` when it is the character device that fails every write with ENOSPC (in some sandboxes it is an
    /// ordinary file, which cannot stand for a full disk: the test is then skipped with a message).
    static let fullDevice: Bool = {
        var status = stat()
        let isDevice = stat("/dev/full", &status) == 0 && (status.st_mode & S_IFMT) == S_IFCHR
        if !isDevice { print("skipping the full-disk tests: /dev/full is not the full device here") }
        return isDevice
    }()

    @Test(.enabled(if: available && fullDevice)) func reportsThatCannotBeWrittenExitTwo() throws {
        #expect(try run(["lint", "--format", "json", "--output", "/dev/full", "specs/petstore.yaml"]).status == 2)
        for arguments in [["inspect", "specs/petstore.yaml"], ["lint", "--format", "json", "specs/petstore.yaml"]] {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: SpecguardCommand.binary)
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: SpecguardCommand.packageRoot)
            process.standardOutput = try #require(FileHandle(forWritingAtPath: "/dev/full"))
            process.standardError = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 2, "\(arguments)")
        }
    }

    /// A file that does not load as a document at all (empty, not JSON or YAML) leaves inspect nothing to show: exit 2
    /// like any job that could not be done (it was 1, the code for findings; found by an audit).
    @Test(.enabled(if: available)) func inspectOfSomethingThatIsNoDocumentExitsTwo() throws {
        let path = NSTemporaryDirectory() + "specguard-inspect-empty-\(UUID().uuidString).yaml"
        try Data().write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try run(["inspect", path]).status == 2)
    }

    /// A `$ref` to nothing inside a schema: the proxy refuses such a spec, and inspect said 0 errors and exited 0.
    @Test(.enabled(if: available)) func inspectReportsSchemasThatDoNotCompile() throws {
        let broken = NSTemporaryDirectory() + "specguard-inspect-broken-\(UUID().uuidString).yaml"
        try Data(SpecguardCommand.specWithAMissingSchema.utf8).write(to: URL(fileURLWithPath: broken))
        defer { try? FileManager.default.removeItem(atPath: broken) }
        let result = try SpecguardCommand.runCapturingErrors(["inspect", "--format", "json", broken])
        #expect(result.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.output.utf8)) as? [String: Any])
        #expect((object["diagnostics"] as? [String: Any])?["errors"] as? Int == 1)
        #expect(result.errors.contains("ref-missing-target"), "\(result.errors)")
    }

    @Test(.enabled(if: available)) func schemaValidateReportsEachViolationAndExitsOne() throws {
        let result = try run(["schema", "validate", "--schema", "specs/petstore.yaml#/components/schemas/Pet",
                              "specs/samples/pet-good.json", "specs/samples/pet-bad.yaml"])
        #expect(result.status == 1)
        #expect(result.output.contains(#"specs/samples/pet-bad.yaml: /id: expected integer, found string "seven""#))
        #expect(result.output.contains(#"/birthDate: string "2019-02-30" is not a valid date"#))
        #expect(!result.output.contains("pet-good.json:"))
        #expect(result.output.contains("2 instances checked, 1 invalid"))
    }

    @Test(.enabled(if: available)) func schemaValidateOfValidInstancesExitsZero() throws {
        let result = try run(["schema", "validate", "--schema", "specs/petstore.yaml#/components/schemas/Pet", "specs/samples/pet-good.json"])
        #expect(result.status == 0)
    }

    @Test(.enabled(if: available)) func schemaValidateWithAMissingSchemaExitsTwo() throws {
        #expect(try run(["schema", "validate", "--schema", "specs/missing.json", "specs/samples/pet-good.json"]).status == 2)
    }

    /// A symlink loop was reported as "no such file" by lint, inspect and validate; the reason is the system's.
    @Test(.enabled(if: available)) func aSymlinkLoopIsReportedAsSuch() throws {
        let folder = NSTemporaryDirectory() + "specguard-loop-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createSymbolicLink(atPath: folder + "/a.yaml", withDestinationPath: folder + "/b.yaml")
        try FileManager.default.createSymbolicLink(atPath: folder + "/b.yaml", withDestinationPath: folder + "/a.yaml")
        for arguments in [["lint", folder + "/a.yaml"], ["inspect", folder + "/a.yaml"], ["validate", "--spec", folder + "/a.yaml", "--request", "specs/petstore.yaml"]] {
            let result = try SpecguardCommand.runCapturingErrors(arguments)
            #expect(result.status == 2, "\(arguments)")
            #expect(result.errors.contains("too many levels of symbolic links"), "\(arguments): \(result.errors)")
        }
        #expect(try SpecguardCommand.runCapturingErrors(["lint", folder + "/none.yaml"]).errors.contains("no such file"))
    }

    /// A value that is no schema (an array, a number, a property whose schema is a string) accepted every instance:
    /// inside a spec it only warns, but here the schema is all there is, so it is refused (found by an audit).
    @Test(.enabled(if: available), arguments: ["[1, 2, 3]", "5", #"{"type": "object", "properties": {"a": "string"}}"#])
    func schemaValidateRefusesAValueThatIsNoSchema(schema: String) throws {
        let path = NSTemporaryDirectory() + "specguard-not-a-schema-\(UUID().uuidString).json"
        try Data(schema.utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try SpecguardCommand.runCapturingErrors(["schema", "validate", "--schema", path, "specs/samples/pet-good.json"])
        #expect(result.status == 2, "\(schema)")
        #expect(result.errors.contains("a schema must be an object or a boolean"), "\(schema): \(result.errors)")
        // A boolean is a schema.
        try Data("true".utf8).write(to: URL(fileURLWithPath: path))
        #expect(try run(["schema", "validate", "--schema", path, "specs/samples/pet-good.json"]).status == 0)
    }
}
