import Linting
import Testing

/// `LintArguments.quickly`: the lint command lines it reads itself, and the ones it leaves to ArgumentParser.
@Suite("lint arguments read without ArgumentParser")
struct LintArgumentsTests {
    @Test func readsFilesAndOptionsInAnyOrder() {
        let read = LintArguments.quickly(["a.yaml", "--format", "json", "b.json", "--ruleset=all", "--output", "out.json",
                                          "--fail-on", "warning", "--config", "c.yaml"])
        #expect(read == LintArguments(files: ["a.yaml", "b.json"], format: "json", failOn: "warning", config: "c.yaml",
                                      ruleset: "all", output: "out.json"))
    }

    @Test func defaultsMatchTheCommand() {
        #expect(LintArguments.quickly(["spec.yaml"]) == LintArguments(files: ["spec.yaml"]))
        #expect(LintArguments.quickly(["spec.yaml"])?.failOn == "error")
    }

    @Test func valueMayContainAnEqualsSign() {
        #expect(LintArguments.quickly(["--output=a=b.json", "s.yaml"])?.output == "a=b.json")
    }

    @Test(arguments: [
        ["--help"], ["-h"], ["--list-rules"], ["--", "spec.yaml"], ["-"], [""],
        ["--format", "json", "--format", "plain", "s.yaml"],      // repeated: ArgumentParser takes the last
        ["--format", "xml", "s.yaml"], ["--ruleset", "most", "s.yaml"], ["--fail-on", "never", "s.yaml"],
        ["--format"], ["--format="], ["--format", "--ruleset", "all", "s.yaml"], ["--verbose", "s.yaml"],
        ["--format", "json"],                                       // no file
        [],
    ])
    func leavesEverythingElseToArgumentParser(arguments: [String]) {
        #expect(LintArguments.quickly(arguments) == nil)
    }

    @Test func problemsAreTheUsageErrors() {
        #expect(LintArguments().problem == "give at least one file")
        #expect(LintArguments(files: ["s"], format: "xml").problem?.hasPrefix("unknown format `xml`") == true)
        #expect(LintArguments(files: ["s"], failOn: "x").problem == "--fail-on must be error, warning or info")
        #expect(LintArguments(files: ["s"], ruleset: "x").problem?.hasPrefix("unknown rule set `x`") == true)
        #expect(LintArguments(listRules: true).problem == nil)
    }
}
