import Foundation
@testable import Sidecar

/// The contract the bypass suite attacks: a public read, a protected delete on the same path, a strict
/// JSON body, constrained query and header parameters, a free-form path parameter and a protected route.
let bypassSpec = """
openapi: 3.1.0
info: {title: Bypass, version: "1"}
paths:
  /items/{id}:
    parameters:
      - {name: id, in: path, required: true, schema: {type: integer, minimum: 1, maximum: 1000}}
    get:
      operationId: getItem
      responses: {"200": {description: ok}}
    delete:
      operationId: deleteItem
      security: [{adminKey: []}]
      responses: {"204": {description: deleted}}
  /items:
    post:
      operationId: createItem
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              required: [name]
              additionalProperties: false
              properties:
                name: {type: string, maxLength: 20}
                role: {type: string, enum: [user]}
                quantity: {type: integer, minimum: 1, maximum: 100}
                price: {type: number, maximum: 1000}
      responses: {"201": {description: created}}
  /uploads:
    post:
      operationId: upload
      requestBody:
        required: true
        content:
          application/octet-stream:
            schema: {type: string, format: binary}
      responses: {"201": {description: created}}
  /subscriptions:
    post:
      operationId: subscribe
      requestBody:
        required: true
        content:
          application/x-www-form-urlencoded:
            schema: {type: object, properties: {email: {type: string}}}
          multipart/form-data:
            schema: {type: object, properties: {email: {type: string}, role: {type: string, enum: [user]}}}
      responses: {"201": {description: created}}
  /search:
    get:
      operationId: search
      parameters:
        - {name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100}}
        - {name: q, in: query, schema: {type: string, maxLength: 10}}
        - {name: sort_by, in: query, schema: {type: string, enum: [name, date]}}
        - {name: X-Tenant, in: header, schema: {type: string, enum: [public]}}
      responses: {"200": {description: ok}}
  /profiles:
    post:
      operationId: saveProfile
      requestBody:
        required: true
        content:
          application/json:
            schema:
              type: object
              properties:
                role: {type: string, enum: [user]}
                isAdmin: {type: boolean, const: false}
                kind: {type: string, enum: [person]}
      responses: {"201": {description: saved}}
  /notes/{title}:
    get:
      operationId: getNote
      parameters:
        - {name: title, in: path, required: true, schema: {type: string}}
      responses: {"200": {description: ok}}
  /admin/stats:
    get:
      operationId: adminStats
      security: [{adminKey: []}]
      responses: {"200": {description: ok}}
components:
  securitySchemes:
    adminKey: {type: apiKey, in: header, name: X-Admin-Key}
"""

/// How a lenient service behind the proxy would route a request: it strips `;` parameters, decodes each
/// segment once, drops empty segments, resolves dot segments and takes absolute-form targets by their path.
/// A forwarded request must land on the operation the proxy validated even under these rules.
enum LenientServiceRouter {
    static let routes: [(method: String, template: [String], operationId: String)] = [
        ("GET", ["items", "{}"], "getItem"), ("DELETE", ["items", "{}"], "deleteItem"), ("POST", ["items"], "createItem"),
        ("GET", ["search"], "search"), ("POST", ["subscriptions"], "subscribe"), ("POST", ["profiles"], "saveProfile"), ("GET", ["notes", "{}"], "getNote"), ("GET", ["admin", "stats"], "adminStats"),
    ]

    static func operationId(method: String, target: String) -> String? {
        var path = Substring(target)
        if !path.hasPrefix("/"), let scheme = path.range(of: "://") {
            let rest = path[scheme.upperBound...]
            path = rest.firstIndex(of: "/").map { rest[$0...] } ?? "/"
        }
        if let query = path.firstIndex(of: "?") { path = path[..<query] }
        var segments: [String] = []
        for raw in path.split(separator: "/") {
            let withoutParameters = raw.split(separator: ";", omittingEmptySubsequences: false).first ?? ""
            let decoded = String(withoutParameters).removingPercentEncoding ?? String(withoutParameters)
            switch decoded {
            case "", ".": continue
            case "..": if !segments.isEmpty { segments.removeLast() }
            default: segments.append(decoded)
            }
        }
        for route in routes where route.method == method && route.template.count == segments.count {
            if zip(route.template, segments).allSatisfy({ $0 == "{}" || $0 == $1 }) { return route.operationId }
        }
        return nil
    }
}

/// Request builders for the table.
enum Wire {
    static func get(_ target: String, _ headers: [String] = ["Host: h"], version: String = "HTTP/1.1") -> [UInt8] {
        Array("GET \(target) \(version)\r\n\(headers.map { $0 + "\r\n" }.joined())\r\n".utf8)
    }

    static func request(_ method: String, _ target: String, _ headers: [String] = ["Host: h"]) -> [UInt8] {
        Array("\(method) \(target) HTTP/1.1\r\n\(headers.map { $0 + "\r\n" }.joined())\r\n".utf8)
    }

    /// A POST with a Content-Length body; `contentType` nil leaves the header out.
    static func post(_ body: [UInt8], contentType: String? = "application/json", headers: [String] = [], target: String = "/items") -> [UInt8] {
        var head = "POST \(target) HTTP/1.1\r\nHost: h\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        for header in headers { head += header + "\r\n" }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    static func post(_ body: String, contentType: String? = "application/json", headers: [String] = [], target: String = "/items") -> [UInt8] {
        post(Array(body.utf8), contentType: contentType, headers: headers, target: target)
    }

    /// A chunked POST: `transferEncoding` lines as given, then the raw chunked body text.
    static func chunked(_ chunkedBody: String, transferEncoding: [String] = ["Transfer-Encoding: chunked"], version: String = "HTTP/1.1") -> [UInt8] {
        Array("POST /items \(version)\r\nHost: h\r\nContent-Type: application/json\r\n\(transferEncoding.map { $0 + "\r\n" }.joined())\r\n\(chunkedBody)".utf8)
    }

    static let validBody = #"{"name":"apple"}"#
}
