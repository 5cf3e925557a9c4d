import Testing
import Documents
@testable import Validation

@Suite("Exchange: parameters")
struct ExchangeParameterTests {
    func verdict(_ target: String, headers: [(String, String)] = []) throws -> RequestVerdict {
        try #require(shop).validate(request: request("GET", target, headers: headers))
    }

    // MARK: Query styles, both ways

    @Test func formExplodedArrayAcceptsRepeatedPairs() throws {
        #expect(try verdict("/api/v1/products?ids=3&ids=7").isValid)
    }

    @Test func formExplodedArrayItemsAreTyped() throws {
        let found = try verdict("/api/v1/products?ids=3&ids=seven")
        #expect(found.keywords == ["type"], "\(found.summary)")
        #expect(found.violations.first?.location == .query)
    }

    @Test func formUnexplodedArrayReadsCommaList() throws {
        #expect(try verdict("/api/v1/products?tags=sale,new").isValid)
    }

    @Test func formUnexplodedArrayChecksMaxItems() throws {
        let found = try verdict("/api/v1/products?tags=a,b,c,d,e,f")
        #expect(found.keywords == ["maxItems"], "\(found.summary)")
    }

    @Test func formUnexplodedArrayRepeatedIsPollution() throws {
        let found = try verdict("/api/v1/products?tags=a&tags=b")
        #expect(found.keywords == ["repeated"], "\(found.summary)")
    }

    @Test func repeatedScalarQueryParameterIsPollution() throws {
        let found = try verdict("/api/v1/products?q=a&q=b")
        #expect(found.keywords == ["repeated"], "\(found.summary)")
        #expect(found.status == 400)
    }

    @Test func spaceDelimitedReadsSpaces() throws {
        #expect(try verdict("/api/v1/products?sizes=M%20L").isValid)
        #expect(try verdict("/api/v1/products?sizes=M%20XXL").keywords == ["enum"])
    }

    @Test func pipeDelimitedReadsPipes() throws {
        #expect(try verdict("/api/v1/products?colors=red|blue").isValid)
    }

    @Test func deepObjectReadsBracketedKeys() throws {
        #expect(try verdict("/api/v1/products?filter%5BminPrice%5D=10&filter%5Bbrand%5D=acme").isValid)
        #expect(try verdict("/api/v1/products?filter[minPrice]=10").isValid)
    }

    @Test func deepObjectTypesAndAdditionalPropertiesAreChecked() throws {
        #expect(try verdict("/api/v1/products?filter[minPrice]=cheap").keywords == ["type"])
        #expect(try verdict("/api/v1/products?filter[colour]=red").keywords == ["additionalProperties"])
    }

    @Test func formUnexplodedObjectReadsKeyValueList() throws {
        #expect(try verdict("/api/v1/products?range=from,1,to,9").isValid)
        #expect(try verdict("/api/v1/products?range=from,1,to,nine").keywords == ["type"])
    }

    @Test func contentEncodedQueryParameterIsParsedAsJSON() throws {
        #expect(try verdict("/api/v1/products?where=%7B%22category%22%3A%22shoes%22%2C%22inStock%22%3Atrue%7D").isValid)
        #expect(try verdict("/api/v1/products?where=%7B%22inStock%22%3A%22yes%22%7D").keywords == ["type"])
        #expect(try verdict("/api/v1/products?where=%7Bnot-json").keywords == ["content"])
    }

    @Test func allowEmptyValueAcceptsEmptyOnlyWhereDeclared() throws {
        #expect(try verdict("/api/v1/products?includeDrafts=").isValid)
        #expect(try verdict("/api/v1/products?page=").keywords == ["allowEmptyValue"])
    }

    @Test func typedCoercionRejectsNonIntegers() throws {
        #expect(try verdict("/api/v1/products?page=2").isValid)
        #expect(try verdict("/api/v1/products?page=2.5").keywords == ["type"])
        #expect(try verdict("/api/v1/products?page=0").keywords == ["minimum"])
    }

    @Test func unknownQueryParametersAreAllowedByDefault() throws {
        #expect(try verdict("/api/v1/products?utm_source=mail").isValid)
    }

