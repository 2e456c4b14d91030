import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import KomfyAccess
@testable import KomfyIngest
import KomfyJobs
import Testing

/// docs/openapi.json (also served at `/openapi.json`), docs/api.md and the code describe the same
/// API: the same routes, every error code a client can get. Routes and codes are read from the
/// sources, so a new route or code fails here until it is documented. Pure: no broker.
@Suite("The API documents match the code")
struct OpenAPIDocumentTests {
    @Test("the served document is docs/openapi.json byte for byte, and is an OpenAPI 3.1 JSON document")
    func embedded() throws {
        let file = try Repository.text("docs/openapi.json")
        // Compared apart from the expectation, so a mismatch does not print the whole document twice.
        let embeddedIsFile = OpenAPIDocument.json == file
        #expect(embeddedIsFile, "docs/openapi.json changed: run deploy/local/embed_openapi.py")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(OpenAPIDocument.json.utf8)) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
    }

    @Test("GET /openapi.json serves it as JSON without a key; other methods are 405 with Allow: GET")
    func served() async throws {
        let routes = RouteTable()
        let router = Router(context: IngestRequestContext.self)
        router.add(middleware: RequestIDMiddleware())
        router.add(middleware: ErrorEnvelopeMiddleware(routes: routes))
        OpenAPIController().register(on: router, routes: routes)
        try await Application(router: router).test(.router) { client in
            let response = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json; charset=utf-8")
            #expect(String(buffer: response.body) == OpenAPIDocument.json)
            let post = try await client.execute(uri: "/openapi.json", method: .post)
            #expect(post.status == .methodNotAllowed)
            #expect(post.headers[.allow] == "GET")
        }
    }

    @Test("every route the controllers register is in the document's paths and docs/api.md, and nothing else is")
    func routes() throws {
        let registered = try Repository.registeredRoutes()
        #expect(registered.count >= 10, "the route pattern no longer matches the controllers: \(registered)")
        let documented = try Repository.documentedRoutes()
        #expect(registered.subtracting(documented).isEmpty,
                "registered but not in docs/openapi.json: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty,
                "in docs/openapi.json but registered by no controller: \(documented.subtracting(registered).sorted())")
        let reference = try Repository.text("docs/api.md")
        let missing = registered.filter { route in
            let parts = route.split(separator: " ")
            return !reference.contains("| `\(parts[0])` | `\(parts[1])` |")
        }
        #expect(missing.isEmpty, "not in the route table of docs/api.md: \(missing.sorted())")
    }

    @Test("every error code the API can answer with is in docs/api.md's tables and in the document's examples")
    func errorCodes() throws {
        let codes = try Repository.apiErrorCodes()
        for expected in ["invalid_workflow", "job_not_found", "missing_auth", "queue_full"] {
            #expect(codes.contains(expected), "the code patterns no longer find \(expected): \(codes.sorted())")
        }
        let reference = try Repository.text("docs/api.md")
        let undocumented = codes.filter { !reference.contains("| `\($0)` |") }
        #expect(undocumented.isEmpty, "error codes missing from docs/api.md: \(undocumented.sorted())")
        let document = try Repository.text("docs/openapi.json")
        let noExample = codes.filter { !document.contains(#""code": "\#($0)""#) }
        #expect(noExample.isEmpty, "error codes without an example in docs/openapi.json: \(noExample.sorted())")
    }

    @Test("workflow issue codes and job error codes are in docs/api.md; the document's enums are the code's")
    func valueVocabularies() throws {
        let reference = try Repository.text("docs/api.md")
        let issueCodes = try Repository.matches(#"case \w+ = "([a-z_]+)""#,
                                                in: "Sources/KomfyWorkflow/Structure/StructureIssue.swift")
        let jobErrorCodes = try Repository.matches(#"JobErrorCode\(rawValue: "([a-z_]+)"\)"#,
                                                   in: "Sources/KomfyEvents/JobEvents/JobEventValues.swift")
        #expect(issueCodes.count >= 8 && jobErrorCodes.count >= 8)
        let undocumented = (issueCodes + jobErrorCodes).filter { !reference.contains("| `\($0)` |") }
        #expect(undocumented.isEmpty, "codes missing from docs/api.md: \(undocumented)")

        let schemas = try #require(try Repository.document()["components"] as? [String: Any])["schemas"] as? [String: Any]
        func enumeration(_ schema: String, _ property: String) -> [String]? {
            ((schemas?[schema] as? [String: Any])?["properties"] as? [String: Any])
                .flatMap { $0[property] as? [String: Any] }?["enum"] as? [String]
        }
        #expect(enumeration("Job", "status") == JobStatus.allCases.map(\.rawValue))
        #expect(enumeration("Job", "phase") == JobPhase.allCases.map(\.rawValue))
        #expect(enumeration("StructureIssue", "code") == issueCodes)
    }
}

/// The repository's files, found from this file's path.
private enum Repository {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    static func document() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text("docs/openapi.json").utf8)) as? [String: Any] ?? [:]
    }

    /// `"GET /v1/jobs/{id}"` for every `routes.add(.get, "/v1/jobs/:id")` in the controllers.
    static func registeredRoutes() throws -> Set<String> {
        let folder = "Sources/Services/Ingest/HTTP/Controllers"
        var routes = Set<String>()
        for file in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
        where file.hasSuffix(".swift") {
            for match in try groups(#"routes\.add\(\.([a-z]+),\s*"([^"]+)"\)"#, in: text("\(folder)/\(file)")) {
                let path = match[1].split(separator: "/", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
                routes.insert("\(match[0].uppercased()) \(path)")
            }
        }
        return routes
    }

    /// `"GET /v1/jobs/{id}"` for every operation in docs/openapi.json.
    static func documentedRoutes() throws -> Set<String> {
        let methods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]
        let paths = try document()["paths"] as? [String: [String: Any]] ?? [:]
        return Set(paths.flatMap { path, item in
            item.keys.filter(methods.contains).map { "\($0.uppercased()) \(path)" }
        })
    }

    /// The `code` of every `APIError` in the ingest service, and the codes of `AccessError` that have an
    /// HTTP status (the 401s and 429s the middlewares pass on).
    static func apiErrorCodes() throws -> Set<String> {
        let folder = root.appendingPathComponent("Sources/Services/Ingest")
        var codes = Set<String>()
        let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        for file in files {
            let source = try String(contentsOf: file, encoding: .utf8)
            codes.formUnion(try groups(#"APIError\([^,]+, "([a-z_]+)""#, in: source).map { $0[0] })
        }
        let accessCodes = try matches(#"Code\(rawValue: "([a-z_]+)"\)"#, in: "Sources/KomfyAccess/AccessError.swift")
        codes.formUnion(accessCodes.filter { AccessError.Code(rawValue: $0).httpStatus != nil })
        return codes
    }

    /// The first capture group of every match of `pattern` in the file at `path`, in order.
    static func matches(_ pattern: String, in path: String) throws -> [String] {
        try groups(pattern, in: text(path)).map { $0[0] }
    }

    /// The capture groups of every match of `pattern` in `text`.
    static func groups(_ pattern: String, in text: String) throws -> [[String]] {
        let expression = try NSRegularExpression(pattern: pattern)
        let range = NSRange(text.startIndex..., in: text)
        return expression.matches(in: text, range: range).map { match in
            (1..<match.numberOfRanges).map { index in
                Range(match.range(at: index), in: text).map { String(text[$0]) } ?? ""
            }
        }
    }
}
