import Documents
import Linting
import Testing

/// The OpenAPI Initiative's example specs give no errors under `recommended`.
@Suite struct ExampleSpecsTests {
    @Test(.enabled(if: testdataAvailable, "needs ../shared/testdata"))
    func officialExamplesHaveNoErrorsUnderRecommended() {
        let specs = files(under: testdataRoot + "/oas/examples", suffixes: [".yaml", ".json"]).filter {
            // Fragments of the multi-file example are not documents on their own.
            !$0.contains("petstore-separate/common/") && !$0.hasSuffix("spec/Pet.yaml") && !$0.hasSuffix("spec/Pet.json")
                && !$0.hasSuffix("spec/NewPet.yaml") && !$0.hasSuffix("spec/NewPet.json")
                && !$0.hasSuffix("spec/parameters.yaml") && !$0.hasSuffix("spec/parameters.json")
        }
        #expect(specs.count > 30)
        let linter = Linter()
        for spec in specs {
            let errors = linter.lint(path: spec).findings.filter { $0.severity == .error }
            #expect(errors.isEmpty, "\(spec):\n\(describe(errors))")
        }
    }
}
