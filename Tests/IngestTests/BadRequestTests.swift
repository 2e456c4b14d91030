import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("Bad requests get the error envelope and lose nothing")
struct BadRequestTests {
    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var body: String
        var status: HTTPResponse.Status
        var code: String
        var messageContains: String
        var contentType = "application/json"
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "malformed JSON", body: #"{"prompt": {"1": "#, status: .badRequest, code: "invalid_json",
             messageContains: "not valid JSON"),
        Case(name: "not an object", body: "[1, 2]", status: .badRequest, code: "invalid_request", messageContains: "JSON object"),
        Case(name: "no prompt", body: #"{"webhook_url": "https://example.com/hook"}"#, status: .badRequest,
             code: "invalid_request", messageContains: "Missing 'prompt'"),
        Case(name: "prompt not an object", body: #"{"prompt": "a cat"}"#, status: .badRequest, code: "invalid_workflow",
             messageContains: ""),
        Case(name: "node without class_type",
             body: SeedRequests.prompt(replacing: #""class_type": "VAEDecode", "#, with: ""),
             status: .badRequest, code: "invalid_workflow", messageContains: "Node 6"),
        Case(name: "numeric node id in a link (seeds/000 troubleshooting)",
             body: SeedRequests.prompt(replacing: #""clip": ["1", 1]}},"#, with: #""clip": [1, 1]}},"#),
             status: .badRequest, code: "invalid_workflow", messageContains: "Invalid node connection"),
        Case(name: "link to a missing node",
             body: SeedRequests.prompt(replacing: #""samples": ["5", 0]"#, with: #""samples": ["50", 0]"#),
             status: .badRequest, code: "invalid_workflow", messageContains: "50"),
        Case(name: "bad output index",
             body: SeedRequests.prompt(replacing: #""samples": ["5", 0]"#, with: #""samples": ["5", 3]"#),
             status: .badRequest, code: "invalid_workflow", messageContains: "Node 6"),
        Case(name: "cycle",
             body: SeedRequests.prompt(replacing: #""latent_image": ["4", 0]"#, with: #""latent_image": ["6", 0]"#),
             status: .badRequest, code: "invalid_workflow", messageContains: "cycle"),
        Case(name: "no output node",
             body: SeedRequests.prompt(replacing: #""class_type": "SaveImage""#, with: #""class_type": "VAEEncode""#),
             status: .badRequest, code: "invalid_workflow", messageContains: "output"),
        Case(name: "plain-HTTP webhook",
             body: #"{"prompt": \#(SeedRequests.workflow), "webhook_url": "http://example.com/hook"}"#,
             status: .badRequest, code: "invalid_webhook_url", messageContains: "HTTPS"),
        Case(name: "webhook into the private network",
             body: #"{"prompt": \#(SeedRequests.workflow), "webhook": "https://10.0.0.7/hook"}"#,
             status: .badRequest, code: "invalid_webhook_url", messageContains: "private"),
        Case(name: "priority out of range",
             body: #"{"prompt": \#(SeedRequests.workflow), "priority": 1000}"#,
             status: .badRequest, code: "invalid_request", messageContains: "priority"),
        Case(name: "form-encoded body", body: "prompt=x", status: .unsupportedMediaType, code: "unsupported_media_type",
             messageContains: "application/json", contentType: "application/x-www-form-urlencoded"),
    ]

    @Test("each malformed submission is refused with its code, the envelope and the request id; nothing is accepted")
    func refused() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest { client in
            for badCase in Self.cases {
                let response = try await client.request(.post, "/v1/jobs", key: key, json: badCase.body,
                                                        headers: [.contentType: badCase.contentType])
                #expect(response.status == badCase.status, "\(badCase): \(response.text)")
                let error = try #require(response.json["error"] as? [String: Any], "\(badCase): \(response.text)")
                #expect(error["code"] as? String == badCase.code, "\(badCase): \(response.text)")
                let message = error["message"] as? String ?? ""
                #expect(badCase.messageContains.isEmpty || message.contains(badCase.messageContains), "\(badCase): \(message)")
                #expect(error.keys.contains("details") && error.keys.contains("retry_after"), "\(badCase)")
                #expect(error["request_id"] as? String == response.headers[HTTPField.Name("X-Request-ID")!], "\(badCase)")
            }
            let list = try await client.request(.get, "/v1/jobs", key: key)
            #expect((list.json["jobs"] as? [Any])?.isEmpty == true)
        }
    }

    @Test("bodies over the configured size are 413; unknown routes 404; wrong methods 405 with Allow")
    func sizeRoutesAndMethods() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        try await harness.withIngest(configure: { $0.maxBodyBytes = 4096 }) { client in
            let big = #"{"prompt": \#(SeedRequests.workflow), "metadata": {"pad": "\#(String(repeating: "x", count: 5000))"}}"#
            let tooLarge = try await client.request(.post, "/v1/jobs", key: key, json: big)
            #expect(tooLarge.status == .contentTooLarge)
            #expect(tooLarge.errorCode == "payload_too_large")

            let missing = try await client.request(.get, "/v1/nothing-here", key: key)
            #expect(missing.status == .notFound)
            #expect(missing.errorCode == "not_found")

            let wrongMethod = try await client.request(.put, "/v1/jobs", key: key, json: "{}")
            #expect(wrongMethod.status == .methodNotAllowed)
            #expect(wrongMethod.errorCode == "method_not_allowed")
            #expect(wrongMethod.headers[.allow]?.contains("POST") == true)

            // The seed request still goes through after all that.
            #expect(try await client.request(.post, "/v1/jobs", key: key, json: SeedRequests.quickstart).status == .accepted)
        }
    }
}