    @Test func unknownQueryParametersAreRejectedWhenConfigured() throws {
        let strict = try #require(shopValidator(ValidationOptions(unknownQueryParameters: .reject)))
        let found = strict.validate(request: request("GET", "/api/v1/products?utm_source=mail&filter[brand]=x"))
        #expect(found.keywords == ["unknownParameter"], "\(found.summary)")
        #expect(found.violations.first?.name == "utm_source")
    }

    @Test func reservedCharactersAreRejectedOnlyInStrictMode() throws {
        #expect(try verdict("/api/v1/products?q=a/b:c").isValid)
        var options = ValidationOptions()
        options.strictReservedCharacters = true
        let strict = try #require(shopValidator(options))
        #expect(strict.validate(request: request("GET", "/api/v1/products?q=a/b:c")).keywords == ["allowReserved"])
    }

    // MARK: Path styles

    @Test func simplePathParameterIsTyped() throws {
        #expect(try verdict("/api/v1/products/7").isValid)
        #expect(try verdict("/api/v1/products/seven").keywords == ["type"])
        #expect(try verdict("/api/v1/products/0").keywords == ["minimum"])
    }

    @Test func matrixUnexplodedArrayReadsCommaList() throws {
        let ok = try verdict("/api/v1/reports/;period=2025,2026", headers: [("Authorization", "Basic YWRhOnNlY3JldA==")])
        #expect(ok.isValid, "\(ok.summary)")
        let low = try verdict("/api/v1/reports/;period=1999", headers: [("Authorization", "Basic YWRhOnNlY3JldA==")])
        #expect(low.keywords == ["minimum"])
    }

    @Test func matrixWithoutPrefixIsAStyleViolation() throws {
        let found = try verdict("/api/v1/reports/2025", headers: [("Authorization", "Basic YWRhOnNlY3JldA==")])
        #expect(found.keywords == ["style"])
    }

    @Test func labelExplodedArrayReadsDots() throws {
        #expect(try verdict("/api/v1/labels/.ABC.XYZ").isValid)
        #expect(try verdict("/api/v1/labels/.ABC.xy").keywords == ["pattern"])
        #expect(try verdict("/api/v1/labels/ABC").keywords == ["style"])
    }

    @Test func mixedSegmentTemplateParametersAreChecked() throws {
        #expect(try verdict("/api/v1/products/7/images/side-view.png").isValid)
        #expect(try verdict("/api/v1/products/7/images/side-view.gif").keywords == ["enum"])
    }

    // MARK: Headers and cookies

    @Test func headerWithFormatIsChecked() throws {
        #expect(try verdict("/api/v1/products", headers: [("X-Request-ID", "2f1c9e7a-4b8d-4c3e-9f1a-6d2b7c8e9f00")]).isValid)
        #expect(try verdict("/api/v1/products", headers: [("X-Request-ID", "not-a-uuid")]).keywords == ["format"])
    }

    @Test func headerExplodedObjectReadsKeyEqualsValue() throws {
        #expect(try verdict("/api/v1/products", headers: [("X-Feature-Flags", "beta=on,layout=grid")]).isValid)
    }

    @Test func headerUnexplodedArrayReadsCommaList() throws {
        #expect(try verdict("/api/v1/products", headers: [("X-Sort", "price, name")]).isValid)
    }

    @Test func cookieUnexplodedArrayIsTyped() throws {
        #expect(try verdict("/api/v1/products", headers: [("Cookie", "recent=4,8,15; session_hint=abc")]).isValid)
        #expect(try verdict("/api/v1/products", headers: [("Cookie", "recent=4,x")]).keywords == ["type"])
    }

    @Test func requiredParameterMissingIsReported() throws {
        let yaml = """
        openapi: 3.0.3
        info: {title: t, version: "1"}
        paths:
          /items:
            get:
              parameters:
                - {name: limit, in: query, required: true, schema: {type: integer}}
                - {name: X-Tenant, in: header, required: true, schema: {type: string}}
              responses: {"200": {description: ok}}
        """
        let validator = try #require(makeValidator(yaml: yaml))
        let found = validator.validate(request: request("GET", "/items"))
        #expect(found.keywords == ["required", "required"])
        #expect(found.violations.map(\.name) == ["limit", "X-Tenant"])
    }
}
