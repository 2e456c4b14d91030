import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

@Suite("API keys and tenants")
struct AuthenticationTests {
    @Test("missing, malformed, unknown and revoked keys get 401 with their own codes")
    func refusedKeys() async throws {
        let harness = try await IngestHarness.make()
        let key = try await harness.key()
        let doomed = try await harness.key(name: "doomed")
        try await harness.withIngest { client in
            let missing = try await client.request(.get, "/v1/jobs")
            #expect(missing.status == .unauthorized)
            #expect(missing.errorCode == "missing_auth")

            for header in ["Basic dXNlcjpwYXNz", "Bearer", "Bearer sk_live_short", key] {
                let response = try await client.request(.get, "/v1/jobs", headers: [.authorization: header])
                #expect(response.status == .unauthorized, "\(header)")
                #expect(response.errorCode == "invalid_auth_format", "\(header)")
            }

            let unknown = "sk_live_" + String(repeating: "A", count: 43)
            let unknownResponse = try await client.request(.get, "/v1/jobs", key: unknown)
            #expect(unknownResponse.status == .unauthorized)
            #expect(unknownResponse.errorCode == "invalid_api_key")
            #expect(!unknownResponse.text.contains(unknown), "a presented key is never echoed")

            #expect(try await client.request(.get, "/v1/jobs", key: doomed).status == .ok)
            try await harness.revoke(doomed)
            let (revoked, _) = try await client.eventually("/v1/jobs", key: doomed) { response, _ in
                response.status == .unauthorized
            }
            #expect(revoked.errorCode == "revoked_api_key")
            #expect(try await client.request(.get, "/v1/jobs", key: key).status == .ok)
        }
    }

    @Test("a tenant never sees another tenant's job: 404 on read, cancel and events; absent from lists")
    func tenantIsolation() async throws {
        let harness = try await IngestHarness.make()
        let alice = try await harness.key(name: "alice", tenant: "tenant-alice")
        let aliceSecondKey = try await harness.key(name: "alice-ci", tenant: "tenant-alice")
        let bob = try await harness.key(name: "bob", tenant: "tenant-bob")
        try await harness.withIngest { client in
            let submitted = try await client.request(.post, "/v1/jobs", key: alice, json: SeedRequests.quickstart)
            let jobID = try #require(submitted.json["job_id"] as? String)
            for (method, path) in [(HTTPRequest.Method.get, "/v1/jobs/\(jobID)"), (.post, "/v1/jobs/\(jobID)/cancel"),
                                   (.delete, "/v1/jobs/\(jobID)"), (.get, "/v1/jobs/\(jobID)/events")] {
                let response = try await client.request(method, path, key: bob)
                #expect(response.status == .notFound, "\(method) \(path)")
                #expect(response.errorCode == "job_not_found", "\(method) \(path)")
            }
            let bobs = try await client.request(.get, "/v1/jobs", key: bob)
            #expect((bobs.json["jobs"] as? [Any])?.isEmpty == true)
            // Another key of the same tenant sees it.
            #expect(try await client.request(.get, "/v1/jobs/\(jobID)", key: aliceSecondKey).status == .ok)
        }
    }
}
