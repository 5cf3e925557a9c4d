import ContractTesting
import OpenAPIModel
import Testing
import Validation

/// A case that leaves out a required path parameter sends a path that no longer matches the operation's
/// template (`/pets/` for `/pets/{petId}`): the 404 it gets is not one of the operation's responses, so
/// it is judged as a refusal only. Found running `specguard test` against `specguard mock` for petstore.yaml,
/// where the router's own 404 problem document was reported as breaking the operation's error schema.
@Suite struct LeavesOperationTests {
    func evaluate(leavesOperation: Bool) throws -> [CheckFailure] {
        let document = try #require(OpenAPIDocument.load(path: packageRoot + "/specs/petstore.yaml").document)
        let index = try #require(document.operations.firstIndex(where: { $0.operationId == "showPetById" }))
        let evaluator = CheckEvaluator(document: document, validator: ContractRunner.makeValidator(for: document), enabled: Set(CheckName.defaults))
        let body = Array(#"{"type":"urn:specguard:problem:not-found","title":"No operation matches the request path","status":404}"#.utf8)
        let response = HTTPResponse(status: 404, headers: HTTPHeaders([HTTPHeaderField(name: "Content-Type", value: "application/problem+json")]), body: body)
        let exchange = Exchange(request: RenderedRequest(method: "GET", target: "/v1/pets/", headers: HTTPHeaders(), body: []),
                                url: "http://127.0.0.1/v1/pets/", response: response, elapsedMilliseconds: 1)
        return evaluator.evaluate(kind: .invalid, operationIndex: index, exchange: exchange, leavesOperation: leavesOperation)
    }

    @Test func aRefusalOfARequestThatLeftTheOperationIsNotJudgedByItsResponses() throws {
        #expect(try evaluate(leavesOperation: true).isEmpty)
    }

    @Test func theSameAnswerToARequestForTheOperationIsJudged() throws {
        #expect(try evaluate(leavesOperation: false).contains(where: { $0.check == .contentTypeConformance }))
    }
}
