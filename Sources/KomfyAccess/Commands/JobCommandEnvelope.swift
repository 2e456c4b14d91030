import Foundation
import KomfyEvents

/// One record value of `komfy.job-commands`: `{type, version, key_id, issued_at, body}`.
///
/// The record's Kafka key is the body's `client_reference`, so all commands about one job share a
/// partition and are read in order; its `komfy-signature` header signs the value (`CommandSigner`).
public struct JobCommandEnvelope: Sendable, Hashable {
    /// The key that signs the record; its tenant owns the job.
    public var keyID: ApiKeyID
    /// When the partner issued the command, by the partner's clock.
    public var issuedAt: Timestamp
    public var command: JobCommand

    public init(keyID: ApiKeyID, issuedAt: Timestamp, command: JobCommand) {
        self.keyID = keyID
        self.issuedAt = issuedAt
        self.command = command
    }

    /// The value's bytes: compact JSON with sorted keys and unescaped slashes, the same bytes every time.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch command {
        case .submit(let submit): return try encoder.encode(WireCommand(self, body: submit))
        case .cancel(let cancel): return try encoder.encode(WireCommand(self, body: cancel))
        }
    }

    /// The whole record as a partner writes it: key, value and signature header.
    public func signedRecord(keyDigest: ApiKeyDigest) throws -> (key: String, value: Data, signatureHeader: String) {
        let value = try encoded()
        return (command.clientReference, value, CommandSigner.sign(body: value, keyDigest: keyDigest))
    }
}

/// The envelope as written, with the body's own type.
struct WireCommand<Body: JobCommandBody>: Codable {
    var type: String
    var version: Int
    var keyID: ApiKeyID
    var issuedAt: Timestamp
    var body: Body

    init(_ envelope: JobCommandEnvelope, body: Body) {
        type = Body.commandType
        version = Body.schemaVersion
        keyID = envelope.keyID
        issuedAt = envelope.issuedAt
        self.body = body
    }

    enum CodingKeys: String, CodingKey {
        case type, version, body
        case keyID = "key_id"
        case issuedAt = "issued_at"
    }
}
