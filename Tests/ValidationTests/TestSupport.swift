import Documents
@testable import Validation

/// Parses JSON text for expectations; an invalid literal gives `null` so the test fails visibly.
func json(_ text: String) -> JSONValue {
    (try? JSONReader.read(text).value) ?? JSONValue(.string("<invalid test JSON: \(text)>"))
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

extension Result {
    var success: Success? {
        if case .success(let value) = self { return value }
        return nil
    }

    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}

extension ParameterValue {
    var json: JSONValue? {
        if case .value(let value) = self { return value }
        return nil
    }
}
