import ContractTesting
import OpenAPIModel
import Testing
import Validation

/// A case that leaves out a required path parameter sends a path that no longer matches the operation's
/// template (`/pets/` for `/pets/{petId}`): the 404 it gets is not one of the operation's responses, so
/// it is judged as a refusal only. Found running `specguard test` against `specguard mock` for petstore.yaml,
/// where the router's own 404 was reported as breaking the operation's declared error responses.
@Suite struct LeavesOperationTests {
    func evaluate(leavesOperation: Bool) throws -> [CheckFailure] {
        let document = try #require(OpenAPIDocument.load(path: packageRoot + "/specs/petstore.yaml").document)
        let index = try #require(document.operations.firstIndex(where: { $0.operationId == "showPetById" }))
        let evaluator = CheckEvaluator(document: document, validator: ContractRunner.makeValidator(for: document), enabled: Set(CheckName.defaults))
        // A front server's own 404 page: not what the operation declares for its errors.
        let response = HTTPResponse(status: 404, headers: HTTPHeaders([HTTPHeaderField(name: "Content-Type", value: "text/html")]),
                                    body: Array("<h1>Not Found</h1>".utf8))
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
